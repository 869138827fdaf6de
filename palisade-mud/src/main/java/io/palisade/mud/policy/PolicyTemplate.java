package io.palisade.mud.policy;

import io.palisade.mud.model.Direction;
import io.palisade.mud.net.IpAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The device-independent part of a compiled MUD policy: the from-device and to-device ACE tables of one profile,
 * compiled against one {@link SiteContext}, {@link DnsCache} and list of extra {@link DenyRule}s by
 * {@link MudCompiler#shared}. {@link #forDevice} binds it to a device address and returns a {@link CompiledPolicy}
 * that shares these tables (a few dozen bytes per device instead of a private copy of every ACE), so a fleet of many
 * devices with few distinct profiles keeps its rule tables small enough to stay in the CPU caches.
 *
 * <p>Sharing is exact: the compiled tables never depend on the device address. The device address only selects the
 * direction of a flow (its source or its destination) and which endpoint is the remote side; the RFC 8520
 * abstractions ({@code same-manufacturer}, {@code model}, ...) resolve to whatever addresses the site reports,
 * including the device's own, exactly as {@link MudCompiler#compile} does. A policy from {@code forDevice(d)}
 * therefore gives the same verdicts, entries and warnings as {@code MudCompiler.compile(profile, d, site, dns,
 * denies)} compiled at the moment the template was built.
 *
 * <p>The abstractions are resolved once, when the template is built: build a new template (and new per-device
 * policies) when the site changes, as with {@link MudCompiler#compile}. DNS answers stay live through the shared
 * {@link DnsCache}. Immutable and thread-safe.
 *
 * <p>Each direction's table also gets a decision structure ({@code DecisionIndex}), built here once per template:
 * per-flow lookups (protocol, initiator, hashed exact ports and port intervals, hashed host addresses and address
 * intervals, hashed DNS names) narrow the ACEs to a few candidates before the full check, so a verdict costs a few
 * table lookups instead of a walk over every ACE, and every verdict object is allocated once.
 */
public final class PolicyTemplate {
    private final URI mudUrl;
    private final CompiledAce[] fromDevice;
    private final CompiledAce[] toDevice;
    private final DnsCache dns;
    private final List<String> warnings;
    private final DecisionIndex fromIndex;
    private final DecisionIndex toIndex;

    PolicyTemplate(URI mudUrl, List<CompiledAce> fromDevice, List<CompiledAce> toDevice, DnsCache dns,
                   List<String> warnings) {
        this.mudUrl = mudUrl;
        this.fromDevice = fromDevice.toArray(new CompiledAce[0]);
        this.toDevice = toDevice.toArray(new CompiledAce[0]);
        this.dns = dns;
        this.warnings = List.copyOf(warnings);
        this.fromIndex = new DecisionIndex(this.fromDevice, Direction.FROM_DEVICE, dns);
        this.toIndex = new DecisionIndex(this.toDevice, Direction.TO_DEVICE, dns);
    }

    /** The policy of the device at {@code device}, sharing this template's compiled tables. */
    public CompiledPolicy forDevice(IpAddress device) {
        return new CompiledPolicy(this, Objects.requireNonNull(device, "device"));
    }

    public URI mudUrl() {
        return mudUrl;
    }

    /** See {@link CompiledPolicy#warnings()}. */
    public List<String> warnings() {
        return warnings;
    }

    /** Number of compiled ACEs in a direction. */
    public int size(Direction direction) {
        return table(direction).length;
    }

    /** The entries of one direction, in evaluation order, as read-only descriptions. */
    public List<AceView> entries(Direction direction) {
        CompiledAce[] aces = table(direction);
        List<AceView> out = new ArrayList<>(aces.length);
        for (CompiledAce a : aces) {
            out.add(AceView.of(a));
        }
        return List.copyOf(out);
    }

    CompiledAce[] table(Direction direction) {
        return direction == Direction.FROM_DEVICE ? fromDevice : toDevice;
    }

    /** The decision structure of a direction (built once with the template). */
    DecisionIndex index(Direction direction) {
        return direction == Direction.FROM_DEVICE ? fromIndex : toIndex;
    }

    DnsCache dns() {
        return dns;
    }
}
