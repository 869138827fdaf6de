package io.palisade.tuf.metadata;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code delegations} of a targets role.
 *
 * @param keys  key id to key for the delegated roles
 * @param roles delegated roles in priority order, names unique
 */
public record Delegations(Map<String, Key> keys, List<DelegatedRole> roles) {
    public Delegations {
        keys = Map.copyOf(keys);
        roles = List.copyOf(roles);
        Set<String> names = new HashSet<>();
        for (DelegatedRole r : roles) {
            for (RoleType t : RoleType.values()) {
                if (t.typeName().equals(r.name())) {
                    throw new IllegalArgumentException("delegated role must not use a top-level role name");
                }
            }
            if (!names.add(r.name())) {
                throw new IllegalArgumentException("duplicate delegated role name");
            }
        }
    }

    public Optional<DelegatedRole> findRole(String name) {
        return roles.stream().filter(r -> r.name().equals(name)).findFirst();
    }
}
