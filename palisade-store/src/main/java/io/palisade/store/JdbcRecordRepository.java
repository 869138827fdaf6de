package io.palisade.store;

import io.palisade.core.store.RecordRepository;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/** The JDBC {@link RecordRepository} (versioned records) of one handle; see {@link JdbcRepositories}. */
final class JdbcRecordRepository extends JdbcRepository implements RecordRepository {
    private static final RowMapper<RecordRepository.StoredRecord> RECORD = (rs, ctx) -> new RecordRepository.StoredRecord(
            rs.getString("kind"), rs.getString("id"), rs.getLong("revision"), rs.getString("body"), Sql.instant(rs, "updated_at"));

    JdbcRecordRepository(Handle h, boolean writable) {
        super(h, writable);
    }

    @Override
    public long put(String kind, String id, String body, Instant at) {
        RecordRepository.check(kind, id, body);
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(at, "at");
        requireWritable();
        Optional<Long> current = Sql.run("find record", () -> h.createQuery("SELECT revision FROM records WHERE kind = :k AND id = :i")
                .bind("k", kind).bind("i", id).mapTo(Long.class).findOne());
        if (current.isPresent()) {
            long next = current.get() + 1;
            Sql.exec("update record " + kind + "/" + id, () -> h.createUpdate("UPDATE records SET revision = :r, body = :b, "
                    + "updated_at = :at WHERE kind = :k AND id = :i")
                    .bind("r", next).bind("b", body).bind("at", Sql.ts(at)).bind("k", kind).bind("i", id).execute());
            return next;
        }
        Sql.exec("insert record " + kind + "/" + id, () -> h.createUpdate("INSERT INTO records (kind, id, revision, body, updated_at) "
                + "VALUES (:k, :i, 1, :b, :at)").bind("k", kind).bind("i", id).bind("b", body).bind("at", Sql.ts(at)).execute());
        return 1;
    }

    @Override
    public Optional<StoredRecord> find(String kind, String id) {
        if (kind == null || id == null) {
            return Optional.empty();
        }
        return Sql.run("find record", () -> h.createQuery("SELECT * FROM records WHERE kind = :k AND id = :i")
                .bind("k", kind).bind("i", id).map(RECORD).findOne());
    }

    @Override
    public List<StoredRecord> list(String kind, String idPrefix, int limit) {
        String prefix = idPrefix == null ? "" : idPrefix;
        int n = Math.max(0, Math.min(limit, MAX_PAGE * 10));
        String like = prefix.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
        return Sql.run("list records", () -> h.createQuery("SELECT * FROM records WHERE kind = :k AND id LIKE :p ESCAPE '!' "
                + "ORDER BY id LIMIT :n").bind("k", kind).bind("p", like).bind("n", n)
                .map(RECORD).list());
    }

    @Override
    public boolean delete(String kind, String id) {
        requireWritable();
        return Sql.run("delete record", () -> h.createUpdate("DELETE FROM records WHERE kind = :k AND id = :i")
                .bind("k", kind).bind("i", id).execute()) > 0;
    }

    @Override
    public long count(String kind) {
        return Sql.run("count records", () -> h.createQuery("SELECT COUNT(*) FROM records WHERE kind = :k")
                .bind("k", kind).mapTo(Long.class).one());
    }
}
