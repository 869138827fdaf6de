package io.palisade.store;

import io.palisade.core.PalisadeException;
import io.palisade.core.identity.ManufacturerAnchor;
import io.palisade.core.store.ManufacturerRepository;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/** The JDBC {@link ManufacturerRepository} (manufacturer trust anchors) of one handle; see {@link JdbcRepositories}. */
final class JdbcManufacturerRepository extends JdbcRepository implements ManufacturerRepository {
    private static final RowMapper<ManufacturerAnchor> ANCHOR = (rs, ctx) -> new ManufacturerAnchor(
            rs.getString("name"), rs.getString("fingerprint"), rs.getString("certificate_pem"),
            Sql.instant(rs, "added_at"), rs.getBoolean("revoked"));

    JdbcManufacturerRepository(Handle h, boolean writable) {
        super(h, writable);
    }

    @Override
    public void insert(ManufacturerAnchor a) {
        Objects.requireNonNull(a, "anchor");
        requireWritable();
        if (exists("SELECT 1 FROM manufacturers WHERE fingerprint = :k", "k", a.fingerprint())) {
            throw PalisadeException.conflict("manufacturer anchor " + a.fingerprint() + " is already registered");
        }
        Sql.exec("insert manufacturer anchor", () -> h.createUpdate("INSERT INTO manufacturers "
                + "(fingerprint, name, certificate_pem, added_at, revoked) "
                + "VALUES (:fp, :name, :pem, :addedAt, :revoked)")
                .bind("fp", a.fingerprint())
                .bind("name", a.name())
                .bind("pem", a.certificatePem())
                .bind("addedAt", Sql.ts(a.addedAt()))
                .bind("revoked", a.revoked())
                .execute());
    }

    /** Replaces name, certificate PEM, addedAt and revoked of the anchor with this fingerprint. */
    @Override
    public void update(ManufacturerAnchor a) {
        Objects.requireNonNull(a, "anchor");
        requireWritable();
        int n = Sql.run("update manufacturer anchor", () -> h.createUpdate("UPDATE manufacturers SET name = :name, "
                + "certificate_pem = :pem, added_at = :addedAt, revoked = :revoked WHERE fingerprint = :fp")
                .bind("fp", a.fingerprint())
                .bind("name", a.name())
                .bind("pem", a.certificatePem())
                .bind("addedAt", Sql.ts(a.addedAt()))
                .bind("revoked", a.revoked())
                .execute());
        requireOne(n, "manufacturer anchor " + a.fingerprint());
    }

    @Override
    public Optional<ManufacturerAnchor> findByFingerprint(String fingerprint) {
        if (fingerprint == null) {
            return Optional.empty();
        }
        return Sql.run("find manufacturer anchor", () -> h.createQuery("SELECT * FROM manufacturers WHERE fingerprint = :fp")
                .bind("fp", fingerprint).map(ANCHOR).findOne());
    }

    @Override
    public List<ManufacturerAnchor> list() {
        return Sql.run("list manufacturer anchors", () -> h.createQuery("SELECT * FROM manufacturers ORDER BY name, fingerprint")
                .map(ANCHOR).list());
    }
}
