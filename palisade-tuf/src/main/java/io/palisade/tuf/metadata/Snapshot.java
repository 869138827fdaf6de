package io.palisade.tuf.metadata;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Snapshot metadata: the versions of targets.json and of every delegated targets metadata file. */
public record Snapshot(String specVersion, long version, Instant expires, Map<String, MetaFile> meta) implements Signed {
    public Snapshot {
        Objects.requireNonNull(specVersion, "specVersion");
        Objects.requireNonNull(expires, "expires");
        meta = Map.copyOf(meta);
    }

    @Override
    public RoleType type() {
        return RoleType.SNAPSHOT;
    }

    /** The entry for a targets role, keyed {@code <role>.json}. */
    public Optional<MetaFile> findRole(String roleName) {
        return Optional.ofNullable(meta.get(roleName + ".json"));
    }
}
