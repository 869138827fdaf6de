package io.palisade.detect.behaviour;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.palisade.core.PalisadeException;
import io.palisade.core.device.DeviceId;
import io.palisade.core.device.RiskProfile;
import io.palisade.detect.TestClock;
import io.palisade.detect.alert.Alert;
import io.palisade.detect.alert.AlertFilter;
import io.palisade.detect.alert.AlertService;
import io.palisade.detect.alert.InMemoryAlertRepository;
import io.palisade.detect.incident.Incident;
import io.palisade.detect.incident.IncidentService;
import io.palisade.detect.response.ActionRecord;
import io.palisade.detect.response.ActionType;
import io.palisade.detect.response.InMemoryActionLog;
import io.palisade.detect.response.Playbook;
import io.palisade.detect.response.ResponseActions;
import io.palisade.detect.response.ResponseEngine;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** End to end: normal fleet without alerts, then injected misbehaviour detected and answered by playbooks. */
class DetectionScenariosTest {
    static final int DEVICES = 500;
    static final List<String> KNOWN = List.of("203.0.113.5:443", "203.0.113.6:8883", "198.51.100.10:123");

    final TestClock clock = new TestClock(Instant.parse("2026-03-01T00:00:00Z"));
    final AlertService alerts = new AlertService(new InMemoryAlertRepository(), clock);
    final InMemoryActionLog actionLog = new InMemoryActionLog();
    final List<String> calls = new CopyOnWriteArrayList<>();
    final ResponseActions actions = new ResponseActions() {
        public void quarantine(DeviceId d, String r) { calls.add("quarantine " + d); }
        public void release(DeviceId d, String r) { calls.add("release " + d); }
        public void revoke(DeviceId d, String r) { calls.add("revoke " + d); }
        public void forceReenroll(DeviceId d, String r) { calls.add("reenroll " + d); }
        public void applyVirtualPatch(String p, DeviceId d) { calls.add("vpatch " + p + " " + d); }
    };
    ResponseEngine response;
    IncidentService incidents;
    DetectionEngine engine;
    final Random rnd = new Random(42);

    @BeforeEach
    void setUp() {
        response = new ResponseEngine(Playbook.defaults(), actions, actionLog, a -> RiskProfile.CRITICAL, clock);
        incidents = new IncidentService(alerts, clock, Duration.ofMinutes(30));
        alerts.addListener(response);
        alerts.addListener(incidents);
        response.addActionListener(incidents::onAction);
        engine = new DetectionEngine(DetectionSettings.defaults(), alerts::raise, id -> Set.of());
        BaselineSettings b = new BaselineSettings(true, Set.of(Metric.MESSAGES_IN, Metric.BYTES_OUT, Metric.DEV_BYTES_OUT),
                Duration.ofHours(1), 200, 6, 1, 0.25, 3);
        engine.setProfiles(List.of(new SecurityProfile("cams", Set.of("cam"), Set.of(),
                List.of(Rule.parse("auth_failures > 5 for 0s severity high")), b)));
    }

    /** One simulated minute of normal behaviour for every device. */
    void normalMinute(int minute) {
        long t = clock.millis();
        for (int i = 0; i < DEVICES; i++) {
            String id = "cam-" + i;
            engine.ingest(id, "cam", Metric.MESSAGES_IN, Math.max(0, Math.round(10 + rnd.nextGaussian() * 2)), t);
            engine.ingest(id, "cam", Metric.BYTES_OUT, Math.max(0, Math.round(1000 + rnd.nextGaussian() * 150)), t);
            engine.ingest(id, "cam", Metric.AUTH_FAILURES, rnd.nextInt(100) == 0 ? 1 : 0, t);
            if (minute % 5 == i % 5) {
                String dests = "\"" + KNOWN.get(rnd.nextInt(3)) + "\",\"" + KNOWN.get(0) + "\"";
                engine.ingestReport(id, "cam", ("{\"interval\":300,\"bytes_out\":" + (5000 + rnd.nextInt(1000))
                        + ",\"connections\":2,\"destinations\":[" + dests + "]}").getBytes(StandardCharsets.UTF_8), clock.instant());
            }
        }
    }

    @Test
    void normalFleetRaisesNoAlertsThenInjectedMisbehaviourIsDetectedAndAnswered() {
        int hours = 4;
        for (int m = 0; m < hours * 60; m++) {
            normalMinute(m);
            clock.advance(Duration.ofMinutes(1));
        }
        assertThat(engine.baseline("cam", Metric.MESSAGES_IN)).isPresent();
        assertThat(engine.destinationsTrained("cam")).isTrue();
        int alertCount = alerts.list(AlertFilter.all()).size();
        long judgedDeviceHours = (long) DEVICES * (hours - 1);
        double fpRate = (double) alertCount / judgedDeviceHours;
        System.out.printf("normal fleet: %d devices x %d h, samples accepted=%d, alerts=%d, false-positive rate=%.5f alerts/device-hour%n",
                DEVICES, hours, engine.stats().accepted(), alertCount, fpRate);
        assertThat(alertCount).as("false positives on a normal fleet").isZero();
        assertThat(calls).isEmpty();

        // inject: beaconing, flood, auth failures, Mirai-like scan, baseline outlier
        for (int m = 0; m < 5; m++) {
            normalMinute(m);
            long t = clock.millis();
            engine.ingestReport("cam-1", "cam", ("{\"destinations\":[\"203.0.113.5:443\",\"192.0.2.66:4444\"]}")
                    .getBytes(StandardCharsets.UTF_8), clock.instant());
            engine.ingest("cam-2", "cam", Metric.MESSAGES_IN, 1500, t);
            engine.ingest("cam-3", "cam", Metric.AUTH_FAILURES, 25, t);
            StringBuilder scan = new StringBuilder("{\"destinations\":[");
            for (int k = 0; k < 120; k++) {
                scan.append(k == 0 ? "" : ",").append("\"10.").append(m).append('.').append(k / 250).append('.')
                        .append(k % 250 + 1).append(':').append(k % 2 == 0 ? 23 : 2323).append('"');
            }
            engine.ingestReport("cam-4", "cam", scan.append("]}").toString().getBytes(StandardCharsets.UTF_8), clock.instant());
            clock.advance(Duration.ofMinutes(1));
        }
        for (int k = 0; k < 3; k++) {
            engine.ingest("cam-5", "cam", Metric.BYTES_OUT, 20_000, clock.millis() + k * 1000L);
        }
        List<Alert> all = alerts.list(AlertFilter.all());
        assertThat(all).extracting(a -> a.type() + " " + a.subject()).contains(
                "behaviour.new-destination cam-1", "behaviour.flood cam-2", "behaviour.baseline cam-5",
                "behaviour.auth-failures cam-3", "behaviour.rule cam-3", "behaviour.scan cam-4");
        assertThat(all).allMatch(a -> Set.of("cam-1", "cam-2", "cam-3", "cam-4", "cam-5").contains(a.subject()));
        // critical playbook: quarantine beaconing, flood and scan at once; revoke after auth failures waits for approval
        assertThat(calls).contains("quarantine cam-1", "quarantine cam-2", "quarantine cam-4").doesNotContain("revoke cam-3");
        assertThat(response.approvals(true)).singleElement().satisfies(p -> assertThat(p.subject()).isEqualTo("cam-3"));
        List<ActionRecord> done = response.approve(response.approvals(true).get(0).id(), "alice");
        assertThat(done).extracting(ActionRecord::type).containsExactly(ActionType.REVOKE);
        assertThat(calls).contains("revoke cam-3");
        // undo a quarantine
        ActionRecord q = actionLog.list(1000).stream().filter(r -> r.type() == ActionType.QUARANTINE
                && r.subject().equals("cam-1") && r.status() == ActionRecord.Status.EXECUTED).findFirst().orElseThrow();
        response.undo(q.id(), "alice");
        assertThat(calls).contains("release cam-1");
        assertThatThrownBy(() -> response.undo(q.id(), "alice")).isInstanceOf(PalisadeException.class);
        // incidents group the device's alerts, with actions on the timeline, exportable as JSON
        Incident inc = incidents.list().stream().filter(i -> i.alertIds().stream()
                .anyMatch(id -> alerts.get(id).subject().equals("cam-3"))).findFirst().orElseThrow();
        // same model within the window: the wave of alerts is one incident
        assertThat(incidents.list()).hasSize(1);
        assertThat(inc.alertIds()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(inc.timeline()).anyMatch(e -> e.kind() == Incident.Kind.ACTION && e.text().startsWith("revoke executed"));
        String json = new String(incidents.export(inc.id()), StandardCharsets.UTF_8);
        assertThat(json).contains("\"timeline\"", "behaviour.auth-failures", "2026-03-01T");
        assertThat(alerts.get(inc.alertIds().get(0)).incidentId()).isEqualTo(inc.id());
    }

    @Test
    void metricFloodIsBoundedAndCounted() {
        long t = clock.millis();
        int accepted = 0;
        for (int i = 0; i < 100_000; i++) {
            if (engine.ingest("cam-x", "cam", Metric.MESSAGES_OUT, 1, t + i / 10)) {
                accepted++;
            }
        }
        assertThat(accepted).isEqualTo(DetectionSettings.defaults().maxSamplesPerDevicePerMinute());
        assertThat(engine.stats().droppedRate()).isEqualTo(100_000 - accepted);
        assertThat(engine.ingest("cam-x", "cam", Metric.MESSAGES_OUT, Double.NaN, t)).isFalse();
        assertThat(engine.ingest("cam-x", "cam", Metric.MESSAGES_OUT, -1, t)).isFalse();
        assertThat(engine.ingest("cam-x", "cam", Metric.MESSAGES_OUT, 1e300, t)).isFalse();
        assertThat(engine.stats().rejectedInvalid()).isEqualTo(3);
        assertThatThrownBy(() -> engine.ingestReport("cam-x", "cam", "{\"bytes_in\":\"x\"}".getBytes(StandardCharsets.UTF_8),
                clock.instant())).isInstanceOf(PalisadeException.class);
        assertThat(engine.stats().rejectedReports()).isEqualTo(1);

        DetectionEngine small = new DetectionEngine(new DetectionSettings(10, 600, Duration.ofMinutes(1), 1200, 10, 30,
                Duration.ofMinutes(1), 50, 3), s -> { }, id -> Set.of());
        for (int i = 0; i < 1000; i++) {
            small.ingest("d-" + i, "cam", Metric.MESSAGES_IN, 1, t);
        }
        assertThat(small.stats().devices()).isEqualTo(10);
        assertThat(small.stats().droppedDeviceCap()).isEqualTo(990);
    }

    @Test
    void ruleMustHoldForItsDurationAndGroupProfilesApply() {
        List<io.palisade.detect.alert.Signal> out = new ArrayList<>();
        DetectionEngine e = new DetectionEngine(DetectionSettings.defaults(), out::add,
                id -> id.equals("plc-1") ? Set.of("plant-a") : Set.of());
        e.setProfiles(List.of(SecurityProfile.fromJson(("{\"name\":\"plant\",\"groups\":[\"plant-a\"],"
                + "\"rules\":[\"messages_out > 100 for 60s\"]}").getBytes(StandardCharsets.UTF_8))));
        long t = 0;
        for (String dev : List.of("plc-1", "plc-2")) {
            e.ingest(dev, "plc", Metric.MESSAGES_OUT, 500, t);
            e.ingest(dev, "plc", Metric.MESSAGES_OUT, 500, t + 30_000);
            e.ingest(dev, "plc", Metric.MESSAGES_OUT, 5, t + 45_000);
            e.ingest(dev, "plc", Metric.MESSAGES_OUT, 500, t + 50_000);
            e.ingest(dev, "plc", Metric.MESSAGES_OUT, 500, t + 100_000);
        }
        assertThat(out).isEmpty();
        e.ingest("plc-1", "plc", Metric.MESSAGES_OUT, 500, t + 110_000);
        assertThat(out).singleElement().satisfies(s -> {
            assertThat(s.type()).isEqualTo("behaviour.rule");
            assertThat(s.subject()).isEqualTo("plc-1");
        });
        assertThatThrownBy(() -> SecurityProfile.fromJson("{\"name\":\"x\",\"models\":[\"m\"],\"rules\":[\"nope > 1\"]}"
                .getBytes(StandardCharsets.UTF_8))).hasMessageContaining("unknown metric");
    }
}
