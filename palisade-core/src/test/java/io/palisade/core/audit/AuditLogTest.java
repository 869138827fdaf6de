package io.palisade.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.palisade.core.audit.AuditRepository;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AuditLogTest {
    static final class ListRepo implements AuditRepository {
        final List<AuditEvent> events = new ArrayList<>();

        @Override
        public void append(AuditEvent event) {
            events.add(event);
        }

        @Override
        public Optional<AuditEvent> last() {
            return events.isEmpty() ? Optional.empty() : Optional.of(events.get(events.size() - 1));
        }

        @Override
        public List<AuditEvent> list(long afterSeq, int limit) {
            return events.stream().filter(e -> e.seq() > afterSeq).limit(limit).toList();
        }
    }

    @Test
    void chainVerifiesAndDetectsEveryKindOfTampering() {
        ListRepo repo = new ListRepo();
        Instant t = Instant.parse("2026-11-22T04:00:00Z");
        for (int i = 0; i < 2500; i++) {
            AuditLog.append(repo, t.plusSeconds(i), "admin", "x.y", "device:d" + i, "n=" + i);
        }
        assertThat(AuditLog.verify(repo).intact()).isTrue();
        assertThat(AuditLog.verify(repo).entries()).isEqualTo(2500);

        AuditEvent e = repo.events.get(1200);
        repo.events.set(1200, new AuditEvent(e.seq(), e.at(), "mallory", e.action(), e.subject(), e.detail(), e.prevHash(), e.hash()));
        AuditLog.Verification v = AuditLog.verify(repo);
        assertThat(v.intact()).isFalse();
        assertThat(v.firstBadSeq()).isEqualTo(1201L);
        repo.events.set(1200, e);

        repo.events.remove(700);
        v = AuditLog.verify(repo);
        assertThat(v.intact()).isFalse();
        assertThat(v.message()).contains("missing");
    }

    @Test
    void fieldBoundariesCannotBeShifted() {
        Instant t = Instant.EPOCH;
        assertThat(AuditLog.computeHash(AuditLog.GENESIS, 1, t, "ab", "c", "s", ""))
                .isNotEqualTo(AuditLog.computeHash(AuditLog.GENESIS, 1, t, "a", "bc", "s", ""));
    }
}
