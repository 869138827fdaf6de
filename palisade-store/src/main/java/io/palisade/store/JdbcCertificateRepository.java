package io.palisade.store;

import io.palisade.core.PalisadeException;
import io.palisade.core.device.DeviceId;
import io.palisade.core.identity.CertificateRecord;
import io.palisade.core.identity.CertificateStatus;
import io.palisade.core.identity.RevocationReason;
import io.palisade.core.store.CertificateRepository;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/** The JDBC {@link CertificateRepository} (device certificates) of one handle; see {@link JdbcRepositories}. */
final class JdbcCertificateRepository extends JdbcRepository implements CertificateRepository {
    private static final RowMapper<CertificateRecord> CERT = (rs, ctx) -> new CertificateRecord(
            Sql.serial(rs, "serial"), DeviceId.of(rs.getString("device_id")), rs.getString("key_fingerprint"),
            Sql.instant(rs, "not_before"), Sql.instant(rs, "not_after"),
            CertificateStatus.valueOf(rs.getString("status")), Sql.instant(rs, "revoked_at"),
            Sql.enumOrNull(RevocationReason.class, rs.getString("reason")), rs.getString("pem"));

    /** Splits a candidate list into IN-lists of at most 500 values. */
    private static List<List<String>> chunks(List<String> values) {
        List<List<String>> out = new java.util.ArrayList<>();
        for (int i = 0; i < values.size(); i += 500) {
            out.add(values.subList(i, Math.min(values.size(), i + 500)));
        }
        return out;
    }

    private final boolean h2;

    JdbcCertificateRepository(Handle h, boolean writable, boolean h2) {
        super(h, writable);
        this.h2 = h2;
    }

    @Override
    public void insert(CertificateRecord c) {
        Objects.requireNonNull(c, "certificate");
        requireWritable();
        if (exists("SELECT 1 FROM certificates WHERE serial = :k", "k", new java.math.BigDecimal(c.serial()))) {
            throw PalisadeException.conflict("certificate serial " + c.serialHex() + " already exists");
        }
        Sql.exec("insert certificate " + c.serialHex(), () -> h.createUpdate("INSERT INTO certificates "
                + "(serial, device_id, key_fingerprint, not_before, not_after, status, revoked_at, reason, pem) "
                + "VALUES (:serial, :deviceId, :fp, :notBefore, :notAfter, :status, :revokedAt, :reason, :pem)")
                .bind("serial", Sql.serial(c.serial()))
                .bind("deviceId", c.deviceId().value())
                .bind("fp", c.keyFingerprint())
                .bind("notBefore", Sql.ts(c.notBefore()))
                .bind("notAfter", Sql.ts(c.notAfter()))
                .bind("status", c.status().name())
                .bind("revokedAt", Sql.ts(c.revokedAt()))
                .bind("reason", c.reason() == null ? null : c.reason().name())
                .bind("pem", c.pem())
                .execute());
    }

    @Override
    public void update(CertificateRecord c) {
        Objects.requireNonNull(c, "certificate");
        requireWritable();
        int n = Sql.run("update certificate " + c.serialHex(), () -> h.createUpdate("UPDATE certificates SET "
                + "status = :status, revoked_at = :revokedAt, reason = :reason WHERE serial = :serial")
                .bind("serial", Sql.serial(c.serial()))
                .bind("status", c.status().name())
                .bind("revokedAt", Sql.ts(c.revokedAt()))
                .bind("reason", c.reason() == null ? null : c.reason().name())
                .execute());
        requireOne(n, "certificate " + c.serialHex());
    }

    @Override
    public Optional<CertificateRecord> find(BigInteger serial) {
        if (serial == null) {
            return Optional.empty();
        }
        return Sql.run("find certificate", () -> h.createQuery("SELECT * FROM certificates WHERE serial = :serial")
                .bind("serial", Sql.serial(serial)).map(CERT).findOne());
    }

    @Override
    public List<CertificateRecord> listByDevice(DeviceId id) {
        return Sql.run("list certificates", () -> h.createQuery("SELECT * FROM certificates WHERE device_id = :id "
                + "ORDER BY not_before DESC, serial DESC").bind("id", id.value()).map(CERT).list());
    }

    @Override
    public List<CertificateRecord> listByKeyFingerprint(String keyFingerprint) {
        return Sql.run("list certificates", () -> h.createQuery("SELECT * FROM certificates WHERE key_fingerprint = :fp "
                + "ORDER BY serial").bind("fp", keyFingerprint).map(CERT).list());
    }

    @Override
    public List<CertificateRecord> listRevoked() {
        return Sql.run("list certificates", () -> h.createQuery("SELECT * FROM certificates WHERE status = :status "
                + "ORDER BY serial").bind("status", CertificateStatus.REVOKED.name()).map(CERT).list());
    }

    @Override
    public List<CertificateRecord> list() {
        return Sql.run("list certificates", () -> h.createQuery("SELECT * FROM certificates ORDER BY serial")
                .map(CERT).list());
    }

    /**
     * Aggregated in the database, with no statement returning more rows than there are keys (or devices) on
     * several certificates. Plans chosen for H2 (measured on 1,000,000 devices): full passes only where a
     * single condition suffices (validity, device state); the keys and devices that occur on more than one
     * certificate are found from the indexes alone (index-only GROUP BY), and only those are then checked
     * row by row. For the whole fleet the certificates of devices <em>without</em> an identity (normally
     * none) are subtracted rather than joining every certificate with its device; for one model the model's
     * devices drive the join.
     */
    @Override
    public KeyStats keyStats(Optional<String> model, Instant now) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(now, "now");
        String states = "d.state IN ('ENROLLED', 'ACTIVE', 'QUARANTINED')";
        String identity = states + (model.isPresent() ? " AND d.model = :model" : "");
        String ofDevice = "EXISTS (SELECT 1 FROM devices d WHERE d.id = c.device_id AND " + identity + ")";
        String notRevoked = "(c.status <> 'REVOKED' OR (c.revoked_at IS NOT NULL AND c.revoked_at > :now))";
        String valid = "c.not_before <= :now AND c.not_after >= :now AND " + notRevoked;
        String lifetime = h2 ? "DATEDIFF(SECOND, c.not_before, c.not_after)"
                : "CAST(EXTRACT(EPOCH FROM (c.not_after - c.not_before)) AS BIGINT)";
        java.util.function.Function<String, org.jdbi.v3.core.statement.Query> q = sql -> {
            org.jdbi.v3.core.statement.Query query = h.createQuery(sql);
            if (sql.contains(":now")) {
                query.bind("now", Sql.ts(now));
            }
            if (sql.contains(":model")) {
                query.bind("model", model.orElseThrow());
            }
            return query;
        };
        return Sql.run("aggregate key statistics", () -> {
            long devices = q.apply("SELECT COUNT(*) FROM devices d WHERE " + identity).mapTo(Long.class).one();
            // valid certificates per lifetime (a handful of distinct lifetimes: one per risk profile)
            java.util.Map<Long, Long> lifetimes = new java.util.HashMap<>();
            String perLifetime = "SELECT " + lifetime + " AS life, COUNT(*) AS n FROM ";
            if (model.isPresent()) {
                q.apply(perLifetime + "devices d JOIN certificates c ON c.device_id = d.id WHERE " + identity + " AND " + valid
                        + " GROUP BY " + lifetime).map((rs, ctx) -> lifetimes.merge(rs.getLong("life"), rs.getLong("n"), Long::sum)).list();
            } else {
                q.apply(perLifetime + "certificates c WHERE " + valid + " GROUP BY " + lifetime)
                        .map((rs, ctx) -> lifetimes.merge(rs.getLong("life"), rs.getLong("n"), Long::sum)).list();
                q.apply(perLifetime + "devices d JOIN certificates c ON c.device_id = d.id WHERE NOT (" + states + ") AND " + valid
                        + " GROUP BY " + lifetime).map((rs, ctx) -> lifetimes.merge(rs.getLong("life"), -rs.getLong("n"), Long::sum)).list();
            }
            long validCerts = lifetimes.values().stream().mapToLong(Long::longValue).sum();
            long maxLifetime = lifetimes.entrySet().stream().filter(e -> e.getValue() > 0).mapToLong(java.util.Map.Entry::getKey)
                    .max().orElse(0);
            // devices holding several valid certificates (rotation overlap): candidates from the device index
            List<String> multiDevices = q.apply("SELECT device_id FROM certificates GROUP BY device_id HAVING COUNT(*) > 1")
                    .mapTo(String.class).list();
            long extraPerDevice = 0;
            for (List<String> chunk : chunks(multiDevices)) {
                extraPerDevice += q.apply("SELECT COUNT(*) AS n FROM certificates c WHERE c.device_id IN (<ids>) AND " + valid + " AND "
                        + ofDevice + " GROUP BY c.device_id HAVING COUNT(*) > 1").bindList("ids", chunk).mapTo(Long.class).list()
                        .stream().mapToLong(n -> n - 1).sum();
            }
            // keys on several certificates: candidates from the key index, in fingerprint order
            List<String> multiKeys = q.apply("SELECT key_fingerprint FROM certificates GROUP BY key_fingerprint HAVING COUNT(*) > 1"
                    + " ORDER BY key_fingerprint").mapTo(String.class).list();
            long[] keys = {validCerts, 0, 0};
            List<String> exampleKeys = new java.util.ArrayList<>();
            List<Long> exampleCounts = new java.util.ArrayList<>();
            for (List<String> chunk : chunks(multiKeys)) {
                q.apply("SELECT c.key_fingerprint AS fp, COUNT(*) AS n, COUNT(DISTINCT c.device_id) AS devs FROM certificates c"
                        + " WHERE c.key_fingerprint IN (<fps>) AND " + valid + " AND " + ofDevice
                        + " GROUP BY c.key_fingerprint HAVING COUNT(*) > 1 ORDER BY c.key_fingerprint").bindList("fps", chunk)
                        .map((rs, ctx) -> {
                            long n = rs.getLong("n");
                            long devs = rs.getLong("devs");
                            keys[0] -= n - 1;
                            if (devs > 1) {
                                keys[1]++;
                                keys[2] += devs;
                                if (exampleKeys.size() < KeyStats.MAX_EXAMPLES) {
                                    exampleKeys.add(rs.getString("fp"));
                                    exampleCounts.add(devs);
                                }
                            }
                            return Boolean.TRUE;
                        }).list();
            }
            List<SharedKey> examples = new java.util.ArrayList<>();
            for (int i = 0; i < exampleKeys.size(); i++) {
                String fp = exampleKeys.get(i);
                List<DeviceId> ids = q.apply("SELECT DISTINCT c.device_id FROM certificates c WHERE c.key_fingerprint = :fp AND " + valid
                        + " AND " + ofDevice + " ORDER BY c.device_id LIMIT " + KeyStats.MAX_EXAMPLES).bind("fp", fp)
                        .map((rs, ctx) -> DeviceId.of(rs.getString(1))).list();
                examples.add(new SharedKey(fp, exampleCounts.get(i), ids));
            }
            // devices without a valid certificate whose newest certificate is expired and not revoked
            long expired = q.apply("SELECT COUNT(DISTINCT c.device_id) FROM certificates c WHERE c.not_after < :now AND " + notRevoked
                    + " AND " + ofDevice
                    + " AND NOT EXISTS (SELECT 1 FROM certificates n WHERE n.device_id = c.device_id AND n.not_before > c.not_before)"
                    + " AND NOT EXISTS (SELECT 1 FROM certificates v WHERE v.device_id = c.device_id AND v.not_before <= :now"
                    + " AND v.not_after >= :now AND (v.status <> 'REVOKED' OR (v.revoked_at IS NOT NULL AND v.revoked_at > :now)))")
                    .mapTo(Long.class).one();
            return new KeyStats(devices, validCerts - extraPerDevice, keys[0], keys[1], keys[2], expired, maxLifetime, examples);
        });
    }
}
