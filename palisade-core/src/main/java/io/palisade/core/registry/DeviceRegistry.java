package io.palisade.core.registry;

import io.palisade.core.device.*;
import io.palisade.core.event.EventBus;
import io.palisade.core.identity.CertificateRecord;
import io.palisade.core.identity.IdentityIssuer;
import io.palisade.core.identity.ManufacturerAnchor;
import io.palisade.core.identity.RevocationReason;
import io.palisade.core.store.Store;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.YearMonth;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The device registry: models, devices, their lifecycle and identities. Every change runs in one store
 * transaction together with its audit entry; domain events are published after the commit.
 *
 * <p>A facade over its sections ({@link ModelCatalog}, {@link DeviceLifecycle}, {@link EnrollmentTokens},
 * {@link DeviceCertificates}, {@link SessionAccess}, {@link ManufacturerAnchors}); certificate-authenticated EST
 * enrollment is decided by {@link EnrollmentService}.
 */
public final class DeviceRegistry {
    /** Default lifetime of a one-time enrollment token. */
    public static final Duration DEFAULT_TOKEN_TTL = Duration.ofHours(24);

    /** Largest telemetry schema accepted (characters). */
    public static final int MAX_TELEMETRY_SCHEMA = 64 * 1024;

    private final RegistryContext cx;
    private final ModelCatalog models;
    private final DeviceCertificates certs;
    private final DeviceLifecycle lifecycle;
    private final EnrollmentTokens tokens;
    private final SessionAccess sessions;
    private final ManufacturerAnchors anchors;

    public DeviceRegistry(Store store, IdentityIssuer issuer, EventBus events, Clock clock, Duration rotationOverlap) {
        this.cx = new RegistryContext(store, issuer, events, clock, rotationOverlap);
        this.models = new ModelCatalog(cx);
        this.certs = new DeviceCertificates(cx);
        this.lifecycle = new DeviceLifecycle(cx, certs);
        this.tokens = new EnrollmentTokens(cx, certs);
        this.sessions = new SessionAccess(cx);
        this.anchors = new ManufacturerAnchors(cx);
    }

    public Clock clock() {
        return cx.clock;
    }

    RegistryContext context() {
        return cx;
    }

    ManufacturerAnchors anchors() {
        return anchors;
    }

    // ---- models -------------------------------------------------------------------------------------

    public DeviceModel createModel(String actor, String name, String manufacturer, YearMonth supportUntil,
            String mudUrl, RiskProfile profile) {
        return models.createModel(actor, name, manufacturer, supportUntil, mudUrl, profile);
    }

    public DeviceModel model(String name) {
        return models.model(name);
    }

    public List<DeviceModel> models() {
        return models.models();
    }

    /**
     * Sets ({@code schema} non-null) or clears the JSON schema that telemetry of this model must satisfy. The
     * caller (the API face) has already checked that the edge can compile it. Devices pick it up on their next
     * connection.
     */
    public void setTelemetrySchema(String actor, String modelName, String schema) {
        models.setTelemetrySchema(actor, modelName, schema);
    }

    public Optional<String> telemetrySchema(String modelName) {
        return models.telemetrySchema(modelName);
    }

    /** The telemetry schema of the device's model, if any (empty for unknown devices). */
    public Optional<String> telemetrySchemaOf(DeviceId id) {
        return models.telemetrySchemaOf(id);
    }

    // ---- devices ------------------------------------------------------------------------------------

    public Device register(String actor, DeviceId id, String modelName, String owner, String firmware) {
        return create(actor, id, modelName, owner, firmware, null).device();
    }

    /** A newly created device and, when a key was given, its first certificate. */
    public record Created(Device device, X509Certificate certificate) {
    }

    /**
     * Registers a device and, when {@code key} is given (a CSR signed by the device), enrolls it in the same
     * transaction: if anything fails (model unknown, id taken, key bound elsewhere) nothing is kept.
     */
    public Created create(String actor, DeviceId id, String modelName, String owner, String firmware, PublicKey key) {
        return lifecycle.create(actor, id, modelName, owner, firmware, key);
    }

    public Device device(DeviceId id) {
        return lifecycle.device(id);
    }

    public List<Device> devices() {
        return lifecycle.devices();
    }

    public List<Device> devicesOfModel(String modelName) {
        return lifecycle.devicesOfModel(modelName);
    }

    public List<CertificateRecord> certificates(DeviceId id) {
        return certs.certificates(id);
    }

    // ---- enrollment tokens ----------------------------------------------------------------------------

    /** Issues a one-time enrollment token; the secret is returned once and only its hash is kept. Older unused tokens are voided. */
    public String issueEnrollmentToken(String actor, DeviceId id, Duration ttl) {
        return tokens.issueEnrollmentToken(actor, id, ttl);
    }

    /**
     * EST simpleenroll with HTTP Basic (device id + one-time token): checks and consumes the token and issues
     * the certificate in one transaction, so a refused CSR or key does not burn the token. Fails closed with one
     * message for every token problem (unknown, used, expired, other device); the audit entry records which.
     */
    public X509Certificate enrollWithToken(DeviceId id, String secret, PublicKey key) {
        return tokens.enrollWithToken(id, secret, key);
    }

    // ---- certificates -----------------------------------------------------------------------------------

    /**
     * First enrollment authorized by the caller (an administrator signing a CSR, or a verified IDevID): the
     * device must be registered (state REGISTERED) and the key unbound. Issues the certificate and moves the
     * device to ENROLLED.
     */
    public X509Certificate enroll(String actor, DeviceId id, PublicKey key) {
        return certs.enroll(actor, id, key);
    }

    /**
     * Rotation (EST simplereenroll): authorized by the device's current certificate {@code presentedSerial},
     * which must be valid now. The new certificate is issued first; the old one is revoked (superseded) with
     * an effective time {@code rotationOverlap} later.
     */
    public X509Certificate reenroll(DeviceId id, BigInteger presentedSerial, PublicKey key) {
        return certs.reenroll(id, presentedSerial, key);
    }

    // ---- lifecycle ------------------------------------------------------------------------------------

    /** Revokes the device's identity: every valid certificate is revoked now and the device must enroll again. */
    public Device revoke(String actor, DeviceId id, RevocationReason reason) {
        return lifecycle.revoke(actor, id, reason);
    }

    public Device quarantine(String actor, DeviceId id, String why) {
        return lifecycle.quarantine(actor, id, why);
    }

    public Device release(String actor, DeviceId id) {
        return lifecycle.release(actor, id);
    }

    /** First connection of an enrolled device. A no-op for other states. */
    public void markActive(DeviceId id) {
        lifecycle.markActive(id);
    }

    public Device decommission(String actor, DeviceId id) {
        return lifecycle.decommission(actor, id);
    }

    /** Transfer of ownership: revokes the current identity, voids tokens, records the new owner; a new enrollment is required. */
    public Device transfer(String actor, DeviceId id, String newOwner) {
        return lifecycle.transfer(actor, id, newOwner);
    }

    /**
     * Erases every stored message of a device (telemetry, events, metrics, update reports): the owner's right to
     * delete their data (ETSI EN 303 645 5.11-1, CRA Annex I). The erasure itself is audited.
     */
    public long eraseData(String actor, DeviceId id) {
        return lifecycle.eraseData(actor, id);
    }

    /** Records the firmware version a device reports (only when it changed). */
    public void recordFirmware(DeviceId id, String version) {
        lifecycle.recordFirmware(id, version);
    }

    // ---- session access ----------------------------------------------------------------------------------

    /**
     * Decides whether a device presenting the certificate {@code serial} may hold a session now: the device
     * exists and holds an identity, and the certificate is a Palisade certificate of that device, valid and
     * not revoked. Quarantined devices get only quarantine rights.
     */
    public Access access(DeviceId id, BigInteger serial) {
        return sessions.access(id, serial);
    }

    // ---- manufacturer anchors --------------------------------------------------------------------------

    public ManufacturerAnchor trustManufacturer(String actor, String name, String fingerprint, String pem) {
        return anchors.trustManufacturer(actor, name, fingerprint, pem);
    }

    /**
     * Revokes a manufacturer trust anchor: EST refuses IDevIDs chaining to it from now on; devices already enrolled
     * through it keep their Palisade identity (the audit checks list them so an operator can decide).
     */
    public ManufacturerAnchor revokeManufacturer(String actor, String fingerprint) {
        return anchors.revokeManufacturer(actor, fingerprint);
    }

    public List<ManufacturerAnchor> manufacturers() {
        return anchors.manufacturers();
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    public static String subject(DeviceId id) {
        return "device:" + id;
    }

    public static String pem(X509Certificate c) throws CertificateEncodingException {
        return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(c.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
    }
}
