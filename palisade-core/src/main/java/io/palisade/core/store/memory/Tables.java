package io.palisade.core.store.memory;

import io.palisade.core.audit.AuditEvent;
import io.palisade.core.auth.ApiToken;
import io.palisade.core.device.Device;
import io.palisade.core.device.DeviceModel;
import io.palisade.core.identity.CertificateRecord;
import io.palisade.core.identity.EnrollmentToken;
import io.palisade.core.identity.ManufacturerAnchor;
import io.palisade.core.store.RecordRepository.StoredRecord;
import java.math.BigInteger;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.TreeMap;

/**
 * The tables of one store state, keyed by primary key. Values are immutable records, so a copy of the maps is a
 * snapshot: a transaction works on a copy and the store publishes it on commit.
 */
final class Tables {
    final TreeMap<String, DeviceModel> models;
    final TreeMap<String, Device> devices;
    final TreeMap<BigInteger, CertificateRecord> certificates;
    final TreeMap<String, EnrollmentToken> tokens;
    final TreeMap<String, ManufacturerAnchor> manufacturers;
    final TreeMap<Long, AuditEvent> audit;
    final TreeMap<String, ApiToken> apiTokens;
    final TreeMap<String, String> telemetrySchemas;
    final TreeMap<RecordKey, StoredRecord> records;

    /** Primary key of a record: kind, then id (so one kind's records are contiguous and in id order). */
    record RecordKey(String kind, String id) implements Comparable<RecordKey> {
        @Override
        public int compareTo(RecordKey o) {
            int c = kind.compareTo(o.kind);
            return c != 0 ? c : id.compareTo(o.id);
        }
    }

    Tables() {
        this(new TreeMap<>(), new TreeMap<>(), new TreeMap<>(), new TreeMap<>(), new TreeMap<>(), new TreeMap<>(), new TreeMap<>(),
                new TreeMap<>(), new TreeMap<>());
    }

    private Tables(TreeMap<String, DeviceModel> models, TreeMap<String, Device> devices, TreeMap<BigInteger, CertificateRecord> certificates,
            TreeMap<String, EnrollmentToken> tokens, TreeMap<String, ManufacturerAnchor> manufacturers, TreeMap<Long, AuditEvent> audit,
            TreeMap<String, ApiToken> apiTokens, TreeMap<String, String> telemetrySchemas, TreeMap<RecordKey, StoredRecord> records) {
        this.models = models;
        this.devices = devices;
        this.certificates = certificates;
        this.tokens = tokens;
        this.manufacturers = manufacturers;
        this.audit = audit;
        this.apiTokens = apiTokens;
        this.telemetrySchemas = telemetrySchemas;
        this.records = records;
    }

    Tables copy() {
        return new Tables(new TreeMap<>(models), new TreeMap<>(devices), new TreeMap<>(certificates), new TreeMap<>(tokens),
                new TreeMap<>(manufacturers), new TreeMap<>(audit), new TreeMap<>(apiTokens), new TreeMap<>(telemetrySchemas),
                new TreeMap<>(records));
    }

    /** Instants are kept truncated to microseconds, like the JDBC stores (PostgreSQL's precision). */
    static Instant micros(Instant at) {
        return at == null ? null : at.truncatedTo(ChronoUnit.MICROS);
    }
}
