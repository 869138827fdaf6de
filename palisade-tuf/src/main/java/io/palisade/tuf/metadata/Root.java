package io.palisade.tuf.metadata;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Root metadata: the trusted keys and thresholds of the four top-level roles. */
public record Root(String specVersion, long version, Instant expires, boolean consistentSnapshot,
                   Map<String, Key> keys, Map<String, Role> roles) implements Signed {
    public Root {
        Objects.requireNonNull(specVersion, "specVersion");
        Objects.requireNonNull(expires, "expires");
        keys = Map.copyOf(keys);
        roles = Map.copyOf(roles);
        for (RoleType t : RoleType.values()) {
            if (!roles.containsKey(t.typeName())) {
                throw new IllegalArgumentException("root must define role " + t.typeName());
            }
        }
        if (roles.size() != RoleType.values().length) {
            throw new IllegalArgumentException("root must define exactly the four top-level roles");
        }
    }

    @Override
    public RoleType type() {
        return RoleType.ROOT;
    }

    /** The definition of a top-level role; always present in a valid root. */
    public Role role(RoleType type) {
        return roles.get(type.typeName());
    }

    public Optional<Key> findKey(String keyId) {
        return Optional.ofNullable(keys.get(keyId));
    }
}
