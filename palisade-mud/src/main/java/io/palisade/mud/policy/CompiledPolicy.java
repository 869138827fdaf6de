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
 * site changes). Thread-safe.
 */
public final class CompiledPolicy {
    private final URI mudUrl;
    private final IpAddress device;
    private final CompiledAce[] fromDevice;
    private final CompiledAce[] toDevice;
    private final DnsCache dns;
    private final List<String> warnings;

    CompiledPolicy(URI mudUrl, IpAddress device, List<CompiledAce> fromDevice, List<CompiledAce> toDevice,
                   DnsCache dns, List<String> warnings) {
        this.mudUrl = mudUrl;
        this.device = device;
        this.fromDevice = fromDevice.toArray(new CompiledAce[0]);
        this.toDevice = toDevice.toArray(new CompiledAce[0]);
        this.dns = dns;
        this.warnings = List.copyOf(warnings);
    }

    public URI mudUrl() {
        return mudUrl;
    }

    public IpAddress device() {
        return device;
    }

    /**
     * Conditions that can never hold (an abstraction the site cannot resolve, a MAC address condition), one
     * message per ACE and condition. Those ACEs never match.
     */
    public List<String> warnings() {
        return warnings;
    }

    /** Number of compiled ACEs in a direction. */
    public int size(Direction direction) {
        return (direction == Direction.FROM_DEVICE ? fromDevice : toDevice).length;
    }

    /** The entries of one direction, in evaluation order, as read-only descriptions (for exports and reports). */
    public List<AceView> entries(Direction direction) {
        CompiledAce[] aces = direction == Direction.FROM_DEVICE ? fromDevice : toDevice;
        java.util.ArrayList<AceView> out = new java.util.ArrayList<>();
        for (CompiledAce a : aces) {
            out.add(AceView.of(a));
        }
        return List.copyOf(out);
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
