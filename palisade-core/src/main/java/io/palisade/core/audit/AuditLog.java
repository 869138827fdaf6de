package io.palisade.core.audit;

import io.palisade.core.auth.Secrets;
import io.palisade.core.audit.AuditRepository;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The hash-chained audit log. Appends must run inside the store's write transaction (which the store
 * serializes), so sequence numbers are gap-free and every entry chains to its predecessor.
 */
public final class AuditLog {
    public static final String GENESIS = "0".repeat(64);

    private AuditLog() {
    }

    public static AuditEvent append(AuditRepository repo, Instant at, String actor, String action, String subject,
            String detail) {
        Optional<AuditEvent> last = repo.last();
        long seq = last.map(e -> e.seq() + 1).orElse(1L);
        String prev = last.map(AuditEvent::hash).orElse(GENESIS);
        String d = detail == null ? "" : detail;
        AuditEvent e = new AuditEvent(seq, at, actor, action, subject, d, prev, computeHash(prev, seq, at, actor, action, subject, d));
        repo.append(e);
        return e;
    }

    /** SHA-256 over length-prefixed fields, so no two different entries share an encoding. */
    public static String computeHash(String prevHash, long seq, Instant at, String actor, String action,
            String subject, String detail) {
        StringBuilder sb = new StringBuilder();
        for (String f : new String[] {prevHash, Long.toString(seq), at.toString(), actor, action, subject, detail}) {
            sb.append(f.length()).append(':').append(f).append('\n');
        }
        return Secrets.sha256Hex(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Result of walking the chain. */
    public record Verification(boolean intact, long entries, Long firstBadSeq, String message) {
    }

    /** Walks the whole chain in pages and recomputes every hash. */
    public static Verification verify(AuditRepository repo) {
        String prev = GENESIS;
        long expectedSeq = 1;
        long count = 0;
        while (true) {
            List<AuditEvent> page = repo.list(expectedSeq - 1, 1000);
            if (page.isEmpty()) {
                break;
            }
            for (AuditEvent e : page) {
                if (e.seq() != expectedSeq) {
                    return new Verification(false, count, expectedSeq, "entry " + expectedSeq + " is missing (next found: " + e.seq() + ")");
                }
                if (!e.prevHash().equals(prev)) {
                    return new Verification(false, count, e.seq(), "entry " + e.seq() + " does not chain to entry " + (e.seq() - 1));
                }
                String h = computeHash(e.prevHash(), e.seq(), e.at(), e.actor(), e.action(), e.subject(), e.detail());
                if (!h.equals(e.hash())) {
                    return new Verification(false, count, e.seq(), "entry " + e.seq() + " was altered (hash mismatch)");
                }
                prev = e.hash();
                expectedSeq++;
                count++;
            }
        }
        return new Verification(true, count, null, "audit chain intact: " + count + " entries");
    }
}
