package io.palisade.store;

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
import org.jdbi.v3.core.Handle;

/**
 * The repositories of one JDBI handle (one transaction), one class per repository ({@code Jdbc*Repository}).
 * Inserts check for an existing key first (so a CONFLICT leaves a PostgreSQL transaction usable) and still map a
 * unique violation to CONFLICT. Repositories obtained through {@code Store.read} refuse every write.
 */
final class JdbcRepositories implements Repositories {
    /** Upper bound on the rows one list/page call returns. */
    static final int MAX_PAGE = JdbcRepository.MAX_PAGE;

    private final JdbcModelRepository models;
    private final JdbcDeviceRepository devices;
    private final JdbcCertificateRepository certificates;
    private final JdbcEnrollmentTokenRepository tokens;
    private final JdbcManufacturerRepository manufacturers;
    private final JdbcAuditRepository audit;
    private final JdbcApiTokenRepository apiTokens;
    private final JdbcTelemetrySchemaRepository telemetrySchemas;
    private final JdbcRecordRepository records;

    JdbcRepositories(Handle handle, boolean writable, JdbcStore.Vendor vendor) {
        this.models = new JdbcModelRepository(handle, writable);
        this.devices = new JdbcDeviceRepository(handle, writable);
        this.certificates = new JdbcCertificateRepository(handle, writable, vendor == JdbcStore.Vendor.H2);
        this.tokens = new JdbcEnrollmentTokenRepository(handle, writable);
        this.manufacturers = new JdbcManufacturerRepository(handle, writable);
        this.audit = new JdbcAuditRepository(handle, writable);
        this.apiTokens = new JdbcApiTokenRepository(handle, writable);
        this.telemetrySchemas = new JdbcTelemetrySchemaRepository(handle, writable);
        this.records = new JdbcRecordRepository(handle, writable);
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
}
