package io.palisade.core.audit;

/** Names of audited actions (stable strings: they are part of the hash chain). */
public final class AuditAction {
    public static final String CA_CREATED = "ca.created";
    public static final String ADMIN_TOKEN_CREATED = "api-token.created";
    public static final String API_AUTH_FAILED = "api.auth-failed";
    public static final String MODEL_CREATED = "model.created";
    public static final String MODEL_TELEMETRY_SCHEMA = "model.telemetry-schema";
    public static final String DEVICE_REGISTERED = "device.registered";
    public static final String DATA_ERASED = "device.data-erased";
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
    public static final String UPDATE_KEYS = "firmware.keys";
    public static final String FIRMWARE_PUBLISHED = "firmware.published";
    public static final String ROLLOUT = "rollout";
    public static final String GROUP_CHANGED = "group.changed";
    public static final String MUD_IMPORTED = "mud.imported";
    public static final String MUD_OVERRIDE = "mud.unsigned-override";
    public static final String ALERT = "alert";
    public static final String RESPONSE = "response.action";
    public static final String VPATCH = "vpatch";
    public static final String VULN = "vuln";
    public static final String CONFORMITY = "conformity";

    private AuditAction() {
    }
}
