package io.palisade.core.audit;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of the append-only audit log. {@code hash} = SHA-256 over the previous entry's hash and this
 * entry's fields (see {@link AuditLog#computeHash}); the first entry chains to 64 zeros.
 */
public record AuditEvent(long seq, Instant at, String actor, String action, String subject, String detail,
        String prevHash, String hash) {
    public AuditEvent {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(prevHash, "prevHash");
        Objects.requireNonNull(hash, "hash");
        detail = detail == null ? "" : detail;
    }
}
