package io.palisade.detect.audit;

import java.time.Instant;
import java.time.YearMonth;
import java.util.List;

/** Port: what the audit checks look at. The server implements it over its stores. */
public interface FleetSnapshot {
    /** A device certificate; {@code keyAlgorithm} is RSA, EC or Ed25519, {@code keyBits} its size. */
    record DeviceCertificate(String deviceId, String model, String serialHex, String keyFingerprint, String keyAlgorithm,
            int keyBits, Instant notBefore, Instant notAfter, boolean revoked) {
    }

    record TrustedCa(String subject, String fingerprint, Instant notAfter, boolean revoked) {
    }

    record ManufacturerAnchorStatus(String name, boolean revoked, long activeDevices) {
    }

    record ModelSupport(String name, YearMonth supportUntil) {
    }

    /** {@code state} is the lifecycle label (active, quarantined...); {@code lastSeen} may be null (never seen). */
    record DeviceInfo(String deviceId, String model, String state, Instant lastSeen, String firmware) {
    }

    /** A topic grant or wire-contract entry: MQTT filter and direction ("publish" or "subscribe"). */
    record TopicGrant(String pattern, String direction) {
    }

    record AuditChainStatus(boolean enabled, boolean intact, Long brokenAtSeq, String message) {
    }

    /** A vulnerability known to be exploited in the wild (e.g. CISA KEV) for a model's firmware range. */
    record ExploitedVulnerability(String id, String model, String firmwareRange) {
    }

    List<DeviceCertificate> deviceCertificates();

    List<TrustedCa> trustedCas();

    List<ManufacturerAnchorStatus> manufacturerAnchors();

    List<ModelSupport> models();

    List<DeviceInfo> devices();

    List<TopicGrant> topicGrants();

    List<TopicGrant> wireContract();

    AuditChainStatus auditChain();

    List<ExploitedVulnerability> exploitedVulnerabilities();
}
