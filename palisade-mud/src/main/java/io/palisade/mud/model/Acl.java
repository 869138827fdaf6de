package io.palisade.mud.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** An RFC 8519 access control list. */
public record Acl(String name, Optional<AclType> type, List<Ace> aces) {
    public Acl {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        aces = List.copyOf(aces);
        if (name.isEmpty()) {
            throw new IllegalArgumentException("empty ACL name");
        }
    }
}
