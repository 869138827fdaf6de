package io.palisade.core.registry;

import io.palisade.core.device.*;
import io.palisade.core.PalisadeException;
import io.palisade.core.audit.AuditAction;
import io.palisade.core.audit.AuditLog;
import io.palisade.core.auth.Secrets;
import io.palisade.core.identity.CertificatePathValidator;
import io.palisade.core.identity.CertificatePathValidator.ValidatedPath;
import io.palisade.core.identity.ManufacturerAnchor;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Certificate-authenticated enrollment (EST, RFC 7030) decided in the domain: which manufacturer anchors an IDevID
 * may chain to (registered and not revoked), which certificates may authorize a rotation, and the audit entry of
 * every refusal. The transport only hands over the presented chain and the CSR check; path validation itself is
 * the {@link CertificatePathValidator} port.
 */
public final class EnrollmentService {
    private static final Logger LOG = LoggerFactory.getLogger(EnrollmentService.class);
    static final String NOT_A_TRUSTED_MAKER = "client certificate not issued by a trusted manufacturer CA";

    private final DeviceRegistry registry;
    private final RegistryContext cx;
    private final CertificatePathValidator paths;

    public EnrollmentService(DeviceRegistry registry, CertificatePathValidator paths) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.cx = registry.context();
        this.paths = Objects.requireNonNull(paths, "paths");
    }

    /**
     * EST simpleenroll authenticated by a manufacturer IDevID: the presented chain must lead to a registered,
     * unrevoked manufacturer anchor; the device it names must be registered; then the CSR key (checked by
     * {@code csrKey} for that device id: signature and subject) is enrolled. A refused chain is audited
     * ({@code enroll.rejected}, actor {@code est@peer}, subject {@code est:idevid}).
     *
     * @param peer the remote address, for the audit trail
     * @param presented the TLS client chain, leaf first
     * @param csrKey validates the CSR for the device id the IDevID names and returns its public key
     * @throws PalisadeException UNAUTHORIZED when the IDevID is not acceptable
     */
    public X509Certificate enrollWithIdevid(String peer, X509Certificate[] presented, Function<DeviceId, PublicKey> csrKey) {
        Objects.requireNonNull(csrKey, "csrKey");
        Instant now = cx.now();
        List<X509Certificate> anchors = registry.anchors().trustedCertificates();
        if (anchors.isEmpty()) {
            refuse(peer, "idevid", "no manufacturer trust anchor registered");
            throw PalisadeException.unauthorized(NOT_A_TRUSTED_MAKER);
        }
        ValidatedPath v = validated(peer, "idevid", presented, anchors, now);
        String fingerprint = fingerprint(v.anchor());
        Optional<ManufacturerAnchor> anchor = registry.anchors().find(fingerprint);
        if (anchor.isEmpty() || anchor.get().revoked()) {
            // revoked (or removed) between listing the anchors and validating the chain
            refuse(peer, "idevid", "manufacturer CA " + fingerprint.substring(0, 16) + " is no longer trusted");
            throw PalisadeException.unauthorized(NOT_A_TRUSTED_MAKER);
        }
        DeviceId id = paths.deviceIdOf(v.leaf()).orElseThrow(() -> PalisadeException.unauthorized(
                "the IDevID certificate carries no usable device id (URI SAN, serialNumber or CN)"));
        X509Certificate issued = registry.enroll(idevidActor(fingerprint), id, csrKey.apply(id));
        LOG.info("EST simpleenroll: device {} enrolled with its manufacturer IDevID", id);
        return issued;
    }

    /**
     * EST simplereenroll: the presented chain must lead to one of {@code issuers} (the Palisade device CA) and its
     * leaf must be a current certificate of the device it names; then the certificate is rotated
     * ({@link DeviceRegistry#reenroll}). A refused chain is audited (subject {@code est:reenroll}).
     */
    public X509Certificate reenrollWithCertificate(String peer, X509Certificate[] presented, List<X509Certificate> issuers,
            Function<DeviceId, PublicKey> csrKey) {
        Objects.requireNonNull(csrKey, "csrKey");
        ValidatedPath v = validated(peer, "reenroll", presented, List.copyOf(issuers), cx.now());
        DeviceId id = paths.deviceIdOf(v.leaf()).orElseThrow(() -> PalisadeException.unauthorized("certificate carries no device id"));
        X509Certificate issued = registry.reenroll(id, v.leaf().getSerialNumber(), csrKey.apply(id));
        LOG.info("EST simplereenroll: device {} rotated its certificate", id);
        return issued;
    }

    /** The audit actor of an IDevID enrollment: the first 16 hex digits of the anchor's fingerprint. */
    static String idevidActor(String anchorFingerprint) {
        return "idevid:" + anchorFingerprint.substring(0, 16);
    }

    private ValidatedPath validated(String peer, String kind, X509Certificate[] presented, List<X509Certificate> anchors, Instant now) {
        try {
            return paths.validate(presented, anchors, now);
        } catch (PalisadeException e) {
            refuse(peer, kind, e.getMessage());
            throw e;
        }
    }

    /** Records a refused certificate-based enrollment in the audit log; the caller throws. */
    private void refuse(String peer, String kind, String why) {
        Instant now = cx.now();
        cx.store.transaction(r -> AuditLog.append(r.audit(), now, "est@" + peer, AuditAction.ENROLL_REJECTED, "est:" + kind, why));
        LOG.warn("EST {} refused from {}: {}", kind, peer, why);
    }

    private static String fingerprint(X509Certificate c) {
        try {
            return Secrets.sha256Hex(c.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("trust anchor cannot be encoded", e);
        }
    }
}
