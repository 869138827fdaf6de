package io.palisade.store;

import io.palisade.core.PalisadeException;
import io.palisade.core.auth.ApiToken;
import io.palisade.core.store.ApiTokenRepository;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/** The JDBC {@link ApiTokenRepository} (API tokens) of one handle; see {@link JdbcRepositories}. */
final class JdbcApiTokenRepository extends JdbcRepository implements ApiTokenRepository {
    private static final RowMapper<ApiToken> API_TOKEN = (rs, ctx) -> new ApiToken(rs.getString("id"),
            rs.getString("token_hash"), rs.getString("role"), Sql.instant(rs, "created_at"), Sql.instant(rs, "revoked_at"));

    JdbcApiTokenRepository(Handle h, boolean writable) {
        super(h, writable);
    }

    @Override
    public void insert(ApiToken t) {
        Objects.requireNonNull(t, "token");
        requireWritable();
        if (exists("SELECT 1 FROM api_tokens WHERE id = :k", "k", t.id())
                || exists("SELECT 1 FROM api_tokens WHERE token_hash = :k", "k", t.tokenHash())) {
            throw PalisadeException.conflict("API token '" + t.id() + "' already exists");
        }
        Sql.exec("insert API token", () -> h.createUpdate("INSERT INTO api_tokens (id, token_hash, role, created_at, revoked_at) "
                + "VALUES (:id, :hash, :role, :createdAt, :revokedAt)")
                .bind("id", t.id())
                .bind("hash", t.tokenHash())
                .bind("role", t.role())
                .bind("createdAt", Sql.ts(t.createdAt()))
                .bind("revokedAt", Sql.ts(t.revokedAt()))
                .execute());
    }

    @Override
    public Optional<ApiToken> findByHash(String tokenHash) {
        if (tokenHash == null) {
            return Optional.empty();
        }
        return Sql.run("find API token", () -> h.createQuery("SELECT * FROM api_tokens WHERE token_hash = :hash")
                .bind("hash", tokenHash).map(API_TOKEN).findOne());
    }

    /** Ordered by createdAt, then id. */
    @Override
    public List<ApiToken> list() {
        return Sql.run("list API tokens", () -> h.createQuery("SELECT * FROM api_tokens ORDER BY created_at, id")
                .map(API_TOKEN).list());
    }
}
