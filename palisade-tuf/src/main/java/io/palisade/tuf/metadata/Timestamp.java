package io.palisade.tuf.metadata;

import java.time.Instant;
import java.util.Objects;

/** Timestamp metadata: the version (and optionally length and hashes) of the current snapshot. */
public record Timestamp(String specVersion, long version, Instant expires, MetaFile snapshotMeta) implements Signed {
    public Timestamp {
        Objects.requireNonNull(specVersion, "specVersion");
        Objects.requireNonNull(expires, "expires");
        Objects.requireNonNull(snapshotMeta, "snapshotMeta");
    }

    @Override
    public RoleType type() {
        return RoleType.TIMESTAMP;
    }
}
