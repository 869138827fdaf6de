package io.palisade.mud.model;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/** The l4 match of an ACE: exactly one of tcp, udp, icmp. */
public sealed interface L4Match {

    /** IP protocol number implied by this match. */
    int protocol();

    /** {@code tcp} with optional {@code ietf-mud:direction-initiated}. */
    record Tcp(Optional<PortMatch> sourcePort, Optional<PortMatch> destinationPort,
               Optional<Direction> directionInitiated) implements L4Match {
        public Tcp {
            Objects.requireNonNull(sourcePort, "sourcePort");
            Objects.requireNonNull(destinationPort, "destinationPort");
            Objects.requireNonNull(directionInitiated, "directionInitiated");
        }

        @Override
        public int protocol() {
            return 6;
        }
    }

    /** {@code udp}. */
    record Udp(Optional<PortMatch> sourcePort, Optional<PortMatch> destinationPort) implements L4Match {
        public Udp {
            Objects.requireNonNull(sourcePort, "sourcePort");
            Objects.requireNonNull(destinationPort, "destinationPort");
        }

        @Override
        public int protocol() {
            return 17;
        }
    }

    /** {@code icmp} (ICMP for IPv4 ACEs, ICMPv6 for IPv6 ACEs; see {@link #protocol(boolean)}). */
    record Icmp(OptionalInt type, OptionalInt code) implements L4Match {
        public Icmp {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(code, "code");
            if (type.isPresent() && (type.getAsInt() < 0 || type.getAsInt() > 255)
                    || code.isPresent() && (code.getAsInt() < 0 || code.getAsInt() > 255)) {
                throw new IllegalArgumentException("icmp type/code out of range");
            }
        }

        @Override
        public int protocol() {
            return 1;
        }

        public int protocol(boolean v6) {
            return v6 ? 58 : 1;
        }
    }
}
