package io.palisade.core.device;

import io.palisade.core.PalisadeException;
import io.palisade.core.audit.AuditAction;
import io.palisade.core.audit.AuditLog;
import io.palisade.core.auth.Secrets;
import io.palisade.core.event.DomainEvent;
import io.palisade.core.event.EventBus;
import io.palisade.core.identity.CertificateRecord;
import io.palisade.core.identity.CertificateStatus;
import io.palisade.core.identity.EnrollmentToken;
import io.palisade.core.identity.IdentityIssuer;
import io.palisade.core.identity.ManufacturerAnchor;
import io.palisade.core.identity.RevocationReason;
import io.palisade.core.store.Repositories;
import io.palisade.core.store.Store;
import java.math.BigInteger;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The device registry: models, devices, their lifecycle and identities. Every change runs in one store
 * transaction together with its audit entry; domain events are published after the commit.
 */
public final class DeviceRegistry {
    /** Default lifetime of a one-time enrollment token. */
    public static final Duration DEFAULT_TOKEN_TTL = Duration.ofHours(24);

    private final Store store;
    private final IdentityIssuer issuer;
    private final EventBus events;
    private final Clock clock;
    private final Duration rotationOverlap;

    public DeviceRegistry(Store store, IdentityIssuer issuer, EventBus events, Clock clock, Duration rotationOverlap) {
        this.store = Objects.requireNonNull(store);
        this.issuer = Objects.requireNonNull(issuer);
        this.events = Objects.requireNonNull(events);
        this.clock = Objects.requireNonNull(clock);
        this.rotationOverlap = Objects.requireNonNull(rotationOverlap);
    }

    public Clock clock() {
        return clock;
    }

    // ---- models -------------------------------------------------------------------------------------

    public DeviceModel createModel(String actor, String name, String manufacturer, YearMonth supportUntil,
            String mudUrl, RiskProfile profile) {
        Instant now = clock.instant();
        DeviceModel m = new DeviceModel(name, manufacturer, supportUntil, mudUrl, profile == null ? RiskProfile.CONSUMER : profile, now);
        return store.transaction(r -> {
            if (r.models().find(name).isPresent()) {
                throw PalisadeException.conflict("model '" + name + "' already exists");
            }
            r.models().insert(m);
            AuditLog.append(r.audit(), now, actor, AuditAction.MODEL_CREATED, "model:" + name,
                    "manufacturer=" + manufacturer + " supportUntil=" + supportUntil + " profile=" + m.profile().label()
                            + (mudUrl == null ? "" : " mudUrl=" + mudUrl));
            return m;
        });
    }

    public DeviceModel model(String name) {
        return store.read(r -> r.models().find(name))
                .orElseThrow(() -> PalisadeException.notFound("no model named '" + name + "': create it with 'palisade model create'"));
    }

    public List<DeviceModel> models() {
        return store.read(r -> r.models().list());
    }

    /** Largest telemetry schema accepted (characters). */
    public static final int MAX_TELEMETRY_SCHEMA = 64 * 1024;

    /**
     * Sets ({@code schema} non-null) or clears the JSON schema that telemetry of this model must satisfy. The
     * caller (the API face) has already checked that the edge can compile it. Devices pick it up on their next
     * connection.
     */
    public void setTelemetrySchema(String actor, String modelName, String schema) {
        if (schema != null && (schema.isBlank() || schema.length() > MAX_TELEMETRY_SCHEMA)) {
            throw PalisadeException.invalid("telemetry schema must be 1-" + MAX_TELEMETRY_SCHEMA + " characters of JSON");
        }
        Instant now = clock.instant();
        store.transaction(r -> {
            requireModel(r, modelName);
            if (schema == null) {
                if (!r.telemetrySchemas().remove(modelName)) {
                    throw PalisadeException.notFound("model '" + modelName + "' has no telemetry schema");
                }
            } else {
                r.telemetrySchemas().put(modelName, schema, now);
            }
            AuditLog.append(r.audit(), now, actor, AuditAction.MODEL_TELEMETRY_SCHEMA, "model:" + modelName,
                    schema == null ? "cleared" : "sha256=" + Secrets.sha256Hex(schema.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            return null;
        });
    }

    public Optional<String> telemetrySchema(String modelName) {
        return store.read(r -> {
            requireModel(r, modelName);
            return r.telemetrySchemas().find(modelName);
        });
    }

    /** The telemetry schema of the device's model, if any (empty for unknown devices). */
    public Optional<String> telemetrySchemaOf(DeviceId id) {
        return store.read(r -> r.devices().find(id).flatMap(d -> r.telemetrySchemas().find(d.model())));
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
        Instant now = clock.instant();
        if (firmware != null && (firmware.isBlank() || firmware.length() > 64 || firmware.chars().anyMatch(Character::isISOControl))) {
            throw PalisadeException.invalid("firmware version must be 1-64 printable characters");
        }
        if (owner != null && (owner.length() > 128 || owner.chars().anyMatch(Character::isISOControl))) {
            throw PalisadeException.invalid("owner must be at most 128 printable characters");
        }
        List<DomainEvent> out = new ArrayList<>();
        Created created = auditRejection(key == null ? null : actor, id, () -> store.transaction(r -> {
            requireModel(r, modelName);
            if (r.devices().find(id).isPresent()) {
                throw PalisadeException.conflict("device '" + id + "' already exists");
            }
            Device d = new Device(id, modelName, LifecycleState.REGISTERED, owner, firmware, now, now);
            r.devices().insert(d);
            AuditLog.append(r.audit(), now, actor, AuditAction.DEVICE_REGISTERED, subject(id),
                    "model=" + modelName + (firmware == null ? "" : " firmware=" + firmware));
            if (key == null) {
                return new Created(d, null);
            }
            X509Certificate c = issueInto(r, actor, d, key, now);
            return new Created(move(r, actor, d, LifecycleState.ENROLLED, now, "enrolled", out), c);
        }));
        out.forEach(events::publish);
        return created;
    }

    public Device device(DeviceId id) {
        return store.read(r -> r.devices().find(id)).orElseThrow(() -> unknownDevice(id));
    }

    public List<Device> devices() {
        return store.read(r -> r.devices().list());
    }

    public List<Device> devicesOfModel(String modelName) {
        return store.read(r -> r.devices().listByModel(modelName));
    }

    public List<CertificateRecord> certificates(DeviceId id) {
        return store.read(r -> {
            r.devices().find(id).orElseThrow(() -> unknownDevice(id));
            return r.certificates().listByDevice(id);
        });
    }

    // ---- enrollment tokens ----------------------------------------------------------------------------

    /** Issues a one-time enrollment token; the secret is returned once and only its hash is kept. Older unused tokens are voided. */
    public String issueEnrollmentToken(String actor, DeviceId id, Duration ttl) {
        Instant now = clock.instant();
        Duration life = ttl == null ? DEFAULT_TOKEN_TTL : ttl;
        if (life.isNegative() || life.isZero() || life.compareTo(Duration.ofDays(30)) > 0) {
            throw PalisadeException.invalid("token lifetime must be between 1 second and 30 days");
        }
        String secret = Secrets.newSecret();
        store.transaction(r -> {
            Device d = r.devices().find(id).orElseThrow(() -> unknownDevice(id));
            if (d.state() != LifecycleState.REGISTERED) {
                throw PalisadeException.illegalState("device '" + id + "' is " + d.state().label()
                        + ": enrollment tokens are only issued to registered devices (revoke or transfer it first)");
            }
            r.enrollmentTokens().invalidateForDevice(id, now);
            r.enrollmentTokens().insert(new EnrollmentToken(id, Secrets.hash(secret), now, now.plus(life), null));
            AuditLog.append(r.audit(), now, actor, AuditAction.TOKEN_ISSUED, subject(id), "expires=" + now.plus(life));
            return null;
        });
        return secret;
    }

    /**
     * EST simpleenroll with HTTP Basic (device id + one-time token): checks and consumes the token and issues
     * the certificate in one transaction, so a refused CSR or key does not burn the token. Fails closed with one
     * message for every token problem (unknown, used, expired, other device); the audit entry records which.
     */
    public X509Certificate enrollWithToken(DeviceId id, String secret, PublicKey key) {
        Instant now = clock.instant();
        String actor = "device:" + id;
        String[] why = new String[1];
        List<DomainEvent> out = new ArrayList<>();
        X509Certificate cert = auditRejection(actor, id, () -> store.transaction(r -> {
            why[0] = tokenProblem(r, id, secret, now);
            if (why[0] != null) {
                return null;
            }
            EnrollmentToken t = r.enrollmentTokens().findByHash(Secrets.hash(secret)).orElseThrow();
            Device d = r.devices().find(id).orElseThrow(() -> unknownDevice(id));
            if (d.state() != LifecycleState.REGISTERED) {
                throw PalisadeException.illegalState("device '" + id + "' is " + d.state().label() + ": only a registered device can enroll");
            }
            r.enrollmentTokens().update(t.used(now));
            AuditLog.append(r.audit(), now, actor, AuditAction.TOKEN_USED, subject(id), "");
            X509Certificate c = issueInto(r, actor, d, key, now);
            move(r, actor, d, LifecycleState.ENROLLED, now, "enrolled with one-time token", out);
            return c;
        }));
        if (cert == null) {
            store.transaction(r -> AuditLog.append(r.audit(), now, actor, AuditAction.TOKEN_REJECTED, subject(id), why[0]));
            throw PalisadeException.unauthorized("enrollment token rejected: ask the operator for a new one-time token");
        }
        out.forEach(events::publish);
        return cert;
    }

    private static String tokenProblem(Repositories r, DeviceId id, String secret, Instant now) {
        if (secret == null || secret.isEmpty() || secret.length() > 256) {
            return "malformed token";
        }
        var tok = r.enrollmentTokens().findByHash(Secrets.hash(secret));
        if (tok.isEmpty()) {
            return "unknown token";
        }
        EnrollmentToken t = tok.get();
        if (!t.deviceId().equals(id)) {
            return "token belongs to another device";
        }
        if (t.usedAt() != null) {
            return "token already used (replay)";
        }
        if (!now.isBefore(t.expiresAt())) {
            return "token expired";
        }
        return null;
    }

    // ---- certificates -----------------------------------------------------------------------------------

    /**
     * First enrollment authorized by the caller (an administrator signing a CSR, or a verified IDevID): the
     * device must be registered (state REGISTERED) and the key unbound. Issues the certificate and moves the
     * device to ENROLLED.
     */
    public X509Certificate enroll(String actor, DeviceId id, PublicKey key) {
        Instant now = clock.instant();
        List<DomainEvent> out = new ArrayList<>();
        X509Certificate cert = auditRejection(actor, id, () -> store.transaction(r -> {
            Device d = r.devices().find(id).orElseThrow(() -> unknownDevice(id));
            if (d.state() != LifecycleState.REGISTERED) {
                throw PalisadeException.illegalState("device '" + id + "' is " + d.state().label()
                        + ": only a registered device can enroll (an enrolled device re-enrolls with its current certificate)");
            }
            X509Certificate c = issueInto(r, actor, d, key, now);
            move(r, actor, d, LifecycleState.ENROLLED, now, "enrolled", out);
            return c;
        }));
        out.forEach(events::publish);
        return cert;
    }

    /**
     * Rotation (EST simplereenroll): authorized by the device's current certificate {@code presentedSerial},
     * which must be valid now. The new certificate is issued first; the old one is revoked (superseded) with
     * an effective time {@code rotationOverlap} later.
     */
    public X509Certificate reenroll(DeviceId id, BigInteger presentedSerial, PublicKey key) {
        Instant now = clock.instant();
        String actor = "device:" + id;
        List<DomainEvent> out = new ArrayList<>();
        X509Certificate cert = auditRejection(actor, id, () -> store.transaction(r -> {
            Device d = r.devices().find(id).orElseThrow(() -> unknownDevice(id));
            CertificateRecord current = r.certificates().find(presentedSerial)
                    .filter(c -> c.deviceId().equals(id))
                    .orElseThrow(() -> PalisadeException.unauthorized("re-enrollment refused: the presented certificate is not a current Palisade certificate of this device"));
            if (!d.state().hasIdentity() || !current.isValidAt(now) || current.status() != CertificateStatus.VALID) {
                throw PalisadeException.unauthorized("re-enrollment refused: the presented certificate is not valid (revoked, expired or the device is not enrolled)");
            }
            X509Certificate c = issueInto(r, actor, d, key, now);
            Instant effective = now.plus(rotationOverlap);
            r.certificates().update(current.revoked(effective, RevocationReason.SUPERSEDED));
            AuditLog.append(r.audit(), now, actor, AuditAction.CERT_REVOKED, subject(id),
                    "serial=" + current.serialHex() + " reason=superseded effective=" + effective);
            out.add(new DomainEvent.CertificateRevoked(id, current.serial(), effective, now));
            return c;
        }));
        out.forEach(events::publish);
        return cert;
    }

    private X509Certificate issueInto(Repositories r, String actor, Device d, PublicKey key, Instant now) {
        String fp = Secrets.sha256Hex(key.getEncoded());
        for (CertificateRecord other : r.certificates().listByKeyFingerprint(fp)) {
            if (!other.deviceId().equals(d.id())) {
                throw PalisadeException.conflict("this public key is already bound to another device: every device needs its own key pair (ETSI EN 303 645 5.4-4)");
            }
        }
        DeviceModel model = requireModel(r, d.model());
        X509Certificate c = issuer.issue(d.id(), key, model, now);
        try {
            r.certificates().insert(new CertificateRecord(c.getSerialNumber(), d.id(), fp, c.getNotBefore().toInstant(),
                    c.getNotAfter().toInstant(), CertificateStatus.VALID, null, null, pem(c)));
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("cannot encode issued certificate", e);
        }
        AuditLog.append(r.audit(), now, actor, AuditAction.CERT_ISSUED, subject(d.id()),
                "serial=" + c.getSerialNumber().toString(16) + " notAfter=" + c.getNotAfter().toInstant() + " key=" + fp);
        return c;
    }

    /** Revokes the device's identity: every valid certificate is revoked now and the device must enroll again. */
    public Device revoke(String actor, DeviceId id, RevocationReason reason) {
        return transition(actor, id, LifecycleState.REGISTERED, reason == null ? RevocationReason.UNSPECIFIED : reason, "identity revoked", null);
    }

    public Device quarantine(String actor, DeviceId id, String why) {
        return transition(actor, id, LifecycleState.QUARANTINED, null, why == null ? "quarantined" : why, null);
    }

    public Device release(String actor, DeviceId id) {
        Device d = device(id);
        if (d.state() != LifecycleState.QUARANTINED) {
            throw PalisadeException.illegalState("device '" + id + "' is " + d.state().label() + ", not quarantined: nothing to release");
        }
        return transition(actor, id, LifecycleState.ACTIVE, null, "released from quarantine", null);
    }

    /** First connection of an enrolled device. A no-op for other states. */
    public void markActive(DeviceId id) {
        Device d = device(id);
        if (d.state() == LifecycleState.ENROLLED) {
            transition("edge", id, LifecycleState.ACTIVE, null, "first connection", null);
        }
    }

    public Device decommission(String actor, DeviceId id) {
        return transition(actor, id, LifecycleState.DECOMMISSIONED, RevocationReason.CESSATION_OF_OPERATION, "decommissioned", null);
    }

    /** Transfer of ownership: revokes the current identity, voids tokens, records the new owner; a new enrollment is required. */
    public Device transfer(String actor, DeviceId id, String newOwner) {
        if (newOwner == null || newOwner.isBlank() || newOwner.length() > 128 || newOwner.chars().anyMatch(Character::isISOControl)) {
            throw PalisadeException.invalid("new owner must be 1-128 printable characters");
        }
        Device d = device(id);
        if (d.state() == LifecycleState.DECOMMISSIONED) {
            throw PalisadeException.illegalState("device '" + id + "' is decommissioned and cannot be transferred");
        }
        return transition(actor, id, LifecycleState.REGISTERED, RevocationReason.AFFILIATION_CHANGED, "transferred", newOwner);
    }

    private Device transition(String actor, DeviceId id, LifecycleState target, RevocationReason revokeWith, String why,
            String newOwner) {
        Instant now = clock.instant();
        List<DomainEvent> out = new ArrayList<>();
        Device result = store.transaction(r -> {
            Device d = r.devices().find(id).orElseThrow(() -> unknownDevice(id));
            boolean transferInPlace = newOwner != null && d.state() == LifecycleState.REGISTERED;
            if (!transferInPlace && !d.state().canMoveTo(target)) {
                throw PalisadeException.illegalState("device '" + id + "' is " + d.state().label() + " and cannot become "
                        + target.label() + " (allowed next: " + d.state().successors().stream().map(LifecycleState::label).toList() + ")");
            }
            if (revokeWith != null) {
                for (CertificateRecord c : r.certificates().listByDevice(id)) {
                    if (c.status() == CertificateStatus.VALID || (c.status() == CertificateStatus.REVOKED && c.revokedAt() != null && c.revokedAt().isAfter(now))) {
                        r.certificates().update(c.revoked(now, revokeWith));
                        AuditLog.append(r.audit(), now, actor, AuditAction.CERT_REVOKED, subject(id),
                                "serial=" + c.serialHex() + " reason=" + revokeWith.name().toLowerCase(java.util.Locale.ROOT));
                        out.add(new DomainEvent.CertificateRevoked(id, c.serial(), now, now));
                    }
                }
                r.enrollmentTokens().invalidateForDevice(id, now);
            }
            Device next = d;
            if (newOwner != null) {
                next = next.withOwner(newOwner, now);
                AuditLog.append(r.audit(), now, actor, AuditAction.TRANSFER, subject(id), "from=" + d.owner() + " to=" + newOwner);
            }
            if (d.state() != target) {
                return move(r, actor, next, target, now, why, out);
            }
            r.devices().update(next);
            return next;
        });
        out.forEach(events::publish);
        return result;
    }

    private Device move(Repositories r, String actor, Device d, LifecycleState target, Instant now, String why, List<DomainEvent> out) {
        Device next = d.withState(target, now);
        r.devices().update(next);
        AuditLog.append(r.audit(), now, actor, AuditAction.LIFECYCLE, subject(d.id()),
                d.state().label() + " -> " + target.label() + (why == null ? "" : " (" + why + ")"));
        out.add(new DomainEvent.DeviceStateChanged(d.id(), d.state(), target, now));
        return next;
    }

    /**
     * Erases every stored message of a device (telemetry, events, metrics, update reports): the owner's right to
     * delete their data (ETSI EN 303 645 5.11-1, CRA Annex I). The erasure itself is audited.
     */
    public long eraseData(String actor, DeviceId id) {
        device(id);
        long n = store.telemetry().deleteByDevice(id);
        Instant now = clock.instant();
        store.transaction(r -> AuditLog.append(r.audit(), now, actor, AuditAction.DATA_ERASED, subject(id), n + " stored messages erased"));
        return n;
    }

    /** Records the firmware version a device reports (only when it changed). */
    public void recordFirmware(DeviceId id, String version) {
        if (version == null || version.isBlank() || version.length() > 64 || version.chars().anyMatch(Character::isISOControl)) {
            throw PalisadeException.invalid("firmware version must be 1-64 printable characters");
        }
        Instant now = clock.instant();
        Optional<DomainEvent> changed = store.transaction(r -> {
            Device d = r.devices().find(id).orElseThrow(() -> unknownDevice(id));
            if (!version.equals(d.firmware())) {
                r.devices().update(d.withFirmware(version, now));
                AuditLog.append(r.audit(), now, "device:" + id, AuditAction.FIRMWARE_REPORTED, subject(id), "from=" + d.firmware() + " to=" + version);
                return Optional.of(new DomainEvent.FirmwareReported(id, d.model(), d.firmware(), version, now));
            }
            return Optional.empty();
        });
        changed.ifPresent(events::publish);
    }

    // ---- session access ----------------------------------------------------------------------------------

    /**
     * Decides whether a device presenting the certificate {@code serial} may hold a session now: the device
     * exists and holds an identity, and the certificate is a Palisade certificate of that device, valid and
     * not revoked. Quarantined devices get only quarantine rights.
     */
    public Access access(DeviceId id, BigInteger serial) {
        Instant now = clock.instant();
        return store.read(r -> {
            var d = r.devices().find(id);
            if (d.isEmpty()) {
                return new Access.Deny("unknown device");
            }
            if (!d.get().state().hasIdentity()) {
                return new Access.Deny("device is " + d.get().state().label());
            }
            var c = r.certificates().find(serial);
            if (c.isEmpty() || !c.get().deviceId().equals(id)) {
                return new Access.Deny("certificate not issued to this device");
            }
            if (c.get().isRevokedAt(now)) {
                return new Access.Deny("certificate revoked");
            }
            if (!c.get().isValidAt(now)) {
                return new Access.Deny("certificate outside its validity period");
            }
            return new Access.Allow(id, d.get().state() == LifecycleState.QUARANTINED ? Access.Rights.QUARANTINE : Access.Rights.FULL);
        });
    }

    // ---- manufacturer anchors --------------------------------------------------------------------------

    public ManufacturerAnchor trustManufacturer(String actor, String name, String fingerprint, String pem) {
        if (name == null || name.isBlank() || name.length() > 128 || name.chars().anyMatch(Character::isISOControl)) {
            throw PalisadeException.invalid("manufacturer name must be 1-128 printable characters");
        }
        Instant now = clock.instant();
        ManufacturerAnchor a = new ManufacturerAnchor(name, fingerprint, pem, now, false);
        return store.transaction(r -> {
            if (r.manufacturers().findByFingerprint(fingerprint).isPresent()) {
                throw PalisadeException.conflict("this CA certificate is already trusted");
            }
            r.manufacturers().insert(a);
            AuditLog.append(r.audit(), now, actor, AuditAction.MANUFACTURER_TRUSTED, "manufacturer:" + name, "fingerprint=" + fingerprint);
            return a;
        });
    }

    /**
     * Revokes a manufacturer trust anchor: EST refuses IDevIDs chaining to it from now on; devices already enrolled
     * through it keep their Palisade identity (the audit checks list them so an operator can decide).
     */
    public ManufacturerAnchor revokeManufacturer(String actor, String fingerprint) {
        Instant now = clock.instant();
        return store.transaction(r -> {
            ManufacturerAnchor a = r.manufacturers().findByFingerprint(fingerprint)
                    .orElseThrow(() -> PalisadeException.notFound("no trusted manufacturer CA with fingerprint " + fingerprint));
            if (a.revoked()) {
                throw PalisadeException.illegalState("manufacturer CA " + a.name() + " is already revoked");
            }
            ManufacturerAnchor revoked = new ManufacturerAnchor(a.name(), a.fingerprint(), a.certificatePem(), a.addedAt(), true);
            r.manufacturers().update(revoked);
            AuditLog.append(r.audit(), now, actor, AuditAction.MANUFACTURER_TRUSTED, "manufacturer:" + a.name(), "revoked fingerprint=" + fingerprint);
            return revoked;
        });
    }

    public List<ManufacturerAnchor> manufacturers() {
        return store.read(r -> r.manufacturers().list());
    }

    /** Runs an enrollment; a refusal is recorded in the audit log (in its own transaction, as the work rolled back). */
    private <T> T auditRejection(String actor, DeviceId id, java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (PalisadeException e) {
            if (actor != null && e.code() != io.palisade.core.ErrorCode.NOT_FOUND) {
                Instant now = clock.instant();
                store.transaction(r -> AuditLog.append(r.audit(), now, actor, AuditAction.ENROLL_REJECTED, subject(id), e.getMessage()));
            }
            throw e;
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    private static DeviceModel requireModel(Repositories r, String name) {
        return r.models().find(name).orElseThrow(() -> PalisadeException.notFound("no model named '" + name + "': create it with 'palisade model create'"));
    }

    private static PalisadeException unknownDevice(DeviceId id) {
        return PalisadeException.notFound("no device '" + id + "': list devices with 'palisade device list'");
    }

    public static String subject(DeviceId id) {
        return "device:" + id;
    }

    public static String pem(X509Certificate c) throws CertificateEncodingException {
        return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).encodeToString(c.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
    }
}
