package io.palisade.detect.vpatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.palisade.core.PalisadeException;
import io.palisade.detect.TestClock;
import io.palisade.detect.alert.Alert;
import io.palisade.detect.alert.AlertService;
import io.palisade.detect.alert.InMemoryAlertRepository;
import io.palisade.detect.alert.Severity;
import io.palisade.detect.alert.Signal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VirtualPatchEngineTest {
    final TestClock clock = new TestClock(Instant.parse("2026-05-01T00:00:00Z"));
    final VirtualPatchEngine engine = new VirtualPatchEngine(new SimpleFirmwareRangeMatcher(), clock);
    static final byte[] EXPLOIT = "{\"cmd\":\"diag\",\"args\":{\"path\":\"../../etc/shadow\"}}".getBytes(StandardCharsets.UTF_8);
    static final byte[] BENIGN = "{\"cmd\":\"diag\",\"args\":{\"path\":\"logs/today\"}}".getBytes(StandardCharsets.UTF_8);

    VirtualPatch patch(int canaryPercent, Set<String> canaries) {
        return new VirtualPatch("vp-1", "CVE-2026-1234", "path traversal in diag command", Set.of("plug"),
                ">=1.0.0,<1.4.2", List.of(
                        new EdgeRule.PayloadMatch(new TopicPattern("cmd/+"), Direction.TO_DEVICE,
                                new JsonPredicate("$.args.path", JsonPredicate.Op.CONTAINS, "..")),
                        new EdgeRule.DenyTopic(new TopicPattern("cmd/debug/#"), Direction.TO_DEVICE),
                        new EdgeRule.MaxPayloadSize(new TopicPattern("events"), Direction.FROM_DEVICE, 1024),
                        new EdgeRule.RateLimit(new TopicPattern("ctl/reboot"), Direction.TO_DEVICE, 2)),
                List.of(new GatewayDeny("0.0.0.0/0", "tcp", 23)), canaryPercent, canaries);
    }

    @Test
    void blocksExploitOnlyForVulnerableFirmwareAndRetiresAfterUpdate() {
        engine.apply(patch(100, Set.of()), List.of(new VirtualPatchEngine.DeviceFirmware("plug-1", "plug", "1.4.1"),
                new VirtualPatchEngine.DeviceFirmware("plug-2", "plug", "1.4.2")));
        assertThat(engine.status("vp-1").vulnerableDevices()).isEqualTo(1);
        PatchDecision d = engine.decide("plug-1", "plug", "1.4.1", Direction.TO_DEVICE, "cmd/diag", EXPLOIT);
        assertThat(d).isInstanceOfSatisfying(PatchDecision.Deny.class, x -> assertThat(x.patchId()).isEqualTo("vp-1"));
        assertThat(engine.decide("plug-1", "plug", "1.4.1", Direction.TO_DEVICE, "cmd/diag", BENIGN).allowed()).isTrue();
        assertThat(engine.decide("plug-2", "plug", "1.4.2", Direction.TO_DEVICE, "cmd/diag", EXPLOIT).allowed()).isTrue();
        assertThat(engine.decide("plug-1", "plug", "0.9.0", Direction.TO_DEVICE, "cmd/diag", EXPLOIT).allowed()).isTrue();
        assertThat(engine.decide("cam-1", "cam", "1.4.1", Direction.TO_DEVICE, "cmd/diag", EXPLOIT).allowed()).isTrue();
        // other rules
        assertThat(engine.decide("plug-1", "plug", "1.4.1", Direction.TO_DEVICE, "cmd/debug/shell", BENIGN).allowed()).isFalse();
        assertThat(engine.decide("plug-1", "plug", "1.4.1", Direction.FROM_DEVICE, "events", new byte[2000]).allowed()).isFalse();
        assertThat(engine.decide("plug-1", "plug", "1.4.1", Direction.FROM_DEVICE, "events", new byte[100]).allowed()).isTrue();
        assertThat(engine.decide("plug-1", "plug", "1.4.1", Direction.TO_DEVICE, "cmd/diag", "not json".getBytes(StandardCharsets.UTF_8)).allowed())
                .as("fail closed on unparseable payload").isFalse();
        for (int i = 0; i < 2; i++) {
            assertThat(engine.decide("plug-1", "plug", "1.4.1", Direction.TO_DEVICE, "ctl/reboot", null).allowed()).isTrue();
        }
        assertThat(engine.decide("plug-1", "plug", "1.4.1", Direction.TO_DEVICE, "ctl/reboot", null).allowed()).isFalse();
        clock.advance(Duration.ofMinutes(1));
        assertThat(engine.decide("plug-1", "plug", "1.4.1", Direction.TO_DEVICE, "ctl/reboot", null).allowed()).isTrue();
        assertThat(engine.gatewayDenies("plug-1", "plug", "1.4.1")).hasSize(1);
        assertThat(engine.gatewayDenies("plug-2", "plug", "1.4.2")).isEmpty();
        // the device updates: retired for it, and fully retired since no vulnerable device remains
        engine.onFirmwareReported("plug-1", "plug", "1.4.2");
        assertThat(engine.decide("plug-1", "plug", "1.4.1", Direction.TO_DEVICE, "cmd/diag", EXPLOIT).allowed()).isTrue();
        assertThat(engine.status("vp-1").stage()).isEqualTo(VirtualPatchEngine.Stage.RETIRED);
        assertThat(engine.status("vp-1").retiredDevices()).isEqualTo(1);
    }

    @Test
    void stagedCanaryHoldsOnAlertsAndPromotes() {
        AlertService alerts = new AlertService(new InMemoryAlertRepository(), clock);
        alerts.addListener((a, c) -> engine.onAlert(a));
        engine.apply(patch(0, Set.of("plug-1")), List.of());
        assertThat(engine.decide("plug-1", "plug", "1.2.0", Direction.TO_DEVICE, "cmd/diag", EXPLOIT).allowed()).isFalse();
        assertThat(engine.decide("plug-9", "plug", "1.2.0", Direction.TO_DEVICE, "cmd/diag", EXPLOIT).allowed())
                .as("not yet promoted beyond the canary").isTrue();
        Alert a = alerts.raise(new Signal("edge.rate-limit", "plug-1", "plug", Severity.HIGH, "broken", "", Map.of(),
                clock.instant())).alert();
        assertThat(engine.status("vp-1").stage()).isEqualTo(VirtualPatchEngine.Stage.HELD);
        assertThat(engine.status("vp-1").holdReason()).contains(a.id());
        assertThatThrownBy(() -> engine.promote("vp-1")).isInstanceOf(PalisadeException.class).hasMessageContaining("resume");
        engine.resume("vp-1");
        engine.promote("vp-1");
        assertThat(engine.decide("plug-9", "plug", "1.2.0", Direction.TO_DEVICE, "cmd/diag", EXPLOIT).allowed()).isFalse();
        assertThat(engine.decide("plug-9", "plug", null, Direction.TO_DEVICE, "cmd/diag", EXPLOIT).allowed())
                .as("unknown firmware: fail closed").isFalse();
    }

    @Test
    void validatesRulesAndRanges() {
        SimpleFirmwareRangeMatcher m = new SimpleFirmwareRangeMatcher();
        assertThat(m.contains("<1.4.2", "1.4.1")).isTrue();
        assertThat(m.contains("<1.4.2", "1.4.10")).isFalse();
        assertThat(m.contains(">=1.0.0,<1.4.2", "0.9")).isFalse();
        assertThat(m.contains("=2.0", "2.0.0")).isTrue();
        assertThatThrownBy(() -> m.contains("<abc", "1.0")).isInstanceOf(PalisadeException.class);
        assertThatThrownBy(() -> new TopicPattern("cmd/#/x")).isInstanceOf(PalisadeException.class);
        assertThatThrownBy(() -> new JsonPredicate("cmd", JsonPredicate.Op.EQUALS, "x")).isInstanceOf(PalisadeException.class);
        assertThatThrownBy(() -> new JsonPredicate("$.cmd", JsonPredicate.Op.MATCHES, "(")).isInstanceOf(PalisadeException.class);
        assertThatThrownBy(() -> new JsonPredicate("$.n", JsonPredicate.Op.GT, "x")).isInstanceOf(PalisadeException.class);
        assertThat(new TopicPattern("cmd/+").matches("cmd/diag")).isTrue();
        assertThat(new TopicPattern("cmd/+").matches("cmd/diag/x")).isFalse();
        assertThat(new TopicPattern("cmd/#").matches("cmd")).isTrue();
    }
}
