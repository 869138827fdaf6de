package io.palisade.tuf.metadata;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Targets metadata (top-level or delegated): target files and optional delegations. */
public record Targets(String specVersion, long version, Instant expires, Map<String, TargetFile> targets,
                      Optional<Delegations> delegations) implements Signed {
    public Targets {
        Objects.requireNonNull(specVersion, "specVersion");
        Objects.requireNonNull(expires, "expires");
        Objects.requireNonNull(delegations, "delegations");
        targets = Map.copyOf(targets);
    }

    @Override
    public RoleType type() {
        return RoleType.TARGETS;
    }

    public Optional<TargetFile> findTarget(String path) {
        return Optional.ofNullable(targets.get(path));
    }
}
