package io.palisade.core.store;

import io.palisade.core.audit.AuditRepository;

/** The repositories of one transaction. */
public interface Repositories {
    ModelRepository models();

    DeviceRepository devices();

    CertificateRepository certificates();

    EnrollmentTokenRepository enrollmentTokens();

    ManufacturerRepository manufacturers();

    AuditRepository audit();

    ApiTokenRepository apiTokens();

    TelemetrySchemaRepository telemetrySchemas();

    RecordRepository records();
}
