package io.palisade.detect.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.palisade.detect.TestClock;
import io.palisade.detect.alert.Severity;
import io.palisade.detect.vpatch.SimpleFirmwareRangeMatcher;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditChecksTest {
    static final Instant NOW = Instant.parse("2026-06-15T00:00:00Z");
    final TestClock clock = new TestClock(NOW);
    final AuditChecks checks = new AuditChecks(AuditSettings.defaults(), new SimpleFirmwareRangeMatcher());

    static class Fleet implements FleetSnapshot {
        List<DeviceCertificate> certs = new ArrayList<>();
        List<TrustedCa> cas = new ArrayList<>(List.of(new TrustedCa("CN=Palisade Root", "aa", NOW.plus(Duration.ofDays(3000)), false)));
        List<ManufacturerAnchorStatus> anchors = new ArrayList<>(List.of(new ManufacturerAnchorStatus("acme", false, 10)));
        List<ModelSupport> models = new ArrayList<>(List.of(new ModelSupport("cam", YearMonth.of(2030, 1))));
        List<DeviceInfo> devices = new ArrayList<>(List.of(new DeviceInfo("cam-1", "cam", "active", NOW.minus(Duration.ofHours(1)), "2.0.0")));
        List<TopicGrant> grants = new ArrayList<>(List.of(new TopicGrant("palisade/v1/d/cam-1/telemetry", "publish")));
        List<TopicGrant> contract = List.of(new TopicGrant("palisade/v1/d/+/telemetry", "publish"),
                new TopicGrant("palisade/v1/d/+/cmd/#", "subscribe"));
        AuditChainStatus chain = new AuditChainStatus(true, true, null, "intact");
        List<ExploitedVulnerability> kev = new ArrayList<>();

        Fleet() {
            certs.add(new DeviceCertificate("cam-1", "cam", "01", "fp1", "EC", 256, NOW.minus(Duration.ofDays(10)),
                    NOW.plus(Duration.ofDays(300)), false));
        }

        public List<DeviceCertificate> deviceCertificates() { return certs; }
        public List<TrustedCa> trustedCas() { return cas; }
        public List<ManufacturerAnchorStatus> manufacturerAnchors() { return anchors; }
        public List<ModelSupport> models() { return models; }
        public List<DeviceInfo> devices() { return devices; }
        public List<TopicGrant> topicGrants() { return grants; }
        public List<TopicGrant> wireContract() { return contract; }
        public AuditChainStatus auditChain() { return chain; }
        public List<ExploitedVulnerability> exploitedVulnerabilities() { return kev; }
    }

    @Test
    void cleanFleetHasNoFindings() {
        assertThat(checks.run(new Fleet(), clock)).isEmpty();
    }

    @Test
    void everyCheckFindsItsProblem() {
        Fleet f = new Fleet();
        f.certs.add(new FleetSnapshot.DeviceCertificate("cam-2", "cam", "02", "fp1", "EC", 256, NOW.minus(Duration.ofDays(500)),
                NOW.plus(Duration.ofDays(5)), false));
        f.certs.add(new FleetSnapshot.DeviceCertificate("cam-3", "cam", "03", "fp3", "RSA", 1024, NOW.minus(Duration.ofDays(1)),
                NOW.plus(Duration.ofDays(100)), false));
        f.certs.add(new FleetSnapshot.DeviceCertificate("cam-4", "cam", "04", "fp4", "EC", 256, NOW.minus(Duration.ofDays(100)),
                NOW.minus(Duration.ofDays(1)), false));
        f.cas.add(new FleetSnapshot.TrustedCa("CN=Old", "bb", NOW.minus(Duration.ofDays(1)), false));
        f.cas.add(new FleetSnapshot.TrustedCa("CN=Bad", "cc", NOW.plus(Duration.ofDays(100)), true));
        f.anchors.add(new FleetSnapshot.ManufacturerAnchorStatus("evilcorp", true, 3));
        f.models.add(new FleetSnapshot.ModelSupport("plug", YearMonth.of(2025, 12)));
        f.devices.add(new FleetSnapshot.DeviceInfo("plug-1", "plug", "active", NOW.minus(Duration.ofDays(9)), "1.2.0"));
        f.grants.add(new FleetSnapshot.TopicGrant("palisade/v1/d/+/#", "publish"));
        f.chain = new FleetSnapshot.AuditChainStatus(true, false, 42L, "entry 42 was altered");
        f.kev.add(new FleetSnapshot.ExploitedVulnerability("CVE-2026-1", "plug", "<1.4.2"));
        List<Finding> found = checks.run(f, clock);
        assertThat(found).extracting(Finding::id).containsExactlyInAnyOrder(
                "cert-expiring:cam-2/02", "cert-too-old:cam-2/02", "key-shared:fp1", "cert-weak-key:cam-3/03",
                "cert-expired:cam-4/04", "ca-expired:CN=Old", "ca-revoked:CN=Bad", "anchor-revoked-active:evilcorp",
                "model-past-support:plug", "device-silent:plug-1", "topic-policy-wide:publish palisade/v1/d/+/#",
                "audit-chain-broken:platform", "firmware-exploited:plug-1:CVE-2026-1");
        assertThat(found.get(0).severity()).isEqualTo(Severity.CRITICAL);
        assertThat(found).allSatisfy(x -> assertThat(x.mitigation()).isNotBlank());
        Finding shared = found.stream().filter(x -> x.check().equals("key-shared")).findFirst().orElseThrow();
        assertThat(shared.evidence()).containsEntry("devices", "cam-1,cam-2");
        assertThat(shared.toSignal(null, NOW).type()).isEqualTo("audit.key-shared");
        f.chain = new FleetSnapshot.AuditChainStatus(false, true, null, "disabled");
        assertThat(checks.run(f, clock)).extracting(Finding::check).contains("audit-log-disabled");
    }

    @Test
    void topicCoverage() {
        assertThat(AuditChecks.covers("a/+/c", "a/b/c")).isTrue();
        assertThat(AuditChecks.covers("a/+/c", "a/+/c")).isTrue();
        assertThat(AuditChecks.covers("a/b/c", "a/+/c")).isFalse();
        assertThat(AuditChecks.covers("a/#", "a/b/#")).isTrue();
        assertThat(AuditChecks.covers("a/+", "a/#")).isFalse();
    }
}
