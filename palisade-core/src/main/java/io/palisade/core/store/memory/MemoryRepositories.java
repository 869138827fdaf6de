package io.palisade.core.store.memory;

import static io.palisade.core.store.memory.Tables.micros;

import io.palisade.core.PalisadeException;
import io.palisade.core.audit.AuditEvent;
import io.palisade.core.auth.ApiToken;
import io.palisade.core.device.Device;
import io.palisade.core.device.DeviceId;
import io.palisade.core.device.DeviceModel;
import io.palisade.core.device.LifecycleState;
import io.palisade.core.identity.CertificateRecord;
import io.palisade.core.identity.CertificateStatus;
import io.palisade.core.identity.EnrollmentToken;
import io.palisade.core.identity.ManufacturerAnchor;
import io.palisade.core.store.ApiTokenRepository;
import io.palisade.core.audit.AuditRepository;
import io.palisade.core.store.CertificateRepository;
import io.palisade.core.store.DeviceRepository;
import io.palisade.core.store.EnrollmentTokenRepository;
import io.palisade.core.store.ManufacturerRepository;
import io.palisade.core.store.ModelRepository;
import io.palisade.core.store.RecordRepository;
import io.palisade.core.store.Repositories;
import io.palisade.core.store.TelemetrySchemaRepository;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The repositories of one in-memory transaction (or read) over one {@link Tables} state. Same semantics as the JDBC
 * repositories: orderings, CONFLICT on a duplicate key, NOT_FOUND on an update of a missing row or a reference to
 * one, INVALID_INPUT for values longer than their column, and repositories of a read refuse every write.
 */
final class MemoryRepositories implements Repositories {
    /** Upper bound on the rows one list/page call returns (as the JDBC store). */
    static final int MAX_PAGE = 10_000;
    private static final Set<LifecycleState> WITH_IDENTITY = EnumSet.of(LifecycleState.ENROLLED, LifecycleState.ACTIVE, LifecycleState.QUARANTINED);

    private final Tables t;
    private final boolean writable;
    private volatile boolean ended;
    private final Models models = new Models();
    private final Devices devices = new Devices();
    private final Certificates certificates = new Certificates();
    private final Tokens tokens = new Tokens();
    private final Manufacturers manufacturers = new Manufacturers();
    private final Audit audit = new Audit();
    private final ApiTokens apiTokens = new ApiTokens();
    private final TelemetrySchemas telemetrySchemas = new TelemetrySchemas();
    private final Records records = new Records();

    MemoryRepositories(Tables tables, boolean writable) {
        this.t = tables;
        this.writable = writable;
    }

    /** Called when the transaction or read is over: the repositories must not outlive it. */
    void end() {
        ended = true;
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

    @Override
    public TelemetrySchemaRepository telemetrySchemas() {
        return telemetrySchemas;
    }

    @Override
    public RecordRepository records() {
        return records;
    }

    private void live() {
        if (ended) {
            throw new IllegalStateException("these repositories belong to a finished Store transaction or read");
        }
    }

    private void requireWritable() {
        live();
        if (!writable) {
            throw new IllegalStateException("Store.read() is read-only: run writes inside Store.transaction()");
        }
    }

    /** A value longer than its column (the JDBC stores map the database's refusal to INVALID_INPUT). */
    private static void fit(String value, int max, String what) {
        if (value != null && value.length() > max) {
            throw PalisadeException.invalid(what + ": value rejected by the store (too long or out of range)");
        }
    }

    private static PalisadeException missingReference(String what) {
        return PalisadeException.notFound(what + ": refers to a row that does not exist");
    }

    private static PalisadeException missing(String what) {
        return PalisadeException.notFound(what + " does not exist");
    }

    private static int pageLimit(int limit) {
        if (limit <= 0) {
            throw PalisadeException.invalid("limit must be positive");
        }
        return Math.min(limit, MAX_PAGE);
    }

    // ---- models ------------------------------------------------------------------------------------------

    private final class Models implements ModelRepository {
        @Override
        public void insert(DeviceModel m) {
            Objects.requireNonNull(m, "model");
            requireWritable();
            if (t.models.containsKey(m.name())) {
                throw PalisadeException.conflict("model '" + m.name() + "' already exists");
            }
            String what = "insert model '" + m.name() + "'";
            fit(m.name(), 64, what);
            fit(m.manufacturer(), 128, what);
            fit(m.mudUrl(), 2048, what);
            t.models.put(m.name(), new DeviceModel(m.name(), m.manufacturer(), m.supportUntil(), m.mudUrl(), m.profile(), micros(m.createdAt())));
        }

        @Override
        public Optional<DeviceModel> find(String name) {
            live();
            return name == null ? Optional.empty() : Optional.ofNullable(t.models.get(name));
        }

        @Override
        public List<DeviceModel> list() {
            live();
            return List.copyOf(t.models.values());
        }
    }

    // ---- devices -----------------------------------------------------------------------------------------

    private static Device stored(Device d) {
        return new Device(d.id(), d.model(), d.state(), d.owner(), d.firmware(), micros(d.createdAt()), micros(d.updatedAt()));
    }

    private final class Devices implements DeviceRepository {
        @Override
        public void insert(Device d) {
            Objects.requireNonNull(d, "device");
            requireWritable();
            if (t.devices.containsKey(d.id().value())) {
                throw PalisadeException.conflict("device '" + d.id() + "' already exists");
            }
            String what = "insert device '" + d.id() + "'";
            fit(d.owner(), 256, what);
            fit(d.firmware(), 128, what);
            if (!t.models.containsKey(d.model())) {
                throw missingReference(what);
            }
            t.devices.put(d.id().value(), stored(d));
        }

        /** Replaces state, owner, firmware and updatedAt (model and createdAt are kept). */
        @Override
        public void update(Device d) {
            Objects.requireNonNull(d, "device");
            requireWritable();
            Device old = t.devices.get(d.id().value());
            if (old == null) {
                throw missing("device '" + d.id() + "'");
            }
            String what = "update device '" + d.id() + "'";
            fit(d.owner(), 256, what);
            fit(d.firmware(), 128, what);
            t.devices.put(d.id().value(), new Device(old.id(), old.model(), d.state(), d.owner(), d.firmware(), old.createdAt(),
                    micros(d.updatedAt())));
        }

        @Override
        public Optional<Device> find(DeviceId id) {
            live();
            return id == null ? Optional.empty() : Optional.ofNullable(t.devices.get(id.value()));
        }

        @Override
        public List<Device> list() {
            live();
            return List.copyOf(t.devices.values());
        }

        @Override
        public List<Device> listByModel(String model) {
            live();
            return t.devices.values().stream().filter(d -> d.model().equals(model)).toList();
        }

        @Override
        public Map<String, Map<String, Long>> countByModelAndFirmware() {
            live();
            Map<String, Map<String, Long>> out = new TreeMap<>();
            for (Device d : t.devices.values()) {
                if (d.state() != LifecycleState.DECOMMISSIONED) {
                    out.computeIfAbsent(d.model(), k -> new TreeMap<>()).merge(d.firmware() == null ? "" : d.firmware(), 1L, Long::sum);
                }
            }
            return out;
        }
    }

    // ---- certificates ------------------------------------------------------------------------------------

    private final class Certificates implements CertificateRepository {
        @Override
        public void insert(CertificateRecord c) {
            Objects.requireNonNull(c, "certificate");
            requireWritable();
            if (t.certificates.containsKey(c.serial())) {
                throw PalisadeException.conflict("certificate serial " + c.serialHex() + " already exists");
            }
            String what = "insert certificate " + c.serialHex();
            fit(c.keyFingerprint(), 128, what);
            fit(c.pem(), 65536, what);
            fit(c.serial().abs().toString(), 64, what); // NUMERIC(64, 0)
            if (!t.devices.containsKey(c.deviceId().value())) {
                throw missingReference(what);
            }
            t.certificates.put(c.serial(), new CertificateRecord(c.serial(), c.deviceId(), c.keyFingerprint(), micros(c.notBefore()),
                    micros(c.notAfter()), c.status(), micros(c.revokedAt()), c.reason(), c.pem()));
        }

        /** Replaces status, revokedAt and reason. */
        @Override
        public void update(CertificateRecord c) {
            Objects.requireNonNull(c, "certificate");
            requireWritable();
            CertificateRecord old = t.certificates.get(c.serial());
            if (old == null) {
                throw missing("certificate " + c.serialHex());
            }
            t.certificates.put(c.serial(), new CertificateRecord(old.serial(), old.deviceId(), old.keyFingerprint(), old.notBefore(),
                    old.notAfter(), c.status(), micros(c.revokedAt()), c.reason(), old.pem()));
        }

        @Override
        public Optional<CertificateRecord> find(BigInteger serial) {
            live();
            return serial == null ? Optional.empty() : Optional.ofNullable(t.certificates.get(serial));
        }

        @Override
        public List<CertificateRecord> listByDevice(DeviceId id) {
            live();
            return t.certificates.values().stream().filter(c -> c.deviceId().equals(id))
                    .sorted(Comparator.comparing(CertificateRecord::notBefore).thenComparing(CertificateRecord::serial).reversed())
                    .toList();
        }

        @Override
        public List<CertificateRecord> listByKeyFingerprint(String keyFingerprint) {
            live();
            return t.certificates.values().stream().filter(c -> c.keyFingerprint().equals(keyFingerprint)).toList();
        }

        @Override
        public List<CertificateRecord> listRevoked() {
            live();
            return t.certificates.values().stream().filter(c -> c.status() == CertificateStatus.REVOKED).toList();
        }

        @Override
        public List<CertificateRecord> list() {
            live();
            return List.copyOf(t.certificates.values());
        }

        @Override
        public KeyStats keyStats(Optional<String> model, Instant now) {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(now, "now");
            live();
            Instant at = micros(now);
            Set<DeviceId> holders = new HashSet<>();
            for (Device d : t.devices.values()) {
                if (WITH_IDENTITY.contains(d.state()) && model.map(d.model()::equals).orElse(true)) {
                    holders.add(d.id());
                }
            }
            Map<DeviceId, List<CertificateRecord>> byDevice = new HashMap<>();
            for (CertificateRecord c : t.certificates.values()) {
                if (holders.contains(c.deviceId())) {
                    byDevice.computeIfAbsent(c.deviceId(), k -> new ArrayList<>()).add(c);
                }
            }
            Set<DeviceId> withValid = new HashSet<>();
            TreeMap<String, TreeSet<DeviceId>> devicesPerKey = new TreeMap<>();
            long maxLifetime = 0;
            long expiredInUse = 0;
            for (var e : byDevice.entrySet()) {
                List<CertificateRecord> certs = e.getValue();
                boolean anyValid = false;
                for (CertificateRecord c : certs) {
                    if (c.isValidAt(at)) {
                        anyValid = true;
                        devicesPerKey.computeIfAbsent(c.keyFingerprint(), k -> new TreeSet<>()).add(c.deviceId());
                        maxLifetime = Math.max(maxLifetime, Duration.between(c.notBefore(), c.notAfter()).getSeconds());
                    }
                }
                if (anyValid) {
                    withValid.add(e.getKey());
                    continue;
                }
                Instant newest = certs.stream().map(CertificateRecord::notBefore).max(Comparator.naturalOrder()).orElseThrow();
                boolean expired = certs.stream().anyMatch(c -> c.notBefore().equals(newest) && c.notAfter().isBefore(at) && !c.isRevokedAt(at));
                if (expired) {
                    expiredInUse++;
                }
            }
            long sharedGroups = 0;
            long devicesOnShared = 0;
            List<SharedKey> examples = new ArrayList<>();
            for (var e : devicesPerKey.entrySet()) {
                int n = e.getValue().size();
                if (n > 1) {
                    sharedGroups++;
                    devicesOnShared += n;
                    if (examples.size() < KeyStats.MAX_EXAMPLES) {
                        examples.add(new SharedKey(e.getKey(), n, e.getValue().stream().limit(KeyStats.MAX_EXAMPLES).toList()));
                    }
                }
            }
            return new KeyStats(holders.size(), withValid.size(), devicesPerKey.size(), sharedGroups, devicesOnShared, expiredInUse,
                    maxLifetime, examples);
        }
    }

    // ---- enrollment tokens -------------------------------------------------------------------------------

    private final class Tokens implements EnrollmentTokenRepository {
        @Override
        public void insert(EnrollmentToken tok) {
            Objects.requireNonNull(tok, "token");
            requireWritable();
            if (t.tokens.containsKey(tok.tokenHash())) {
                throw PalisadeException.conflict("enrollment token already exists");
            }
            fit(tok.tokenHash(), 128, "insert enrollment token");
            if (!t.devices.containsKey(tok.deviceId().value())) {
                throw missingReference("insert enrollment token");
            }
            t.tokens.put(tok.tokenHash(), new EnrollmentToken(tok.deviceId(), tok.tokenHash(), micros(tok.issuedAt()), micros(tok.expiresAt()),
                    micros(tok.usedAt())));
        }

        @Override
        public Optional<EnrollmentToken> findByHash(String tokenHash) {
            live();
            return tokenHash == null ? Optional.empty() : Optional.ofNullable(t.tokens.get(tokenHash));
        }

        /** Replaces usedAt. */
        @Override
        public void update(EnrollmentToken tok) {
            Objects.requireNonNull(tok, "token");
            requireWritable();
            EnrollmentToken old = t.tokens.get(tok.tokenHash());
            if (old == null) {
                throw missing("enrollment token");
            }
            t.tokens.put(old.tokenHash(), new EnrollmentToken(old.deviceId(), old.tokenHash(), old.issuedAt(), old.expiresAt(), micros(tok.usedAt())));
        }

        @Override
        public void invalidateForDevice(DeviceId id, Instant at) {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(at, "at");
            requireWritable();
            for (var e : t.tokens.entrySet()) {
                EnrollmentToken tok = e.getValue();
                if (tok.deviceId().equals(id) && tok.usedAt() == null) {
                    e.setValue(tok.used(micros(at)));
                }
            }
        }
    }

    // ---- manufacturers -----------------------------------------------------------------------------------

    private static final Comparator<ManufacturerAnchor> BY_NAME = Comparator.comparing(ManufacturerAnchor::name)
            .thenComparing(ManufacturerAnchor::fingerprint);

    private final class Manufacturers implements ManufacturerRepository {
        @Override
        public void insert(ManufacturerAnchor a) {
            Objects.requireNonNull(a, "anchor");
            requireWritable();
            if (t.manufacturers.containsKey(a.fingerprint())) {
                throw PalisadeException.conflict("manufacturer anchor " + a.fingerprint() + " is already registered");
            }
            check(a, "insert manufacturer anchor");
            t.manufacturers.put(a.fingerprint(), stored(a));
        }

        /** Replaces name, certificate PEM, addedAt and revoked of the anchor with this fingerprint. */
        @Override
        public void update(ManufacturerAnchor a) {
            Objects.requireNonNull(a, "anchor");
            requireWritable();
            if (!t.manufacturers.containsKey(a.fingerprint())) {
                throw missing("manufacturer anchor " + a.fingerprint());
            }
            check(a, "update manufacturer anchor");
            t.manufacturers.put(a.fingerprint(), stored(a));
        }

        private static void check(ManufacturerAnchor a, String what) {
            fit(a.fingerprint(), 128, what);
            fit(a.name(), 256, what);
            fit(a.certificatePem(), 65536, what);
        }

        private static ManufacturerAnchor stored(ManufacturerAnchor a) {
            return new ManufacturerAnchor(a.name(), a.fingerprint(), a.certificatePem(), micros(a.addedAt()), a.revoked());
        }

        @Override
        public Optional<ManufacturerAnchor> findByFingerprint(String fingerprint) {
            live();
            return fingerprint == null ? Optional.empty() : Optional.ofNullable(t.manufacturers.get(fingerprint));
        }

        @Override
        public List<ManufacturerAnchor> list() {
            live();
            return t.manufacturers.values().stream().sorted(BY_NAME).toList();
        }
    }

    // ---- audit -------------------------------------------------------------------------------------------

    /** Append-only, and instants are kept exact (the entry hash covers {@code at.toString()}). */
    private final class Audit implements AuditRepository {
        @Override
        public void append(AuditEvent e) {
            Objects.requireNonNull(e, "event");
            requireWritable();
            if (t.audit.containsKey(e.seq())) {
                throw PalisadeException.conflict("audit entry " + e.seq() + " already exists (the log is append-only)");
            }
            String what = "append audit entry " + e.seq();
            fit(e.actor(), 512, what);
            fit(e.action(), 128, what);
            fit(e.subject(), 512, what);
            fit(e.detail(), 16384, what);
            t.audit.put(e.seq(), e);
        }

        @Override
        public Optional<AuditEvent> last() {
            live();
            var last = t.audit.lastEntry();
            return last == null ? Optional.empty() : Optional.of(last.getValue());
        }

        @Override
        public List<AuditEvent> list(long afterSeq, int limit) {
            int n = pageLimit(limit);
            live();
            return t.audit.tailMap(afterSeq, false).values().stream().limit(n).toList();
        }
    }

    // ---- API tokens --------------------------------------------------------------------------------------

    private final class ApiTokens implements ApiTokenRepository {
        @Override
        public void insert(ApiToken a) {
            Objects.requireNonNull(a, "token");
            requireWritable();
            if (t.apiTokens.containsKey(a.id()) || t.apiTokens.values().stream().anyMatch(x -> x.tokenHash().equals(a.tokenHash()))) {
                throw PalisadeException.conflict("API token '" + a.id() + "' already exists");
            }
            fit(a.id(), 128, "insert API token");
            fit(a.tokenHash(), 128, "insert API token");
            fit(a.role(), 64, "insert API token");
            t.apiTokens.put(a.id(), new ApiToken(a.id(), a.tokenHash(), a.role(), micros(a.createdAt()), micros(a.revokedAt())));
        }

        @Override
        public Optional<ApiToken> findByHash(String tokenHash) {
            live();
            return tokenHash == null ? Optional.empty()
                    : t.apiTokens.values().stream().filter(a -> a.tokenHash().equals(tokenHash)).findFirst();
        }

        /** Ordered by createdAt, then id. */
        @Override
        public List<ApiToken> list() {
            live();
            return t.apiTokens.values().stream().sorted(Comparator.comparing(ApiToken::createdAt).thenComparing(ApiToken::id)).toList();
        }
    }

    // ---- telemetry schemas per model -------------------------------------------------------------------

    private final class TelemetrySchemas implements TelemetrySchemaRepository {
        @Override
        public void put(String model, String schema, Instant at) {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(schema, "schema");
            requireWritable();
            if (!t.models.containsKey(model)) {
                throw missing("model '" + model + "'");
            }
            fit(schema, 65536, "store telemetry schema");
            t.telemetrySchemas.put(model, schema);
        }

        @Override
        public Optional<String> find(String model) {
            live();
            return model == null ? Optional.empty() : Optional.ofNullable(t.telemetrySchemas.get(model));
        }

        @Override
        public boolean remove(String model) {
            requireWritable();
            return model != null && t.telemetrySchemas.remove(model) != null;
        }
    }

    // ---- records -----------------------------------------------------------------------------------------

    private final class Records implements RecordRepository {
        @Override
        public long put(String kind, String id, String body, Instant at) {
            RecordRepository.check(kind, id, body);
            Objects.requireNonNull(body, "body");
            Objects.requireNonNull(at, "at");
            requireWritable();
            Tables.RecordKey key = new Tables.RecordKey(kind, id);
            StoredRecord current = t.records.get(key);
            long revision = current == null ? 1 : current.revision() + 1;
            t.records.put(key, new StoredRecord(kind, id, revision, body, micros(at)));
            return revision;
        }

        @Override
        public Optional<StoredRecord> find(String kind, String id) {
            live();
            return kind == null || id == null ? Optional.empty() : Optional.ofNullable(t.records.get(new Tables.RecordKey(kind, id)));
        }

        @Override
        public List<StoredRecord> list(String kind, String idPrefix, int limit) {
            live();
            String prefix = idPrefix == null ? "" : idPrefix;
            int n = Math.max(0, Math.min(limit, MAX_PAGE * 10));
            if (kind == null) {
                return List.of();
            }
            return t.records.tailMap(new Tables.RecordKey(kind, prefix), true).values().stream()
                    .takeWhile(r -> r.kind().equals(kind) && r.id().startsWith(prefix))
                    .limit(n)
                    .toList();
        }

        @Override
        public boolean delete(String kind, String id) {
            requireWritable();
            return kind != null && id != null && t.records.remove(new Tables.RecordKey(kind, id)) != null;
        }

        @Override
        public long count(String kind) {
            live();
            return kind == null ? 0 : t.records.subMap(new Tables.RecordKey(kind, ""), true, new Tables.RecordKey(kind + "\0", ""), false).size();
        }
    }
}
