package io.palisade.mud.policy;

import io.palisade.mud.model.Ace;
import io.palisade.mud.model.Acl;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Compiles a {@link MudProfile} for one device address and one site into a {@link CompiledPolicy}.
 *
 * <p>Semantics (RFC 8520 §8, RFC 8519): the from-device policy applies to flows whose source is the device, the
 * to-device policy to flows whose destination is the device; ACLs in policy order, ACEs in ACL order, first match
 * wins, default deny. Within an ACE every condition must hold. Networks, ports and DNS names are literal (source
 * means the flow's source). The abstractions apply to the remote side: {@code local-networks} → the site's local
 * prefixes; {@code controller} → the site's addresses of that controller class; {@code my-controller} → the
 * controllers configured for this MUD URL; {@code manufacturer} / {@code same-manufacturer} → devices whose MUD URL
 * has that authority (this MUD URL's for same-manufacturer); {@code model} → devices with that MUD URL. An
 * abstraction the site cannot resolve, or a MAC address condition (flow records carry no MAC), makes the ACE
 * never match and is listed in {@link CompiledPolicy#warnings()}. {@code ietf-mud:direction-initiated} compares
 * against the flow's initiator; an unknown initiator never satisfies it. An ethertype condition admits IPv4 flows
 * for 0x0800 and IPv6 flows for 0x86DD only.
 *
 * <p>The compiled ACE tables do not depend on the device address (it only decides a flow's direction and remote
 * side at evaluation), so many devices with one profile can share them: {@link #shared} builds a
 * {@link PolicyTemplate} once, {@link PolicyTemplate#forDevice} binds it to each device.
 */
public final class MudCompiler {
    private MudCompiler() {
    }

    public static CompiledPolicy compile(MudProfile profile, IpAddress device, SiteContext site, DnsCache dns) {
        return compile(profile, device, site, dns, List.of());
    }

    /**
     * Like {@link #compile(MudProfile, IpAddress, SiteContext, DnsCache)}, with extra deny entries (virtual patches)
     * evaluated, in list order, before the profile's ACEs of their direction. They appear in verdicts, in
     * {@link CompiledPolicy#entries} and therefore in nftables exports.
     */
    public static CompiledPolicy compile(MudProfile profile, IpAddress device, SiteContext site, DnsCache dns,
                                         List<DenyRule> extraDenies) {
        Objects.requireNonNull(device, "device");
        return shared(profile, site, dns, extraDenies).forDevice(device);
    }

    /**
     * Compiles the device-independent rule tables of {@code profile} once, for every device that uses it in this
     * site: {@code shared(profile, site, dns, denies).forDevice(d)} gives the same verdicts, entries and warnings
     * as {@code compile(profile, d, site, dns, denies)}, but all policies from one template share its tables (a few
     * dozen bytes per device). The abstractions are resolved now; build a new template when the site changes.
     */
    public static PolicyTemplate shared(MudProfile profile, SiteContext site, DnsCache dns,
                                        List<DenyRule> extraDenies) {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(extraDenies, "extraDenies");
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(dns, "dns");
        List<String> warnings = new ArrayList<>();
        List<CompiledAce> from = denies(extraDenies, Direction.FROM_DEVICE);
        from.addAll(direction(profile, Direction.FROM_DEVICE, site, warnings));
        List<CompiledAce> to = denies(extraDenies, Direction.TO_DEVICE);
        to.addAll(direction(profile, Direction.TO_DEVICE, site, warnings));
        return new PolicyTemplate(profile.mudUrl(), from, to, dns, warnings);
    }

    /** {@link #shared(MudProfile, SiteContext, DnsCache, List)} without extra deny rules. */
    public static PolicyTemplate shared(MudProfile profile, SiteContext site, DnsCache dns) {
        return shared(profile, site, dns, List.of());
    }

    private static List<CompiledAce> denies(List<DenyRule> rules, Direction direction) {
        List<CompiledAce> out = new ArrayList<>();
        for (DenyRule r : rules) {
            if (!r.appliesTo(direction)) {
                continue;
            }
            CompiledAce c = new CompiledAce(r.acl(), r.ace(), Forwarding.DROP);
            c.family = r.family();
            c.srcNet = r.source().orElse(null);
            c.dstNet = r.destination().orElse(null);
            if (r.protocol().isPresent()) {
                c.protoV4 = r.protocol().getAsInt();
                c.protoV6 = r.protocol().getAsInt();
            }
            ports(c, Optional.empty(), r.destinationPort());
            out.add(c);
        }
        return out;
    }

    private static List<CompiledAce> direction(MudProfile profile, Direction direction, SiteContext site,
                                               List<String> warnings) {
        List<CompiledAce> out = new ArrayList<>();
        for (Acl acl : profile.policy(direction)) {
            for (Ace ace : acl.aces()) {
                out.add(compileAce(profile, acl, ace, site, warnings));
            }
        }
        return out;
    }

    private static CompiledAce compileAce(MudProfile profile, Acl acl, Ace ace, SiteContext site,
                                          List<String> warnings) {
        CompiledAce c = new CompiledAce(acl.name(), ace.name(), ace.forwarding());
        Matches m = ace.matches();
        if (m.ip().isPresent()) {
            IpMatch ip = m.ip().get();
            c.family = ip.v6() ? 6 : 4;
            if (ip.protocol().isPresent()) {
                c.protoV4 = ip.protocol().getAsInt();
                c.protoV6 = ip.protocol().getAsInt();
            }
            c.srcNet = ip.source().orElse(null);
            c.dstNet = ip.destination().orElse(null);
            c.srcDns = ip.sourceDnsName().orElse(null);
            c.dstDns = ip.destinationDnsName().orElse(null);
        }
        if (m.l4().isPresent()) {
            L4Match l4 = m.l4().get();
            if (l4 instanceof L4Match.Icmp icmp) {
                c.protoV4 = icmp.protocol(false);
                c.protoV6 = icmp.protocol(true);
                c.icmpType = icmp.type().orElse(-1);
                c.icmpCode = icmp.code().orElse(-1);
            } else {
                c.protoV4 = l4.protocol();
                c.protoV6 = l4.protocol();
            }
            if (m.ip().isPresent() && m.ip().get().protocol().isPresent()) {
                int declared = m.ip().get().protocol().getAsInt();
                int implied = m.ip().get().v6() ? c.protoV6 : c.protoV4;
                if (declared != implied) {
                    never(c, "ip protocol " + declared + " contradicts the l4 match (protocol " + implied + ")",
                            warnings);
                }
            }
            switch (l4) {
                case L4Match.Tcp t -> {
                    ports(c, t.sourcePort(), t.destinationPort());
                    t.directionInitiated().ifPresent(d -> c.initiated = d == Direction.FROM_DEVICE
                            ? CompiledAce.INIT_BY_DEVICE : CompiledAce.INIT_BY_REMOTE);
                }
                case L4Match.Udp u -> ports(c, u.sourcePort(), u.destinationPort());
                case L4Match.Icmp i -> { }
            }
        }
        if (m.eth().isPresent()) {
            EthMatch eth = m.eth().get();
            c.ethertype = eth.ethertype().orElse(-1);
            if (eth.hasMacCondition()) {
                never(c, "has a MAC address condition, which flow records cannot satisfy", warnings);
            }
        }
        List<CompiledAce.RemoteSet> remote = new ArrayList<>();
        MudMatch mud = m.mud();
        if (mud.localNetworks()) {
            remote.add(new CompiledAce.RemoteSet("local-networks", Set.of(), site.localNetworks().toArray(new Cidr[0])));
        }
        mud.controller().ifPresent(u -> remote.add(hosts("controller " + u, site.controllers().apply(u))));
        if (mud.myController()) {
            remote.add(hosts("my-controller", site.myControllers().apply(profile.mudUrl())));
        }
        mud.manufacturer().ifPresent(h -> remote.add(hosts("manufacturer " + h, site.manufacturers().apply(h))));
        if (mud.sameManufacturer()) {
            String h = profile.manufacturerAuthority();
            remote.add(hosts("same-manufacturer (" + h + ")", site.manufacturers().apply(h)));
        }
        mud.model().ifPresent(u -> remote.add(hosts("model " + u, site.models().apply(u))));
        for (CompiledAce.RemoteSet r : remote) {
            if (r.isEmpty()) {
                never(c, r.label() + " resolves to no address in this site", warnings);
            }
        }
        c.setRemote(remote);
        return c;
    }

    private static CompiledAce.RemoteSet hosts(String label, Set<IpAddress> hosts) {
        return new CompiledAce.RemoteSet(label, hosts == null ? Set.of() : hosts, new Cidr[0]);
    }

    private static void never(CompiledAce c, String reason, List<String> warnings) {
        if (c.neverReason == null) {
            c.neverReason = reason;
        }
        warnings.add("ACL '" + c.acl + "' ACE '" + c.ace + "': " + reason + "; it never matches");
    }

    private static void ports(CompiledAce c, Optional<PortMatch> src, Optional<PortMatch> dst) {
        if (src.isPresent()) {
            c.hasSrcPort = true;
            c.srcLo = src.get().lower();
            c.srcHi = src.get().upper();
            c.srcNeg = src.get().negate();
        }
        if (dst.isPresent()) {
            c.hasDstPort = true;
            c.dstLo = dst.get().lower();
            c.dstHi = dst.get().upper();
            c.dstNeg = dst.get().negate();
        }
    }
}
