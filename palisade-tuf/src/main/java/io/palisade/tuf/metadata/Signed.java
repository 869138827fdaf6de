package io.palisade.tuf.metadata;

import java.time.Instant;

/** The {@code signed} portion of one of the four TUF metadata types. */
public sealed interface Signed permits Root, Timestamp, Snapshot, Targets {
    /** The {@code _type} value of this metadata type. */
    RoleType type();

    String specVersion();

    long version();

    Instant expires();

    /** True when {@code now} is at or after {@code expires} (TUF spec §5: expired means not valid any more). */
    default boolean isExpiredAt(Instant now) {
        return !now.isBefore(expires());
    }
}
