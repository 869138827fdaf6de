package io.palisade.mud.policy;

import io.palisade.mud.model.Ace;
import io.palisade.mud.model.Acl;
import io.palisade.mud.model.AclType;
import io.palisade.mud.model.Direction;
import io.palisade.mud.model.Forwarding;
import io.palisade.mud.model.IpMatch;
import io.palisade.mud.model.L4Match;
import io.palisade.mud.model.Matches;
import io.palisade.mud.model.MudMatch;
import io.palisade.mud.model.MudProfile;
import io.palisade.mud.model.PortMatch;
import io.palisade.mud.net.Cidr;
import io.palisade.mud.net.IpAddress;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;

/**
 * Deterministic, realistic synthetic MUD profiles and flows for benchmarks and load tests (the real corpus is
 * test-only). Profiles resemble real device profiles: cloud services by DNS name with device-initiated TCP, NTP and
 * DNS through the site's controllers, local-network services, same-manufacturer and my-controller peers, some
 * explicit drops, and 4 to about 40 ACEs per direction. All devices live in {@link #DEVICE_NETWORK}; cloud names
 * resolve through {@link #dns} to addresses in 198.18.0.0/15 (benchmark range).
 */
public final class SyntheticProfiles {
    /** Where {@link #deviceAddress} puts devices. */
    public static final Cidr DEVICE_NETWORK = Cidr.parse("10.0.0.0/8");
    /** Site DNS / NTP controllers. */
    public static final IpAddress DNS_SERVER = IpAddress.of("192.168.0.53");
    public static final IpAddress NTP_SERVER = IpAddress.of("192.168.0.123");
    public static final IpAddress MY_CONTROLLER = IpAddress.of("192.168.0.10");

    private static final URI DNS = URI.create("urn:ietf:params:mud:dns");
    private static final URI NTP = URI.create("urn:ietf:params:mud:ntp");
    private static final int[] CLOUD_PORTS = {443, 8883, 8443, 5671, 1883};
    private static final int[] LOCAL_PORTS = {80, 1900, 5353, 5683, 8080, 554, 9999};

    private SyntheticProfiles() {
    }

    /** The i-th device address (10.0.0.1 onward), for up to 16 million devices. */
    public static IpAddress deviceAddress(int i) {
        if (i < 0 || i >= (1 << 24) - 2) {
            throw new IllegalArgumentException("device index out of range");
        }
        return IpAddress.v4(0x0A000001 + i);
    }

    /** {@code count} varied profiles; the same {@code seed} gives the same profiles. */
    public static List<MudProfile> generate(int count, long seed) {
        if (count < 0 || count > 10_000) {
            throw new IllegalArgumentException("count must be 0..10000");
        }
        Random r = new Random(seed);
        List<MudProfile> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(profile(i, r));
        }
        return List.copyOf(out);
    }

    /** Name of the k-th cloud service of profile i. */
    static String cloudName(int profile, int k) {
        return "svc" + k + ".vendor" + (profile % 7) + ".example.com";
    }

    /** Address of a cloud name (deterministic, in 198.18.0.0/15). */
    public static IpAddress cloudAddress(int profile, int k) {
        return IpAddress.v4(0xC6120000 + ((profile * 16 + k) & 0x1FFFF));
    }

    private static MudProfile profile(int i, Random r) {
        URI url = URI.create("https://vendor" + (i % 7) + ".example.com/.well-known/mud/model-" + i);
        List<Ace> from = new ArrayList<>();
        List<Ace> to = new ArrayList<>();
        Optional<Direction> byDevice = Optional.of(Direction.FROM_DEVICE);
        Optional<Direction> byRemote = Optional.of(Direction.TO_DEVICE);
        MudMatch dnsCtl = mud(Optional.of(DNS), false, false, false);
        from.add(ace("dns", Optional.empty(), udp(null, 53), dnsCtl, Forwarding.ACCEPT));
        to.add(ace("dns-back", Optional.empty(), udp(53, null), dnsCtl, Forwarding.ACCEPT));
        if (r.nextInt(3) == 0) {
            from.add(ace("telnet-out", Optional.empty(), tcp(null, 23, Optional.empty()), MudMatch.NONE,
                    Forwarding.DROP));
        }
        MudMatch ntpCtl = mud(Optional.of(NTP), false, false, false);
        from.add(ace("ntp", Optional.empty(), udp(null, 123), ntpCtl, Forwarding.ACCEPT));
        to.add(ace("ntp-back", Optional.empty(), udp(123, null), ntpCtl, Forwarding.ACCEPT));
        int clouds = 1 + r.nextInt(12);
        for (int k = 0; k < clouds; k++) {
            int port = CLOUD_PORTS[r.nextInt(CLOUD_PORTS.length)];
            String name = cloudName(i, k);
            from.add(ace("cloud" + k, Optional.of(ip(Optional.empty(), Optional.of(name), 6)),
                    tcp(null, port, byDevice), MudMatch.NONE, Forwarding.ACCEPT));
            to.add(ace("cloud" + k + "-back", Optional.of(ipSrc(name, 6)), tcp(port, null, byDevice),
                    MudMatch.NONE, Forwarding.ACCEPT));
        }
        int locals = r.nextInt(6);
        for (int k = 0; k < locals; k++) {
            int port = LOCAL_PORTS[r.nextInt(LOCAL_PORTS.length)];
            boolean useUdp = port == 1900 || port == 5353 || port == 5683;
            MudMatch local = mud(Optional.empty(), true, false, false);
            if (useUdp) {
                to.add(ace("local" + k, Optional.empty(), udp(null, port), local, Forwarding.ACCEPT));
                from.add(ace("local" + k + "-back", Optional.empty(), udp(port, null), local, Forwarding.ACCEPT));
            } else {
                to.add(ace("local" + k, Optional.empty(), tcp(null, port, byRemote), local, Forwarding.ACCEPT));
                from.add(ace("local" + k + "-back", Optional.empty(), tcp(port, null, byRemote), local,
                        Forwarding.ACCEPT));
            }
        }
        if (r.nextBoolean()) {
            MudMatch same = mud(Optional.empty(), false, true, false);
            from.add(ace("peers", Optional.empty(), tcp(null, 9000 + r.nextInt(100), Optional.empty()), same,
                    Forwarding.ACCEPT));
            to.add(ace("peers", Optional.empty(), tcp(null, null, Optional.empty()), same, Forwarding.ACCEPT));
        }
        if (r.nextBoolean()) {
            MudMatch my = mud(Optional.empty(), false, false, true);
            to.add(ace("controller", Optional.empty(), tcp(null, 8443, byRemote), my, Forwarding.ACCEPT));
            from.add(ace("controller-back", Optional.empty(), tcp(8443, null, byRemote), my, Forwarding.ACCEPT));
        }
        if (r.nextInt(4) == 0) {
            from.add(ace("icmp", Optional.empty(), new L4Match.Icmp(OptionalInt.of(8), OptionalInt.empty()),
                    MudMatch.NONE, Forwarding.ACCEPT));
        }
        Map<String, Acl> acls = new LinkedHashMap<>();
        String fromName = "m" + i + "-from";
        String toName = "m" + i + "-to";
        acls.put(fromName, new Acl(fromName, Optional.of(AclType.IPV4), from));
        acls.put(toName, new Acl(toName, Optional.of(AclType.IPV4), to));
        return new MudProfile(url, OffsetDateTime.of(2025, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC), Optional.empty(),
                48, true, Optional.of("Synthetic device " + i), Optional.of("Vendor " + (i % 7)),
                Optional.of("Model " + i), Optional.empty(), Optional.empty(), Optional.empty(), List.of(),
                List.of(fromName), List.of(toName), acls);
    }

    /**
     * A site for the generated profiles: 10.0.0.0/8 local, DNS/NTP controllers, one my-controller, and for each of
     * the 7 vendors the devices {@code deviceAddress(v)}, {@code deviceAddress(v + 7)}, {@code deviceAddress(v + 14)}.
     */
    public static SiteContext site() {
        Map<String, Set<IpAddress>> vendors = new LinkedHashMap<>();
        for (int v = 0; v < 7; v++) {
            vendors.put("vendor" + v + ".example.com", Set.of(deviceAddress(v), deviceAddress(v + 7),
                    deviceAddress(v + 14)));
        }
        return SiteContext.of(List.of(DEVICE_NETWORK), Map.of(DNS, Set.of(DNS_SERVER), NTP, Set.of(NTP_SERVER)),
                Map.of(), vendors, Map.of()).withMyControllers(u -> Set.of(MY_CONTROLLER));
    }

    /** Static DNS answers for every cloud name of the generated profiles. */
    public static void fillDns(List<MudProfile> profiles, DnsCache dns) {
        for (int i = 0; i < profiles.size(); i++) {
            for (int k = 0; k < 12; k++) {
                dns.addStatic(cloudName(i, k), cloudAddress(i, k));
            }
        }
    }

    /**
     * {@code n} flows of one device with profile index {@code profileIndex}: roughly half of them allowed
     * (cloud, DNS, NTP, replies), the rest scans, unknown hosts and wrong ports, which walk every ACE before the
     * default deny.
     */
    public static List<Flow> flows(int profileIndex, IpAddress device, int n, long seed) {
        Random r = new Random(seed);
        List<Flow> out = new ArrayList<>(n);
        for (int j = 0; j < n; j++) {
            int eph = 32768 + r.nextInt(28000);
            int k = r.nextInt(4);
            IpAddress cloud = cloudAddress(profileIndex, k);
            out.add(switch (r.nextInt(8)) {
                case 0 -> new Flow(device, eph, cloud, CLOUD_PORTS[r.nextInt(CLOUD_PORTS.length)], 6, null, null,
                        Flow.Initiator.SRC, -1, -1);
                case 1 -> new Flow(cloud, 443, device, eph, 6, null, null, Flow.Initiator.DST, -1, -1);
                case 2 -> new Flow(device, eph, DNS_SERVER, 53, 17, null, null, Flow.Initiator.SRC, -1, -1);
                case 3 -> new Flow(device, eph, NTP_SERVER, 123, 17, null, null, Flow.Initiator.SRC, -1, -1);
                case 4 -> new Flow(device, eph, IpAddress.v4(0xCB007100 + r.nextInt(256)), 4444 + r.nextInt(10), 6,
                        null, null, Flow.Initiator.SRC, -1, -1);
                case 5 -> new Flow(IpAddress.v4(0x0A000001 + r.nextInt(1 << 20)), eph, device, 1 + r.nextInt(1024),
                        6, null, null, Flow.Initiator.SRC, -1, -1);
                case 6 -> new Flow(device, eph, cloud, 22, 6, null, null, Flow.Initiator.SRC, -1, -1);
                default -> new Flow(IpAddress.v4(0x08080808), eph, device, 53, 17, null, null, Flow.Initiator.SRC,
                        -1, -1);
            });
        }
        return out;
    }

    private static MudMatch mud(Optional<URI> controller, boolean local, boolean sameMfg, boolean my) {
        return new MudMatch(Optional.empty(), sameMfg, Optional.empty(), local, controller, my);
    }

    private static IpMatch ip(Optional<Cidr> dst, Optional<String> dstName, int proto) {
        return new IpMatch(false, OptionalInt.of(proto), Optional.empty(), dst, Optional.empty(), dstName);
    }

    private static IpMatch ipSrc(String srcName, int proto) {
        return new IpMatch(false, OptionalInt.of(proto), Optional.empty(), Optional.empty(), Optional.of(srcName),
                Optional.empty());
    }

    private static L4Match tcp(Integer sport, Integer dport, Optional<Direction> initiated) {
        return new L4Match.Tcp(Optional.ofNullable(sport).map(PortMatch::eq), Optional.ofNullable(dport)
                .map(PortMatch::eq), initiated);
    }

    private static L4Match udp(Integer sport, Integer dport) {
        return new L4Match.Udp(Optional.ofNullable(sport).map(PortMatch::eq), Optional.ofNullable(dport)
                .map(PortMatch::eq));
    }

    private static Ace ace(String name, Optional<IpMatch> ip, L4Match l4, MudMatch mud, Forwarding fwd) {
        return new Ace(name, new Matches(Optional.empty(), ip, Optional.of(l4), mud), fwd);
    }
}
