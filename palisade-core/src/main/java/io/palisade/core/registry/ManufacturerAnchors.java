package io.palisade.core.registry;

import io.palisade.core.device.*;
import io.palisade.core.PalisadeException;
import io.palisade.core.audit.AuditAction;
import io.palisade.core.audit.AuditLog;
import io.palisade.core.identity.ManufacturerAnchor;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Registry section: manufacturer (IDevID) trust anchors. */
final class ManufacturerAnchors {
    private final RegistryContext cx;

    ManufacturerAnchors(RegistryContext cx) {
        this.cx = cx;
    }

    ManufacturerAnchor trustManufacturer(String actor, String name, String fingerprint, String pem) {
        if (name == null || name.isBlank() || name.length() > 128 || name.chars().anyMatch(Character::isISOControl)) {
            throw PalisadeException.invalid("manufacturer name must be 1-128 printable characters");
        }
        Instant now = cx.now();
        ManufacturerAnchor a = new ManufacturerAnchor(name, fingerprint, pem, now, false);
        return cx.store.transaction(r -> {
            if (r.manufacturers().findByFingerprint(fingerprint).isPresent()) {
                throw PalisadeException.conflict("this CA certificate is already trusted");
            }
            r.manufacturers().insert(a);
            AuditLog.append(r.audit(), now, actor, AuditAction.MANUFACTURER_TRUSTED, "manufacturer:" + name, "fingerprint=" + fingerprint);
            return a;
        });
    }

    ManufacturerAnchor revokeManufacturer(String actor, String fingerprint) {
        Instant now = cx.now();
        return cx.store.transaction(r -> {
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

    List<ManufacturerAnchor> manufacturers() {
        return cx.store.read(r -> r.manufacturers().list());
    }

    /** The anchor registered under this certificate fingerprint (lowercase hex SHA-256 of the DER), revoked or not. */
    Optional<ManufacturerAnchor> find(String fingerprint) {
        return cx.store.read(r -> r.manufacturers().findByFingerprint(fingerprint));
    }

    /** The CA certificates an IDevID may chain to: every anchor not revoked, in registry order. */
    List<X509Certificate> trustedCertificates() {
        List<X509Certificate> out = new ArrayList<>();
        for (ManufacturerAnchor a : manufacturers()) {
            if (!a.revoked()) {
                out.add(firstCertificate(a));
            }
        }
        return out;
    }

    private static X509Certificate firstCertificate(ManufacturerAnchor a) {
        try {
            var certs = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(a.certificatePem().getBytes(StandardCharsets.US_ASCII)));
            for (var c : certs) {
                if (c instanceof X509Certificate x) {
                    return x;
                }
            }
            throw new IllegalStateException("stored manufacturer CA " + a.fingerprint() + " holds no certificate");
        } catch (CertificateException e) {
            throw new IllegalStateException("stored manufacturer CA " + a.fingerprint() + " cannot be read", e);
        }
    }
}
