package io.palisade.mud.policy;

import io.palisade.mud.MudException;
import io.palisade.mud.model.Direction;
import io.palisade.mud.net.IpAddress;
import java.net.URI;
import java.util.List;

/**
 * The MUD policy of one device, compiled by {@link MudCompiler}: the from-device and to-device ACEs in policy
 * order. {@link #evaluate} picks the direction from the device address, returns the first matching ACE's action,
 * and denies by default. DNS-name conditions are checked against the flow's own names and the live
 * {@link DnsCache}; abstractions were resolved from the {@link SiteContext} at compile time (recompile when the
 * site changes). Policies of devices with the same profile can share one {@link PolicyTemplate} (see
 * {@link MudCompiler#shared}); this object then holds only the device address. Verdicts come from the template's
 * decision structures (see {@link PolicyTemplate}); {@link #evaluateByScan} is the plain ACE walk, kept for
 * comparison. Thread-safe.
 */
public final class CompiledPolicy {
    private final PolicyTemplate template;
    private final IpAddress device;
    /* Copies of the template's table references, so that evaluate() reads them without an extra indirection. */
    private final CompiledAce[] fromDevice;
    private final CompiledAce[] toDevice;
    private final DnsCache dns;
    private final DecisionIndex fromIndex;
    private final DecisionIndex toIndex;
    /* The device address as fields, so that evaluate() compares without loading the address object. */
    private final boolean deviceV6;
    private final long deviceHi;
    private final long deviceLo;

    CompiledPolicy(PolicyTemplate template, IpAddress device) {
        this.template = template;
        this.device = device;
        this.fromDevice = template.table(Direction.FROM_DEVICE);
        this.toDevice = template.table(Direction.TO_DEVICE);
        this.dns = template.dns();
        this.fromIndex = template.index(Direction.FROM_DEVICE);
        this.toIndex = template.index(Direction.TO_DEVICE);
        this.deviceV6 = device.v6();
        this.deviceHi = device.hi();
        this.deviceLo = device.lo();
    }

    private boolean isDevice(IpAddress a) {
        return a.lo() == deviceLo && a.hi() == deviceHi && a.v6() == deviceV6;
    }

    public URI mudUrl() {
        return template.mudUrl();
    }

    public IpAddress device() {
        return device;
    }

    /**
     * Conditions that can never hold (an abstraction the site cannot resolve, a MAC address condition), one
     * message per ACE and condition. Those ACEs never match.
     */
    public List<String> warnings() {
        return template.warnings();
    }

    /** Number of compiled ACEs in a direction. */
    public int size(Direction direction) {
        return (direction == Direction.FROM_DEVICE ? fromDevice : toDevice).length;
    }

    /** The entries of one direction, in evaluation order, as read-only descriptions (for exports and reports). */
    public List<AceView> entries(Direction direction) {
        return template.entries(direction);
    }

    /** The shared, device-independent tables this policy evaluates (see {@link MudCompiler#shared}). */
    public PolicyTemplate template() {
        return template;
    }

    /**
     * The verdict for a flow from or to the device, through the template's decision structure (a few hashed and
     * interval lookups, then the full check of the remaining candidates in policy order). Allocates nothing.
     *
     * @throws MudException if neither endpoint is the device
     */
    public Verdict evaluate(Flow flow) throws MudException {
        IpAddress src = flow.src();
        IpAddress dst = flow.dst();
        Flow.Initiator init = flow.initiator();
        if (isDevice(src)) {
            int by = init == Flow.Initiator.SRC ? CompiledAce.INIT_BY_DEVICE
                    : init == Flow.Initiator.DST ? CompiledAce.INIT_BY_REMOTE : -1;
            return fromIndex.evaluate(flow, dst, by);
        }
        if (isDevice(dst)) {
            int by = init == Flow.Initiator.SRC ? CompiledAce.INIT_BY_REMOTE
                    : init == Flow.Initiator.DST ? CompiledAce.INIT_BY_DEVICE : -1;
            return toIndex.evaluate(flow, src, by);
        }
        throw notInvolved(flow);
    }

    private MudException notInvolved(Flow flow) {
        return new MudException(MudException.Code.OTHER, "$", "flow " + flow.src() + " -> " + flow.dst()
                + " does not involve the device " + device);
    }

    /**
     * The same verdict as {@link #evaluate}, by checking every compiled ACE in policy order (the evaluation before
     * the decision structures existed). For tests and benchmarks that compare the two.
     *
     * @throws MudException if neither endpoint is the device
     */
    public Verdict evaluateByScan(Flow flow) throws MudException {
        Direction direction;
        IpAddress remote;
        if (flow.src().equals(device)) {
            direction = Direction.FROM_DEVICE;
            remote = flow.dst();
        } else if (flow.dst().equals(device)) {
            direction = Direction.TO_DEVICE;
            remote = flow.src();
        } else {
            throw notInvolved(flow);
        }
        int initiatedBy = switch (flow.initiator()) {
            case SRC -> direction == Direction.FROM_DEVICE ? CompiledAce.INIT_BY_DEVICE : CompiledAce.INIT_BY_REMOTE;
            case DST -> direction == Direction.FROM_DEVICE ? CompiledAce.INIT_BY_REMOTE : CompiledAce.INIT_BY_DEVICE;
            case UNKNOWN -> -1;
        };
        CompiledAce[] aces = direction == Direction.FROM_DEVICE ? fromDevice : toDevice;
        for (CompiledAce ace : aces) {
            if (ace.matches(flow, remote, initiatedBy, dns)) {
                return new Verdict(ace.allow ? Verdict.Decision.ALLOW : Verdict.Decision.DENY, ace.acl, ace.ace,
                        direction);
            }
        }
        return Verdict.defaultDeny(direction);
    }
}
