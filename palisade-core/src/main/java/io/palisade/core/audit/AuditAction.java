package io.palisade.core.audit;

/** Names of audited actions (stable strings: they are part of the hash chain). */
public final class AuditAction {
    public static final String CA_CREATED = "ca.created";
    public static final String ADMIN_TOKEN_CREATED = "api-token.created";
    public static final String API_AUTH_FAILED = "api.auth-failed";
    public static final String MODEL_CREATED = "model.created";
    public static final String MODEL_TELEMETRY_SCHEMA = "model.telemetry-schema";
    public static final String DEVICE_REGISTERED = "device.registered";
    public static final String CERT_ISSUED = "cert.issued";
    public static final String CERT_REVOKED = "cert.revoked";
    public static final String ENROLL_REJECTED = "enroll.rejected";
    public static final String TOKEN_ISSUED = "token.issued";
    public static final String TOKEN_USED = "token.used";
    public static final String TOKEN_REJECTED = "token.rejected";
    public static final String LIFECYCLE = "lifecycle.transition";
    public static final String TRANSFER = "device.transferred";
    public static final String MANUFACTURER_TRUSTED = "manufacturer.trusted";
    public static final String FIRMWARE_REPORTED = "device.firmware";

    private AuditAction() {
    }
}
