package io.palisade.core.store;

import io.palisade.core.device.DeviceId;
import io.palisade.core.identity.CertificateRecord;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

public interface CertificateRepository {
    /** @throws io.palisade.core.PalisadeException CONFLICT when the serial exists */
    void insert(CertificateRecord cert);

    /** Replaces status, revokedAt and reason. */
    void update(CertificateRecord cert);

    Optional<CertificateRecord> find(BigInteger serial);

    /** Newest (latest notBefore) first. */
    List<CertificateRecord> listByDevice(DeviceId id);

    /** All certificates ever issued for this SPKI fingerprint, any device. */
    List<CertificateRecord> listByKeyFingerprint(String keyFingerprint);

    /** All revoked certificates, for the CRL. */
    List<CertificateRecord> listRevoked();

    /** All certificates, ordered by serial (audit checks). */
    List<CertificateRecord> list();
}
