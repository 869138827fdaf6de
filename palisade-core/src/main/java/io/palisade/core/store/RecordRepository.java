package io.palisade.core.store;

import io.palisade.core.PalisadeException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Port: versioned documents of the capabilities that do not need their own table shape (firmware releases,
 * rollouts, MUD profiles, alerts, incidents, vulnerability cases, advisories, attestations, virtual patches...).
 * The body is an opaque text (the server stores JSON); the domain never sees the encoding. Keys are
 * {@code (kind, id)}; ids may carry a prefix structure ({@code "ro-12/dev-7"}) that {@link #list} can select.
 */
public interface RecordRepository {
    /** Longest body accepted (4 MiB of text). */
    int MAX_BODY = 4 * 1024 * 1024;
    Pattern KIND = Pattern.compile("[a-z][a-z0-9-]{0,31}");

    /** A stored document; {@code revision} counts writes, starting at 1. */
    record StoredRecord(String kind, String id, long revision, String body, Instant updatedAt) {
        public StoredRecord {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(body, "body");
            Objects.requireNonNull(updatedAt, "updatedAt");
        }
    }

    /** Inserts or replaces; returns the new revision. */
    long put(String kind, String id, String body, Instant at);

    Optional<StoredRecord> find(String kind, String id);

    /** Records of a kind whose id starts with {@code idPrefix} ("" for all), in id order, at most {@code limit}. */
    List<StoredRecord> list(String kind, String idPrefix, int limit);

    boolean delete(String kind, String id);

    long count(String kind);

    static void check(String kind, String id, String body) {
        if (kind == null || !KIND.matcher(kind).matches()) {
            throw PalisadeException.invalid("invalid record kind");
        }
        if (id == null || id.isEmpty() || id.length() > 200 || id.chars().anyMatch(Character::isISOControl)) {
            throw PalisadeException.invalid("record id must be 1-200 printable characters");
        }
        if (body != null && body.length() > MAX_BODY) {
            throw PalisadeException.invalid("record body exceeds " + MAX_BODY + " characters");
        }
    }
}
