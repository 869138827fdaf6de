package io.palisade.core.identity;

import io.palisade.core.device.DeviceId;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Objects;

/**
 * A device certificate Palisade issued. {@code keyFingerprint} is the lowercase hex SHA-256 of the
 * certificate's SubjectPublicKeyInfo (DER): it is how one key is kept from being bound to two devices.
 */
public record CertificateRecord(BigInteger serial, DeviceId deviceId, String keyFingerprint, Instant notBefore,
        Instant notAfter, CertificateStatus status, Instant revokedAt, RevocationReason reason, String pem) {
    public CertificateRecord {
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(keyFingerprint, "keyFingerprint");
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(pem, "pem");
    }

    public String serialHex() {
        return serial.toString(16);
    }

    /**
     * Whether the revocation is in force at {@code at}. A rotation revokes the superseded certificate with an
     * effective time slightly in the future (a short overlap), so revocation is judged at an instant.
     */
    public boolean isRevokedAt(Instant at) {
        return status == CertificateStatus.REVOKED && (revokedAt == null || !revokedAt.isAfter(at));
    }

    /** Not revoked at {@code at} and inside its validity period. */
    public boolean isValidAt(Instant at) {
        return !isRevokedAt(at) && !at.isBefore(notBefore) && !at.isAfter(notAfter);
    }

    public CertificateRecord revoked(Instant at, RevocationReason why) {
        return new CertificateRecord(serial, deviceId, keyFingerprint, notBefore, notAfter, CertificateStatus.REVOKED,
                at, why, pem);
    }
}
