package io.palisade.store;

import io.palisade.core.PalisadeException;
import io.palisade.core.audit.AuditEvent;
import io.palisade.core.auth.ApiToken;
import io.palisade.core.device.Device;
import io.palisade.core.device.DeviceId;
import io.palisade.core.device.DeviceModel;
import io.palisade.core.device.LifecycleState;
import io.palisade.core.device.RiskProfile;
import io.palisade.core.identity.CertificateRecord;
import io.palisade.core.identity.CertificateStatus;
import io.palisade.core.identity.EnrollmentToken;
import io.palisade.core.identity.ManufacturerAnchor;
import io.palisade.core.identity.RevocationReason;
import io.palisade.core.store.ApiTokenRepository;
import io.palisade.core.store.AuditRepository;
import io.palisade.core.store.CertificateRepository;
import io.palisade.core.store.DeviceRepository;
import io.palisade.core.store.EnrollmentTokenRepository;
import io.palisade.core.store.ManufacturerRepository;
import io.palisade.core.store.ModelRepository;
import io.palisade.core.store.Repositories;
import io.palisade.core.store.RecordRepository;
import io.palisade.core.store.TelemetrySchemaRepository;
import java.math.BigInteger;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * The repositories of one JDBI handle (one transaction). Inserts check for an existing key first (so a CONFLICT
 * leaves a PostgreSQL transaction usable) and still map a unique violation to CONFLICT. Repositories obtained
 * through {@code Store.read} refuse every write.
 */
final class JdbcRepositories implements Repositories {
    /** Upper bound on the rows one list/page call returns. */
    static final int MAX_PAGE = 10_000;

    private final Handle h;
    private final boolean writable;
    private final boolean h2;
    private final Models models = new Models();
    private final Devices devices = new Devices();
    private final Certificates certificates = new Certificates();
    private final Tokens tokens = new Tokens();
    private final Manufacturers manufacturers = new Manufacturers();
    private final Audit audit = new Audit();
    private final ApiTokens apiTokens = new ApiTokens();
    private final TelemetrySchemas telemetrySchemas = new TelemetrySchemas();
    private final Records records = new Records();

    JdbcRepositories(Handle handle, boolean writable, JdbcStore.Vendor vendor) {
        this.h = handle;
        this.writable = writable;
        this.h2 = vendor == JdbcStore.Vendor.H2;
    }

    @Override
    public RecordRepository records() {
        return records;
    }

    @Override
    public TelemetrySchemaRepository telemetrySchemas() {
        return telemetrySchemas;
    }

    @Override
    public ModelRepository models() {
        return models;
    }

    @Override
    public DeviceRepository devices() {
        return devices;
    }

    @Override
    public CertificateRepository certificates() {
        return certificates;
    }

    @Override
    public EnrollmentTokenRepository enrollmentTokens() {
        return tokens;
    }

    @Override
    public ManufacturerRepository manufacturers() {
        return manufacturers;
    }

    @Override
    public AuditRepository audit() {
        return audit;
    }

    @Override
    public ApiTokenRepository apiTokens() {
        return apiTokens;
    }

    private void requireWritable() {
        if (!writable) {
            throw new IllegalStateException("Store.read() is read-only: run writes inside Store.transaction()");
        }
    }

    private boolean exists(String sql, String name, Object value) {
        return Sql.run("lookup", () -> h.createQuery(sql).bind(name, value).mapTo(Integer.class).findFirst().isPresent());
    }

    private static void requireOne(int rows, String what) {
        if (rows == 0) {
            throw PalisadeException.notFound(what + " does not exist");
        }
    }

    private static int pageLimit(int limit) {
        if (limit <= 0) {
            throw PalisadeException.invalid("limit must be positive");
        }
        return Math.min(limit, MAX_PAGE);
    }

    // ---- models ------------------------------------------------------------------------------------------

    private static final RowMapper<DeviceModel> MODEL = (rs, ctx) -> new DeviceModel(rs.getString("name"),
            rs.getString("manufacturer"), YearMonth.parse(rs.getString("support_until")), rs.getString("mud_url"),
            RiskProfile.valueOf(rs.getString("risk_profile")), Sql.instant(rs, "created_at"));

    private final class Models implements ModelRepository {
        @Override
        public void insert(DeviceModel m) {
            Objects.requireNonNull(m, "model");
            requireWritable();
            if (exists("SELECT 1 FROM device_models WHERE name = :k", "k", m.name())) {
                throw PalisadeException.conflict("model '" + m.name() + "' already exists");
            }
            Sql.exec("insert model '" + m.name() + "'", () -> h.createUpdate("INSERT INTO device_models "
                    + "(name, manufacturer, support_until, mud_url, risk_profile, created_at) "
                    + "VALUES (:name, :manufacturer, :supportUntil, :mudUrl, :profile, :createdAt)")
                    .bind("name", m.name())
                    .bind("manufacturer", m.manufacturer())
                    .bind("supportUntil", m.supportUntil().toString())
                    .bind("mudUrl", m.mudUrl())
                    .bind("profile", m.profile().name())
                    .bind("createdAt", Sql.ts(m.createdAt()))
                    .execute());
        }

        @Override
        public Optional<DeviceModel> find(String name) {
            if (name == null) {
                return Optional.empty();
            }
            return Sql.run("find model", () -> h.createQuery("SELECT * FROM device_models WHERE name = :name")
                    .bind("name", name).map(MODEL).findOne());
        }

        @Override
        public List<DeviceModel> list() {
            return Sql.run("list models", () -> h.createQuery("SELECT * FROM device_models ORDER BY name")
                    .map(MODEL).list());
        }
    }

    // ---- devices -----------------------------------------------------------------------------------------

    private static final RowMapper<Device> DEVICE = (rs, ctx) -> new Device(DeviceId.of(rs.getString("id")),
            rs.getString("model"), LifecycleState.valueOf(rs.getString("state")), rs.getString("owner_name"),
            rs.getString("firmware"), Sql.instant(rs, "created_at"), Sql.instant(rs, "updated_at"));

    private final class Devices implements DeviceRepository {
        @Override
        public void insert(Device d) {
            Objects.requireNonNull(d, "device");
            requireWritable();
            if (exists("SELECT 1 FROM devices WHERE id = :k", "k", d.id().value())) {
                throw PalisadeException.conflict("device '" + d.id() + "' already exists");
            }
            Sql.exec("insert device '" + d.id() + "'", () -> h.createUpdate("INSERT INTO devices "
                    + "(id, model, state, owner_name, firmware, created_at, updated_at) "
                    + "VALUES (:id, :model, :state, :owner, :firmware, :createdAt, :updatedAt)")
                    .bind("id", d.id().value())
                    .bind("model", d.model())
                    .bind("state", d.state().name())
                    .bind("owner", d.owner())
                    .bind("firmware", d.firmware())
                    .bind("createdAt", Sql.ts(d.createdAt()))
                    .bind("updatedAt", Sql.ts(d.updatedAt()))
                    .execute());
        }

        @Override
        public void update(Device d) {
            Objects.requireNonNull(d, "device");
            requireWritable();
            int n = Sql.run("update device '" + d.id() + "'", () -> h.createUpdate("UPDATE devices SET state = :state, "
                    + "owner_name = :owner, firmware = :firmware, updated_at = :updatedAt WHERE id = :id")
                    .bind("id", d.id().value())
                    .bind("state", d.state().name())
                    .bind("owner", d.owner())
                    .bind("firmware", d.firmware())
                    .bind("updatedAt", Sql.ts(d.updatedAt()))
                    .execute());
            requireOne(n, "device '" + d.id() + "'");
        }

        @Override
        public Optional<Device> find(DeviceId id) {
            if (id == null) {
                return Optional.empty();
            }
            return Sql.run("find device", () -> h.createQuery("SELECT * FROM devices WHERE id = :id")
                    .bind("id", id.value()).map(DEVICE).findOne());
        }

        @Override
        public List<Device> list() {
            return Sql.run("list devices", () -> h.createQuery("SELECT * FROM devices ORDER BY id").map(DEVICE).list());
        }

        @Override
        public java.util.Map<String, java.util.Map<String, Long>> countByModelAndFirmware() {
            java.util.Map<String, java.util.Map<String, Long>> out = new java.util.TreeMap<>();
            Sql.exec("count devices per model and firmware", () -> h.createQuery(
                    "SELECT model, firmware, COUNT(*) AS n FROM devices WHERE state <> 'DECOMMISSIONED' GROUP BY model, firmware")
                    .map((rs, ctx) -> {
                        String fw = rs.getString("firmware");
                        out.computeIfAbsent(rs.getString("model"), k -> new java.util.TreeMap<>())
                                .merge(fw == null ? "" : fw, rs.getLong("n"), Long::sum);
                        return 1;
                    }).list());
            return out;
        }

        @Override
        public List<Device> listByModel(String model) {
            return Sql.run("list devices", () -> h.createQuery("SELECT * FROM devices WHERE model = :model ORDER BY id")
                    .bind("model", model).map(DEVICE).list());
        }
    }

    // ---- certificates ------------------------------------------------------------------------------------

    private static final RowMapper<CertificateRecord> CERT = (rs, ctx) -> new CertificateRecord(
            Sql.serial(rs, "serial"), DeviceId.of(rs.getString("device_id")), rs.getString("key_fingerprint"),
            Sql.instant(rs, "not_before"), Sql.instant(rs, "not_after"),
            CertificateStatus.valueOf(rs.getString("status")), Sql.instant(rs, "revoked_at"),
            Sql.enumOrNull(RevocationReason.class, rs.getString("reason")), rs.getString("pem"));

    private final class Certificates implements CertificateRepository {
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

    /** Splits a candidate list into IN-lists of at most 500 values. */
    private static List<List<String>> chunks(List<String> values) {
        List<List<String>> out = new java.util.ArrayList<>();
        for (int i = 0; i < values.size(); i += 500) {
            out.add(values.subList(i, Math.min(values.size(), i + 500)));
        }
        return out;
    }

    // ---- enrollment tokens -------------------------------------------------------------------------------

    private static final RowMapper<EnrollmentToken> TOKEN = (rs, ctx) -> new EnrollmentToken(
            DeviceId.of(rs.getString("device_id")), rs.getString("token_hash"), Sql.instant(rs, "issued_at"),
            Sql.instant(rs, "expires_at"), Sql.instant(rs, "used_at"));

    private final class Tokens implements EnrollmentTokenRepository {
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

    // ---- manufacturers -----------------------------------------------------------------------------------

    private static final RowMapper<ManufacturerAnchor> ANCHOR = (rs, ctx) -> new ManufacturerAnchor(
            rs.getString("name"), rs.getString("fingerprint"), rs.getString("certificate_pem"),
            Sql.instant(rs, "added_at"), rs.getBoolean("revoked"));

    private final class Manufacturers implements ManufacturerRepository {
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

    // ---- audit -------------------------------------------------------------------------------------------

    private static final RowMapper<AuditEvent> AUDIT = (rs, ctx) -> {
        Instant micros = Sql.instant(rs, "occurred_at");
        Instant exact = Instant.ofEpochSecond(micros.getEpochSecond(), rs.getInt("occurred_nanos"));
        return new AuditEvent(rs.getLong("seq"), exact, rs.getString("actor"), rs.getString("action"),
                rs.getString("subject"), rs.getString("detail"), rs.getString("prev_hash"), rs.getString("hash"));
    };

    /** Append-only: this class has no update or delete, and the SQL it issues is INSERT and SELECT only. */
    private final class Audit implements AuditRepository {
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

    // ---- API tokens --------------------------------------------------------------------------------------

    private static final RowMapper<ApiToken> API_TOKEN = (rs, ctx) -> new ApiToken(rs.getString("id"),
            rs.getString("token_hash"), rs.getString("role"), Sql.instant(rs, "created_at"), Sql.instant(rs, "revoked_at"));

    private final class ApiTokens implements ApiTokenRepository {
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

    // ---- telemetry schemas per model -------------------------------------------------------------------

    private final class TelemetrySchemas implements TelemetrySchemaRepository {
        @Override
        public void put(String model, String schema, java.time.Instant at) {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(schema, "schema");
            requireWritable();
            if (!exists("SELECT 1 FROM device_models WHERE name = :k", "k", model)) {
                throw PalisadeException.notFound("model '" + model + "' does not exist");
            }
            Sql.exec("remove telemetry schema", () -> h.createUpdate("DELETE FROM model_telemetry_schemas WHERE model = :m").bind("m", model).execute());
            Sql.exec("store telemetry schema", () -> h.createUpdate("INSERT INTO model_telemetry_schemas (model, schema_text, updated_at) "
                    + "VALUES (:m, :s, :at)").bind("m", model).bind("s", schema).bind("at", Sql.ts(at)).execute());
        }

        @Override
        public Optional<String> find(String model) {
            if (model == null) {
                return Optional.empty();
            }
            return Sql.run("find telemetry schema", () -> h.createQuery("SELECT schema_text FROM model_telemetry_schemas WHERE model = :m")
                    .bind("m", model).mapTo(String.class).findOne());
        }

        @Override
        public boolean remove(String model) {
            requireWritable();
            return Sql.run("remove telemetry schema", () -> h.createUpdate("DELETE FROM model_telemetry_schemas WHERE model = :m")
                    .bind("m", model).execute()) > 0;
        }
    }

    // ---- records -----------------------------------------------------------------------------------------

    private static final RowMapper<RecordRepository.StoredRecord> RECORD = (rs, ctx) -> new RecordRepository.StoredRecord(
            rs.getString("kind"), rs.getString("id"), rs.getLong("revision"), rs.getString("body"), Sql.instant(rs, "updated_at"));

    private final class Records implements RecordRepository {
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
}
