package io.palisade.core.auth;

import java.time.Instant;
import java.util.Objects;

/** An API bearer token: only its hash is stored. */
public record ApiToken(String id, String tokenHash, String role, Instant createdAt, Instant revokedAt) {
    public ApiToken {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tokenHash, "tokenHash");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    public boolean active() {
        return revokedAt == null;
    }
}
