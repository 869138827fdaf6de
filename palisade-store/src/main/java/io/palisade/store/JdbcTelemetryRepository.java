package io.palisade.store;

import io.palisade.core.ErrorCode;
import io.palisade.core.PalisadeException;
import io.palisade.core.device.DeviceId;
import io.palisade.core.store.TelemetryRepository;
import io.palisade.core.telemetry.TelemetryRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * Telemetry over its own pooled connections, outside the write lock: {@link #append} is one auto-committed
 * INSERT, {@link #appendAll} one batch in one transaction; on H2 each is followed by a CHECKPOINT so the commit is
 * in the file (survives kill -9) when the call returns. Prefer {@link #appendAll} for bursts: on H2 every
 * checkpoint writes a new MVStore chunk. receivedAt is stored truncated to microseconds.
 */
final class JdbcTelemetryRepository implements TelemetryRepository {
    /** Largest payload accepted, in UTF-8 bytes (256 KiB). */
    static final int MAX_PAYLOAD_BYTES = 256 * 1024;
    static final int MAX_CHANNEL_CHARS = 128;
    /** Largest number of rows one query returns (larger limits are clamped). */
    static final int MAX_QUERY_LIMIT = 10_000;
    private static final String INSERT = "INSERT INTO telemetry (device_id, received_at, channel, payload) "
            + "VALUES (:deviceId, :receivedAt, :channel, :payload)";
    private static final RowMapper<TelemetryRecord> ROW = (rs, ctx) -> new TelemetryRecord(rs.getLong("id"),
            DeviceId.of(rs.getString("device_id")), Sql.instant(rs, "received_at"), rs.getString("channel"),
            rs.getString("payload"));

    private final Jdbi jdbi;
    private final boolean checkpointAfterCommit;

    /** @param checkpointAfterCommit H2: force each commit to the file (CHECKPOINT) so it survives a kill -9 */
    JdbcTelemetryRepository(Jdbi jdbi, boolean checkpointAfterCommit) {
        this.jdbi = jdbi;
        this.checkpointAfterCommit = checkpointAfterCommit;
    }

    private void flush(org.jdbi.v3.core.Handle h) {
        if (checkpointAfterCommit) {
            h.execute("CHECKPOINT");
        }
    }

    private static void check(TelemetryRecord r) {
        Objects.requireNonNull(r, "record");
        if (r.channel().isEmpty() || r.channel().length() > MAX_CHANNEL_CHARS) {
            throw PalisadeException.invalid("telemetry channel must be 1-" + MAX_CHANNEL_CHARS + " characters");
        }
        // Cheap bound first (a char is at least one byte), exact UTF-8 length only when it may matter.
        if (r.payload().length() > MAX_PAYLOAD_BYTES
                || (r.payload().length() * 3L > MAX_PAYLOAD_BYTES
                        && r.payload().getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD_BYTES)) {
            throw new PalisadeException(ErrorCode.PAYLOAD_TOO_LARGE,
                    "telemetry payload exceeds " + MAX_PAYLOAD_BYTES + " bytes");
        }
    }

    @Override
    public long append(TelemetryRecord r) {
        check(r);
        return Sql.run("append telemetry", () -> jdbi.withHandle(h -> {
            long id = h.createUpdate(INSERT)
                    .bind("deviceId", r.deviceId().value())
                    .bind("receivedAt", Sql.ts(r.receivedAt()))
                    .bind("channel", r.channel())
                    .bind("payload", r.payload())
                    .executeAndReturnGeneratedKeys("id")
                    .mapTo(Long.class)
                    .one();
            flush(h);
            return id;
        }));
    }

    @Override
    public void appendAll(List<TelemetryRecord> records) {
        Objects.requireNonNull(records, "records");
        records.forEach(JdbcTelemetryRepository::check);
        if (records.isEmpty()) {
            return;
        }
        Sql.exec("append telemetry batch", () -> jdbi.useHandle(h -> {
            h.useTransaction(tx -> {
                PreparedBatch b = tx.prepareBatch(INSERT);
                for (TelemetryRecord r : records) {
                    b.bind("deviceId", r.deviceId().value())
                            .bind("receivedAt", Sql.ts(r.receivedAt()))
                            .bind("channel", r.channel())
                            .bind("payload", r.payload())
                            .add();
                }
                b.execute();
            });
            flush(h);
        }));
    }

    @Override
    public void appendJournaled(List<TelemetryRecord> records, long journalSeq) {
        Objects.requireNonNull(records, "records");
        records.forEach(JdbcTelemetryRepository::check);
        if (journalSeq <= 0) {
            throw PalisadeException.invalid("journal sequence numbers start at 1");
        }
        Sql.exec("append journaled telemetry batch", () -> jdbi.useTransaction(tx -> {
            if (!records.isEmpty()) {
                PreparedBatch b = tx.prepareBatch(INSERT);
                for (TelemetryRecord r : records) {
                    b.bind("deviceId", r.deviceId().value())
                            .bind("receivedAt", Sql.ts(r.receivedAt()))
                            .bind("channel", r.channel())
                            .bind("payload", r.payload())
                            .add();
                }
                b.execute();
            }
            int updated = tx.createUpdate("UPDATE ingest_journal SET applied_seq = :s WHERE id = 1 AND applied_seq < :s")
                    .bind("s", journalSeq).execute();
            if (updated == 0 && tx.createQuery("SELECT COUNT(*) FROM ingest_journal WHERE id = 1").mapTo(Integer.class).one() == 0) {
                tx.createUpdate("INSERT INTO ingest_journal (id, applied_seq) VALUES (1, :s)").bind("s", journalSeq).execute();
            }
        }));
    }

    @Override
    public long appliedJournalSeq() {
        return Sql.run("read applied journal sequence", () -> jdbi.withHandle(h -> h.createQuery("SELECT applied_seq FROM ingest_journal WHERE id = 1")
                .mapTo(Long.class).findOne().orElse(0L)));
    }

    @Override
    public void flush() {
        if (checkpointAfterCommit) {
            Sql.exec("flush telemetry", () -> jdbi.useHandle(h -> h.execute("CHECKPOINT")));
        }
    }

    @Override
    public List<TelemetryRecord> query(DeviceId id, Instant from, Instant to, int limit) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (limit <= 0) {
            throw PalisadeException.invalid("limit must be positive");
        }
        int n = Math.min(limit, MAX_QUERY_LIMIT);
        return Sql.run("query telemetry", () -> jdbi.withHandle(h -> h.createQuery("SELECT * FROM telemetry "
                + "WHERE device_id = :id AND received_at >= :from AND received_at < :to "
                + "ORDER BY received_at, id LIMIT :limit")
                .bind("id", id.value())
                .bind("from", Sql.ts(from))
                .bind("to", Sql.ts(to))
                .bind("limit", n)
                .map(ROW)
                .list()));
    }

    @Override
    public long count(DeviceId id) {
        Objects.requireNonNull(id, "id");
        return Sql.run("count telemetry", () -> jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM telemetry WHERE device_id = :id")
                .bind("id", id.value()).mapTo(Long.class).one()));
    }

    @Override
    public long deleteByDevice(DeviceId id) {
        Objects.requireNonNull(id, "id");
        return Sql.run("delete telemetry", () -> jdbi.withHandle(h -> h.createUpdate("DELETE FROM telemetry WHERE device_id = :id")
                .bind("id", id.value()).execute()));
    }
}
