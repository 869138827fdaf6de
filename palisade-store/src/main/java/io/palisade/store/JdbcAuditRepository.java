package io.palisade.store;

import io.palisade.core.PalisadeException;
import io.palisade.core.audit.AuditEvent;
import io.palisade.core.audit.AuditRepository;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/** The JDBC {@link AuditRepository}, append-only: this class has no update or delete, and the SQL it issues is INSERT and SELECT only. */
final class JdbcAuditRepository extends JdbcRepository implements AuditRepository {
    private static final RowMapper<AuditEvent> AUDIT = (rs, ctx) -> {
        Instant micros = Sql.instant(rs, "occurred_at");
        Instant exact = Instant.ofEpochSecond(micros.getEpochSecond(), rs.getInt("occurred_nanos"));
        return new AuditEvent(rs.getLong("seq"), exact, rs.getString("actor"), rs.getString("action"),
                rs.getString("subject"), rs.getString("detail"), rs.getString("prev_hash"), rs.getString("hash"));
    };

    JdbcAuditRepository(Handle h, boolean writable) {
        super(h, writable);
    }

    @Override
    public void append(AuditEvent e) {
        Objects.requireNonNull(e, "event");
        requireWritable();
        if (exists("SELECT 1 FROM audit_log WHERE seq = :k", "k", e.seq())) {
            throw PalisadeException.conflict("audit entry " + e.seq() + " already exists (the log is append-only)");
        }
        Sql.exec("append audit entry " + e.seq(), () -> h.createUpdate("INSERT INTO audit_log "
                + "(seq, occurred_at, occurred_nanos, actor, action, subject, detail, prev_hash, hash) "
                + "VALUES (:seq, :at, :nanos, :actor, :action, :subject, :detail, :prev, :hash)")
                .bind("seq", e.seq())
                .bind("at", Sql.ts(e.at()))
                .bind("nanos", e.at().getNano())
                .bind("actor", e.actor())
                .bind("action", e.action())
                .bind("subject", e.subject())
                .bind("detail", e.detail())
                .bind("prev", e.prevHash())
                .bind("hash", e.hash())
                .execute());
    }

    @Override
    public Optional<AuditEvent> last() {
        return Sql.run("read audit log", () -> h.createQuery("SELECT * FROM audit_log ORDER BY seq DESC LIMIT 1")
                .map(AUDIT).findFirst());
    }

    @Override
    public List<AuditEvent> list(long afterSeq, int limit) {
        int n = pageLimit(limit);
        return Sql.run("read audit log", () -> h.createQuery("SELECT * FROM audit_log WHERE seq > :after "
                + "ORDER BY seq LIMIT :limit").bind("after", afterSeq).bind("limit", n).map(AUDIT).list());
    }
}
