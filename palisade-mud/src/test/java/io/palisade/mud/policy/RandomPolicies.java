package io.palisade.mud.policy;

import io.palisade.mud.model.Ace;
import io.palisade.mud.model.Acl;
import io.palisade.mud.model.AclType;
import io.palisade.mud.model.Direction;
import io.palisade.mud.model.EthMatch;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;

/**
 * Adversarial random ACLs, sites and flows over a deliberately tiny universe (a few addresses, ports, names), so
 * that random conditions often match and often just miss. Model records are built directly (not parsed), so
 * combinations the parser would refuse (an ip protocol contradicting the l4 match) also occur.
 */
public final class RandomPolicies {
    static final URI MUD_URL = URI.create("https://vendor.example.com/dev1");
    static final URI OTHER_MODEL = URI.create("https://other.example.net/dev2");
    static final URI DNS_CLASS = URI.create("urn:ietf:params:mud:dns");
    static final String[] NAMES = {"a.example.com", "b.example.com", "c.example.org"};
    static final int[] PORTS = {0, 22, 53, 80, 443, 1024, 8883, 65535};

    final Random r;
    final boolean v6;
    public final IpAddress device;
    final List<IpAddress> remotes = new ArrayList<>();

    public RandomPolicies(long seed) {
        r = new Random(seed);
        v6 = r.nextInt(3) == 0;
        device = addr(1);
        for (int i = 2; i <= 9; i++) {
            remotes.add(addr(i));
        }
        remotes.add(v6 ? IpAddress.of("2001:db8::7") : IpAddress.of("203.0.113.7"));
    }

    IpAddress addr(int host) {
        return v6 ? IpAddress.of("fd00::" + Integer.toHexString(host)) : IpAddress.of("10.0.0." + host);
    }

    <T> T pick(List<T> list) {
        return list.get(r.nextInt(list.size()));
    }

    IpAddress remote() {
        return pick(remotes);
    }

    Cidr prefix(boolean family6) {
        IpAddress base = family6 == v6 ? (r.nextBoolean() ? remote() : device) : family6
                ? IpAddress.of("fd00::3") : IpAddress.of("10.0.0.3");
        int max = family6 ? 128 : 32;
        int len = r.nextInt(4) == 0 ? r.nextInt(max + 1) : max - r.nextInt(4);
        return new Cidr(base.v6(), base.hi(), base.lo(), len);
    }

    Set<IpAddress> hosts() {
        Set<IpAddress> s = new HashSet<>();
        int n = r.nextInt(4);
        for (int i = 0; i < n; i++) {
            s.add(remote());
        }
        return s;
    }

    public SiteContext site() {
        List<Cidr> local = new ArrayList<>();
        for (int i = r.nextInt(3); i > 0; i--) {
            local.add(prefix(r.nextInt(4) == 0 != v6));
        }
        Map<URI, Set<IpAddress>> controllers = new HashMap<>();
        controllers.put(DNS_CLASS, hosts());
        Map<URI, Set<IpAddress>> my = new HashMap<>();
        my.put(MUD_URL, hosts());
        Map<String, Set<IpAddress>> mfg = new HashMap<>();
        mfg.put("vendor.example.com", hosts());
        mfg.put("other.example.net", hosts());
        Map<URI, Set<IpAddress>> models = new HashMap<>();
        models.put(MUD_URL, hosts());
        models.put(OTHER_MODEL, hosts());
        return SiteContext.of(local, controllers, my, mfg, models);
    }

    public void fill(DnsCache dns) {
        for (String n : NAMES) {
            for (int i = r.nextInt(3); i > 0; i--) {
                dns.addStatic(n, remote());
            }
        }
    }

    Optional<PortMatch> port() {
        return switch (r.nextInt(7)) {
            case 0 -> Optional.of(PortMatch.eq(PORTS[r.nextInt(PORTS.length)]));
            case 1 -> Optional.of(new PortMatch(PortMatch.Operator.NEQ, 443, 443));
            case 2 -> Optional.of(new PortMatch(PortMatch.Operator.LTE, 0, 1024));
            case 3 -> Optional.of(new PortMatch(PortMatch.Operator.GTE, 1024, 65535));
            case 4 -> {
                int a = PORTS[r.nextInt(PORTS.length)];
                int b = PORTS[r.nextInt(PORTS.length)];
                yield Optional.of(PortMatch.range(Math.min(a, b), Math.max(a, b)));
            }
            default -> Optional.empty();
        };
    }

    OptionalInt maybe(int bound) {
        return r.nextInt(3) == 0 ? OptionalInt.of(r.nextInt(bound)) : OptionalInt.empty();
    }

    Ace ace(String name) {
        Optional<IpMatch> ip = Optional.empty();
        if (r.nextInt(4) != 0) {
            boolean fam6 = r.nextInt(5) == 0 != v6;
            OptionalInt proto = switch (r.nextInt(5)) {
                case 0 -> OptionalInt.of(6);
                case 1 -> OptionalInt.of(17);
                case 2 -> OptionalInt.of(fam6 ? 58 : 1);
                default -> OptionalInt.empty();
            };
            Optional<Cidr> src = Optional.empty();
            Optional<Cidr> dst = Optional.empty();
            Optional<String> srcName = Optional.empty();
            Optional<String> dstName = Optional.empty();
            switch (r.nextInt(5)) {
                case 0 -> src = Optional.of(prefix(fam6));
                case 1 -> dst = Optional.of(prefix(fam6));
                case 2 -> srcName = Optional.of(NAMES[r.nextInt(NAMES.length)]);
                case 3 -> dstName = Optional.of(NAMES[r.nextInt(NAMES.length)]);
                default -> { }
            }
            if (r.nextInt(4) == 0) {
                if (src.isEmpty() && srcName.isEmpty()) {
                    src = Optional.of(prefix(fam6));
                } else if (dst.isEmpty() && dstName.isEmpty()) {
                    dstName = Optional.of(NAMES[r.nextInt(NAMES.length)]);
                }
            }
            ip = Optional.of(new IpMatch(fam6, proto, src, dst, srcName, dstName));
        }
        Optional<L4Match> l4 = switch (r.nextInt(5)) {
            case 0, 1 -> Optional.of(new L4Match.Tcp(port(), port(), r.nextBoolean() ? Optional.empty()
                    : Optional.of(r.nextBoolean() ? Direction.FROM_DEVICE : Direction.TO_DEVICE)));
            case 2 -> Optional.of(new L4Match.Udp(port(), port()));
            case 3 -> Optional.of(new L4Match.Icmp(maybe(4), maybe(3)));
            default -> Optional.empty();
        };
        Optional<EthMatch> eth = switch (r.nextInt(12)) {
            case 0 -> Optional.of(new EthMatch(OptionalInt.of(0x0800), Optional.empty(), Optional.empty()));
            case 1 -> Optional.of(new EthMatch(OptionalInt.of(0x86DD), Optional.empty(), Optional.empty()));
            case 2 -> Optional.of(new EthMatch(OptionalInt.of(0x0806), Optional.empty(), Optional.empty()));
            case 3 -> Optional.of(new EthMatch(OptionalInt.empty(), Optional.of("00:11:22:33:44:55"),
                    Optional.empty()));
            default -> Optional.empty();
        };
        MudMatch mud = MudMatch.NONE;
        if (r.nextInt(3) == 0) {
            mud = new MudMatch(r.nextInt(4) == 0 ? Optional.of(r.nextBoolean() ? "vendor.example.com"
                    : "other.example.net") : Optional.empty(), r.nextInt(4) == 0,
                    r.nextInt(4) == 0 ? Optional.of(r.nextBoolean() ? MUD_URL : OTHER_MODEL) : Optional.empty(),
                    r.nextInt(3) == 0, r.nextInt(4) == 0 ? Optional.of(DNS_CLASS) : Optional.empty(),
                    r.nextInt(4) == 0);
        }
        Forwarding fwd = switch (r.nextInt(6)) {
            case 0 -> Forwarding.DROP;
            case 1 -> Forwarding.REJECT;
            default -> Forwarding.ACCEPT;
        };
        return new Ace(name, new Matches(eth, ip, l4, mud), fwd);
    }

    public MudProfile profile() {
        Map<String, Acl> acls = new LinkedHashMap<>();
        List<String> from = new ArrayList<>();
        List<String> to = new ArrayList<>();
        int n = 1 + r.nextInt(4);
        for (int i = 0; i < n; i++) {
            String name = "acl" + i;
            List<Ace> aces = new ArrayList<>();
            for (int j = r.nextInt(8); j > 0; j--) {
                aces.add(ace("ace" + j));
            }
            acls.put(name, new Acl(name, Optional.of(AclType.MIXED_ETH_IPV4_IPV6), aces));
            if (r.nextBoolean() || i == 0) {
                from.add(name);
            }
            if (r.nextBoolean()) {
                to.add(name);
            }
        }
        return new MudProfile(MUD_URL, OffsetDateTime.parse("2024-01-01T00:00:00Z"), Optional.empty(), 48, true,
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), List.of(), from, to, acls);
    }

    public List<DenyRule> denies() {
        List<DenyRule> out = new ArrayList<>();
        for (int i = r.nextInt(3) == 0 ? 1 + r.nextInt(2) : 0; i > 0; i--) {
            boolean tcp = r.nextBoolean();
            out.add(DenyRule.virtualPatch("v" + i, r.nextInt(3) == 0 ? null : r.nextBoolean()
                            ? Direction.FROM_DEVICE : Direction.TO_DEVICE,
                    r.nextInt(3) == 0 ? prefix(v6) : null, r.nextInt(3) == 0 ? prefix(v6) : null,
                    r.nextBoolean() ? (tcp ? 6 : 17) : null, null));
            if (r.nextBoolean()) {
                out.set(out.size() - 1, DenyRule.virtualPatch("p" + i, null, null, null, tcp ? 6 : 17,
                        PORTS[r.nextInt(PORTS.length)]));
            }
        }
        return out;
    }

    public Flow flow() {
        return flowFor(device);
    }

    /** A random flow from or to {@code device} (which may also be one of the remote addresses). */
    public Flow flowFor(IpAddress device) {
        IpAddress remote = remote();
        boolean fromDevice = r.nextBoolean();
        int proto = switch (r.nextInt(6)) {
            case 0, 1 -> 6;
            case 2 -> 17;
            case 3 -> v6 ? 58 : 1;
            case 4 -> v6 ? 1 : 58;
            default -> 47;
        };
        boolean ports = proto == 6 || proto == 17;
        boolean icmp = proto == 1 || proto == 58;
        String name = r.nextInt(3) == 0 ? NAMES[r.nextInt(NAMES.length)] : null;
        Flow.Initiator init = Flow.Initiator.values()[r.nextInt(3)];
        int sp = ports ? PORTS[r.nextInt(PORTS.length)] + (r.nextInt(4) == 0 ? 1 : 0) : -1;
        int dp = ports ? PORTS[r.nextInt(PORTS.length)] - (r.nextInt(4) == 0 && PORTS[0] == 0 ? 0 : 0) : -1;
        sp = Math.min(sp, 65535);
        int type = icmp ? r.nextInt(4) : -1;
        int code = icmp ? r.nextInt(3) : -1;
        return fromDevice ? new Flow(device, sp, remote, dp, proto, null, name, init, type, code)
                : new Flow(remote, sp, device, dp, proto, name, null, init, type, code);
    }
}
