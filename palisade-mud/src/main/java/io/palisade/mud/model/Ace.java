package io.palisade.mud.model;

import java.util.Objects;

/** An access control entry. */
public record Ace(String name, Matches matches, Forwarding forwarding) {
    public Ace {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(matches, "matches");
        Objects.requireNonNull(forwarding, "forwarding");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("empty ACE name");
        }
    }
}
