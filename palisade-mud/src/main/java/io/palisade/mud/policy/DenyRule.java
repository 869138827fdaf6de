package io.palisade.mud.policy;

import io.palisade.mud.model.Direction;
import io.palisade.mud.model.PortMatch;
import io.palisade.mud.net.Cidr;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * An extra deny entry evaluated before the profile's ACEs (e.g. a virtual patch for a known vulnerability). Every
 * present condition must hold; absent conditions match anything. Networks are literal flow source / destination
 * (as in ACEs, not "remote side"). A verdict from this rule names {@code acl} and {@code ace}.
 *
 * @param acl             name reported in verdicts and exports as the ACL, e.g. {@code vpatch:CVE-2024-1234}
 * @param ace             name reported as the ACE
 * @param direction       the direction it applies to; empty for both
 * @param source          flow source prefix
 * @param destination     flow destination prefix (same address family as {@code source})
 * @param protocol        IP protocol number; required (6 or 17) when a port is given
 * @param destinationPort flow destination port (the service port for to-device flows)
 */
public record DenyRule(String acl, String ace, Optional<Direction> direction, Optional<Cidr> source,
                       Optional<Cidr> destination, OptionalInt protocol, Optional<PortMatch> destinationPort) {
    /** Prefix of the ACL name of {@link #virtualPatch} rules. */
    public static final String VPATCH_PREFIX = "vpatch:";

    public DenyRule {
        Objects.requireNonNull(acl, "acl");
        Objects.requireNonNull(ace, "ace");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(destinationPort, "destinationPort");
        if (acl.isEmpty() || acl.length() > 128 || ace.isEmpty() || ace.length() > 128) {
            throw new IllegalArgumentException("acl and ace names must be 1..128 characters");
        }
        if (source.isPresent() && destination.isPresent() && source.get().v6() != destination.get().v6()) {
            throw new IllegalArgumentException("source and destination prefixes of different address families");
        }
        if (protocol.isPresent() && (protocol.getAsInt() < 0 || protocol.getAsInt() > 255)) {
            throw new IllegalArgumentException("protocol out of range");
        }
        if (destinationPort.isPresent() && (protocol.isEmpty()
                || protocol.getAsInt() != 6 && protocol.getAsInt() != 17)) {
            throw new IllegalArgumentException("a port condition needs protocol 6 (tcp) or 17 (udp)");
        }
    }

    /**
     * A virtual patch: ACL {@code vpatch:<id>}, ACE {@code deny}.
     *
     * @param direction null for both directions
     * @param source    null for any
     * @param destination null for any
     * @param protocol  null for any
     * @param port      destination port, null for any (needs protocol 6 or 17)
     */
    public static DenyRule virtualPatch(String id, Direction direction, Cidr source, Cidr destination,
                                        Integer protocol, Integer port) {
        Objects.requireNonNull(id, "id");
        return new DenyRule(VPATCH_PREFIX + id, "deny", Optional.ofNullable(direction), Optional.ofNullable(source),
                Optional.ofNullable(destination), protocol == null ? OptionalInt.empty() : OptionalInt.of(protocol),
                Optional.ofNullable(port).map(PortMatch::eq));
    }

    /** Whether this rule applies to flows of {@code d}. */
    public boolean appliesTo(Direction d) {
        return direction.isEmpty() || direction.get() == d;
    }

    /** Address family the rule is limited to: 4, 6, or 0 (any). */
    public int family() {
        return source.or(() -> destination).map(c -> c.v6() ? 6 : 4).orElse(0);
    }
}
