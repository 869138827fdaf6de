package io.palisade.mud.policy;

import io.palisade.mud.model.Ace;
import io.palisade.mud.model.Acl;
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
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The policy of a quarantined device: only what it still needs to be managed and repaired. Allowed: DNS (udp and
 * tcp port 53, device-initiated) to the site's DNS controllers ({@code urn:ietf:params:mud:dns}, if the site knows
 * any), and connections opened by the device to the given platform endpoints (e.g. the MQTT broker on 8883, the
 * update server on 443), with their replies. Everything else is denied. It is an ordinary MUD profile (MUD URL
 * {@link #QUARANTINE_URL}) compiled by {@link MudCompiler}, so verdicts, {@link NaiveEvaluator} and
 * {@link io.palisade.mud.nft.NftablesExporter} treat it like any other policy.
 */
public final class QuarantinePolicy {
    /** MUD URL of the synthetic quarantine profile. */
    public static final URI QUARANTINE_URL = URI.create("https://palisade.invalid/mud/quarantine");
    /** Controller class of the site's DNS servers (RFC 8520 §8). */
    public static final URI DNS_CONTROLLER = URI.create("urn:ietf:params:mud:dns");
    public static final String FROM_ACL = "quarantine-from";
    public static final String TO_ACL = "quarantine-to";

    /** A platform service the device may still reach: address, protocol 6 (tcp) or 17 (udp), port. */
    public record Endpoint(String name, IpAddress address, int protocol, int port) {
        public Endpoint {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(address, "address");
            if (name.isEmpty() || name.length() > 40 || !name.chars().allMatch(c -> c >= 'a' && c <= 'z'
                    || c >= '0' && c <= '9' || c == '-')) {
                throw new IllegalArgumentException("endpoint name must be 1..40 of [a-z0-9-]");
            }
            if (protocol != 6 && protocol != 17) {
                throw new IllegalArgumentException("protocol must be 6 (tcp) or 17 (udp)");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port out of range");
            }
        }

        public static Endpoint tcp(String name, IpAddress address, int port) {
            return new Endpoint(name, address, 6, port);
        }
    }

    private QuarantinePolicy() {
    }

    /** The quarantine profile for the given platform endpoints. */
    public static MudProfile profile(List<Endpoint> platform) {
        List<Ace> from = new ArrayList<>();
        List<Ace> to = new ArrayList<>();
        MudMatch dns = new MudMatch(Optional.empty(), false, Optional.empty(), false, Optional.of(DNS_CONTROLLER),
                false);
        Optional<PortMatch> p53 = Optional.of(PortMatch.eq(53));
        Optional<Direction> byDevice = Optional.of(Direction.FROM_DEVICE);
        from.add(ace("dns-udp", Optional.empty(), new L4Match.Udp(Optional.empty(), p53), dns));
        from.add(ace("dns-tcp", Optional.empty(), new L4Match.Tcp(Optional.empty(), p53, byDevice), dns));
        to.add(ace("dns-udp-reply", Optional.empty(), new L4Match.Udp(p53, Optional.empty()), dns));
        to.add(ace("dns-tcp-reply", Optional.empty(), new L4Match.Tcp(p53, Optional.empty(), byDevice), dns));
        for (Endpoint e : platform) {
            Optional<PortMatch> port = Optional.of(PortMatch.eq(e.port()));
            Cidr host = Cidr.host(e.address());
            boolean tcp = e.protocol() == 6;
            from.add(ace("platform-" + e.name(), Optional.of(new IpMatch(e.address().v6(),
                    OptionalInt.of(e.protocol()), Optional.empty(), Optional.of(host), Optional.empty(),
                    Optional.empty())), tcp ? new L4Match.Tcp(Optional.empty(), port, byDevice)
                    : new L4Match.Udp(Optional.empty(), port), MudMatch.NONE));
            to.add(ace("platform-" + e.name() + "-reply", Optional.of(new IpMatch(e.address().v6(),
                    OptionalInt.of(e.protocol()), Optional.of(host), Optional.empty(), Optional.empty(),
                    Optional.empty())), tcp ? new L4Match.Tcp(port, Optional.empty(), byDevice)
                    : new L4Match.Udp(port, Optional.empty()), MudMatch.NONE));
        }
        Map<String, Acl> acls = new LinkedHashMap<>();
        acls.put(FROM_ACL, new Acl(FROM_ACL, Optional.empty(), from));
        acls.put(TO_ACL, new Acl(TO_ACL, Optional.empty(), to));
        return new MudProfile(QUARANTINE_URL, OffsetDateTime.of(2025, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC),
                Optional.empty(), 1, true, Optional.of("Palisade quarantine"), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), List.of(), List.of(FROM_ACL), List.of(TO_ACL),
                acls);
    }

    /** The compiled quarantine policy of one device in one site. */
    public static CompiledPolicy compile(IpAddress device, SiteContext site, List<Endpoint> platform,
                                         DnsCache dns) {
        return MudCompiler.compile(profile(platform), device, site, dns);
    }

    private static Ace ace(String name, Optional<IpMatch> ip, L4Match l4, MudMatch mud) {
        return new Ace(name, new Matches(Optional.empty(), ip, Optional.of(l4), mud), Forwarding.ACCEPT);
    }
}
