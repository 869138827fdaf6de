package io.palisade.mud.policy;

import io.palisade.mud.MudException;
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
import io.palisade.mud.net.IpAddress;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Reference evaluation of a MUD profile, straight from the model: for every flow it walks the ACLs and ACEs in
 * policy order, interprets each condition from the model records, and resolves abstractions through the
 * {@link SiteContext} functions at that moment. Same semantics as {@link MudCompiler} / {@link CompiledPolicy}
 * (documented there), including extra {@link DenyRule}s first.
 *
 * <p>This is the <b>baseline for tests and benchmarks only</b> (the property test checks that compiled verdicts
 * equal these; the JMH benchmark compares their speed). Production paths use {@link CompiledPolicy}.
 */
public final class NaiveEvaluator {
    private final MudProfile profile;
    private final IpAddress device;
    private final SiteContext site;
    private final DnsCache dns;
    private final List<DenyRule> extraDenies;

    public NaiveEvaluator(MudProfile profile, IpAddress device, SiteContext site, DnsCache dns,
                          List<DenyRule> extraDenies) {
        this.profile = Objects.requireNonNull(profile, "profile");
        this.device = Objects.requireNonNull(device, "device");
        this.site = Objects.requireNonNull(site, "site");
        this.dns = Objects.requireNonNull(dns, "dns");
        this.extraDenies = List.copyOf(extraDenies);
    }

    public NaiveEvaluator(MudProfile profile, IpAddress device, SiteContext site, DnsCache dns) {
        this(profile, device, site, dns, List.of());
    }

    /**
     * The verdict for a flow from or to the device.
     *
     * @throws MudException if neither endpoint is the device
     */
    public Verdict evaluate(Flow flow) throws MudException {
        Direction direction;
        IpAddress remote;
        if (flow.src().equals(device)) {
            direction = Direction.FROM_DEVICE;
            remote = flow.dst();
        } else if (flow.dst().equals(device)) {
            direction = Direction.TO_DEVICE;
            remote = flow.src();
        } else {
            throw new MudException(MudException.Code.OTHER, "$", "flow " + flow.src() + " -> " + flow.dst()
                    + " does not involve the device " + device);
        }
        for (DenyRule r : extraDenies) {
            if (r.appliesTo(direction) && denyMatches(r, flow)) {
                return new Verdict(Verdict.Decision.DENY, r.acl(), r.ace(), direction);
            }
        }
        for (Acl acl : profile.policy(direction)) {
            for (Ace ace : acl.aces()) {
                if (matches(ace.matches(), flow, direction, remote)) {
                    return new Verdict(ace.forwarding() == Forwarding.ACCEPT ? Verdict.Decision.ALLOW
                            : Verdict.Decision.DENY, acl.name(), ace.name(), direction);
                }
            }
        }
        return Verdict.defaultDeny(direction);
    }

    private static boolean denyMatches(DenyRule r, Flow f) {
        return (r.source().isEmpty() || r.source().get().contains(f.src()))
                && (r.destination().isEmpty() || r.destination().get().contains(f.dst()))
                && (r.protocol().isEmpty() || r.protocol().getAsInt() == f.protocol())
                && (r.destinationPort().isEmpty() || port(r.destinationPort(), f.dstPort()));
    }

    private boolean matches(Matches m, Flow f, Direction direction, IpAddress remote) {
        if (m.eth().isPresent()) {
            EthMatch eth = m.eth().get();
            if (eth.hasMacCondition()) {
                return false;
            }
            if (eth.ethertype().isPresent() && eth.ethertype().getAsInt() != (f.v6() ? 0x86DD : 0x0800)) {
                return false;
            }
        }
        if (m.ip().isPresent()) {
            IpMatch ip = m.ip().get();
            if (ip.v6() != f.v6()
                    || ip.protocol().isPresent() && ip.protocol().getAsInt() != f.protocol()
                    || ip.source().isPresent() && !ip.source().get().contains(f.src())
                    || ip.destination().isPresent() && !ip.destination().get().contains(f.dst())
                    || ip.sourceDnsName().isPresent() && !named(ip.sourceDnsName().get(), f.srcName(), f.src())
                    || ip.destinationDnsName().isPresent()
                    && !named(ip.destinationDnsName().get(), f.dstName(), f.dst())) {
                return false;
            }
        }
        if (m.l4().isPresent()) {
            switch (m.l4().get()) {
                case L4Match.Tcp t -> {
                    if (f.protocol() != 6 || !port(t.sourcePort(), f.srcPort())
                            || !port(t.destinationPort(), f.dstPort())) {
                        return false;
                    }
                    if (t.directionInitiated().isPresent()) {
                        Optional<Direction> opened = switch (f.initiator()) {
                            case SRC -> Optional.of(direction);
                            case DST -> Optional.of(direction == Direction.FROM_DEVICE ? Direction.TO_DEVICE
                                    : Direction.FROM_DEVICE);
                            case UNKNOWN -> Optional.empty();
                        };
                        if (!opened.equals(t.directionInitiated())) {
                            return false;
                        }
                    }
                }
                case L4Match.Udp u -> {
                    if (f.protocol() != 17 || !port(u.sourcePort(), f.srcPort())
                            || !port(u.destinationPort(), f.dstPort())) {
                        return false;
                    }
                }
                case L4Match.Icmp i -> {
                    if (f.protocol() != i.protocol(f.v6())
                            || i.type().isPresent() && i.type().getAsInt() != f.icmpType()
                            || i.code().isPresent() && i.code().getAsInt() != f.icmpCode()) {
                        return false;
                    }
                }
            }
        }
        MudMatch mud = m.mud();
        if (mud.localNetworks() && site.localNetworks().stream().noneMatch(c -> c.contains(remote))) {
            return false;
        }
        if (mud.controller().isPresent() && !in(site.controllers().apply(mud.controller().get()), remote)) {
            return false;
        }
        if (mud.myController() && !in(site.myControllers().apply(profile.mudUrl()), remote)) {
            return false;
        }
        if (mud.manufacturer().isPresent() && !in(site.manufacturers().apply(mud.manufacturer().get()), remote)) {
            return false;
        }
        if (mud.sameManufacturer() && !in(site.manufacturers().apply(profile.manufacturerAuthority()), remote)) {
            return false;
        }
        Optional<URI> model = mud.model();
        return model.isEmpty() || in(site.models().apply(model.get()), remote);
    }

    private boolean named(String name, String flowName, IpAddress address) {
        return name.equals(flowName) || dns.contains(name, address);
    }

    private static boolean in(Set<IpAddress> set, IpAddress a) {
        return set != null && set.contains(a);
    }

    private static boolean port(Optional<PortMatch> p, int port) {
        return p.isEmpty() || port >= 0 && p.get().matches(port);
    }
}
