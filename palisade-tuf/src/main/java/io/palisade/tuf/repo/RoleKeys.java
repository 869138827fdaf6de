package io.palisade.tuf.repo;

import io.palisade.tuf.metadata.Key;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** The public keys and threshold of one top-level role, as root lists them. */
public record RoleKeys(List<Key> keys, int threshold) {
    public RoleKeys {
        keys = List.copyOf(Objects.requireNonNull(keys, "keys"));
        Set<String> ids = new HashSet<>();
        for (Key k : keys) {
            if (!ids.add(TufKeys.keyId(k))) {
                throw new IllegalArgumentException("the same key is listed twice for a role");
            }
        }
        if (threshold < 1 || threshold > keys.size()) {
            throw new IllegalArgumentException("threshold must be between 1 and the number of keys (" + keys.size() + ")");
        }
    }

    public List<String> keyIds() {
        return keys.stream().map(TufKeys::keyId).toList();
    }
}
