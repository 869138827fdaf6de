package io.palisade.store;

import io.palisade.core.PalisadeException;
import io.palisade.core.device.DeviceId;
import io.palisade.core.identity.EnrollmentToken;
import io.palisade.core.store.EnrollmentTokenRepository;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/** The JDBC {@link EnrollmentTokenRepository} (one-time enrollment tokens) of one handle; see {@link JdbcRepositories}. */
final class JdbcEnrollmentTokenRepository extends JdbcRepository implements EnrollmentTokenRepository {
    private static final RowMapper<EnrollmentToken> TOKEN = (rs, ctx) -> new EnrollmentToken(
            DeviceId.of(rs.getString("device_id")), rs.getString("token_hash"), Sql.instant(rs, "issued_at"),
            Sql.instant(rs, "expires_at"), Sql.instant(rs, "used_at"));

    JdbcEnrollmentTokenRepository(Handle h, boolean writable) {
        super(h, writable);
    }

    @Override
    public void insert(EnrollmentToken t) {
        Objects.requireNonNull(t, "token");
        requireWritable();
        if (exists("SELECT 1 FROM enrollment_tokens WHERE token_hash = :k", "k", t.tokenHash())) {
            throw PalisadeException.conflict("enrollment token already exists");
        }
        Sql.exec("insert enrollment token", () -> h.createUpdate("INSERT INTO enrollment_tokens "
                + "(token_hash, device_id, issued_at, expires_at, used_at) "
                + "VALUES (:hash, :deviceId, :issuedAt, :expiresAt, :usedAt)")
                .bind("hash", t.tokenHash())
                .bind("deviceId", t.deviceId().value())
                .bind("issuedAt", Sql.ts(t.issuedAt()))
                .bind("expiresAt", Sql.ts(t.expiresAt()))
                .bind("usedAt", Sql.ts(t.usedAt()))
                .execute());
    }

    @Override
    public Optional<EnrollmentToken> findByHash(String tokenHash) {
        if (tokenHash == null) {
            return Optional.empty();
        }
        return Sql.run("find enrollment token", () -> h.createQuery("SELECT * FROM enrollment_tokens WHERE token_hash = :hash")
                .bind("hash", tokenHash).map(TOKEN).findOne());
    }

    @Override
    public void update(EnrollmentToken t) {
        Objects.requireNonNull(t, "token");
        requireWritable();
        int n = Sql.run("update enrollment token", () -> h.createUpdate("UPDATE enrollment_tokens SET used_at = :usedAt "
                + "WHERE token_hash = :hash")
                .bind("hash", t.tokenHash())
                .bind("usedAt", Sql.ts(t.usedAt()))
                .execute());
        requireOne(n, "enrollment token");
    }

    @Override
    public void invalidateForDevice(DeviceId id, Instant at) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(at, "at");
        requireWritable();
        Sql.exec("invalidate enrollment tokens", () -> h.createUpdate("UPDATE enrollment_tokens SET used_at = :at "
                + "WHERE device_id = :id AND used_at IS NULL")
                .bind("id", id.value())
                .bind("at", Sql.ts(at))
                .execute());
    }
}
