package io.palisade.core.store;

import io.palisade.core.device.DeviceId;
import io.palisade.core.identity.CertificateRecord;
import java.math.BigInteger;
import java.time.Instant;
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

    /**
     * Credential facts aggregated in the store (no certificate rows are read into memory), over the devices that
     * should hold an identity (enrolled, active or quarantined), optionally of one model. A certificate counts
     * when it is <em>valid at {@code now}</em>: not revoked at {@code now} (a superseded certificate stays valid
     * until its effective revocation time) and {@code notBefore <= now <= notAfter}. During a rotation overlap a
     * device holds two valid certificates and both keys count. Fingerprints are compared as stored (the registry
     * stores lowercase hex).
     */
    KeyStats keyStats(Optional<String> model, Instant now);

    /**
     * @param devices devices that should hold an identity (enrolled, active, quarantined)
     * @param devicesWithValidCert of those, the devices holding at least one valid certificate
     * @param distinctKeys distinct key fingerprints over their valid certificates
     * @param sharedKeyGroups key fingerprints on valid certificates of more than one device
     * @param devicesOnSharedKeys sum over the shared keys of the number of devices holding each
     * @param expiredInUse devices with no valid certificate whose newest certificate (latest notBefore) is expired and not revoked
     * @param maxLifetimeSeconds longest validity period (notAfter - notBefore) of a valid certificate, 0 when there is none
     * @param examples the first {@value #MAX_EXAMPLES} shared keys in fingerprint order
     */
    record KeyStats(long devices, long devicesWithValidCert, long distinctKeys, long sharedKeyGroups, long devicesOnSharedKeys,
            long expiredInUse, long maxLifetimeSeconds, List<SharedKey> examples) {
        public static final int MAX_EXAMPLES = 10;

        public KeyStats {
            if (devices < 0 || devicesWithValidCert < 0 || distinctKeys < 0 || sharedKeyGroups < 0 || devicesOnSharedKeys < 0
                    || expiredInUse < 0 || maxLifetimeSeconds < 0) {
                throw new IllegalArgumentException("key statistics must not be negative");
            }
            examples = List.copyOf(examples);
            if (examples.size() > MAX_EXAMPLES) {
                throw new IllegalArgumentException("at most " + MAX_EXAMPLES + " examples");
            }
        }
    }

    /** A key on valid certificates of {@code devices} devices; {@code exampleDevices}: the first ten by id. */
    record SharedKey(String keyFingerprint, long devices, List<DeviceId> exampleDevices) {
        public SharedKey {
            java.util.Objects.requireNonNull(keyFingerprint, "keyFingerprint");
            exampleDevices = List.copyOf(exampleDevices);
            if (exampleDevices.size() > KeyStats.MAX_EXAMPLES) {
                throw new IllegalArgumentException("at most " + KeyStats.MAX_EXAMPLES + " example devices");
            }
        }
    }
}
