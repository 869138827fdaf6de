package io.palisade.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.palisade.wire.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** 20 simulated devices against the test EST server and a real Mosquitto broker. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FleetSimulatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] MODELS = {"ipcam-x", "smart-plug", "S7 PLC", "edge-gateway", "thermo"};

    @TempDir
    Path dir;

    @Test
    void enrollsConnectsAndPublishesAndReportsTheDeviceWithABadToken() throws Exception {
        TestPki pki = TestPki.create("Palisade Test Root");
        try (EstTestServer est = EstTestServer.start(pki, pki, "localhost");
                MosquittoBroker broker = MosquittoBroker.start(dir, pki);
                Observer observer = new Observer(pki, broker.port)) {
            observer.subscribe(Topics.ROOT + "+/telemetry");
            observer.subscribe(Topics.ROOT + "+/events");
            List<FleetSimulator.SimDevice> devices = new ArrayList<>();
            for (int i = 0; i < 19; i++) {
                String id = "sim-" + i;
                est.tokens.put(id, "token-" + i);
                devices.add(new FleetSimulator.SimDevice(id, MODELS[i % MODELS.length], "token-" + i));
            }
            est.tokens.put("sim-bad", "the-real-token");
            devices.add(new FleetSimulator.SimDevice("sim-bad", "thermo", "a-wrong-token"));
            List<FleetSimulator.Progress> reports = new CopyOnWriteArrayList<>();
            FleetSimulator sim = new FleetSimulator(new FleetSimulator.Config(est.base(), "localhost", broker.port,
                    pki.root, devices, 4, Duration.ofSeconds(2), 4));

            FleetSimulator.Summary s = sim.run(reports::add);

            assertThat(s.total()).isEqualTo(20);
            assertThat(s.enrolled()).isEqualTo(19);
            assertThat(s.connected()).isEqualTo(19);
            assertThat(s.errors()).isEqualTo(1);
            assertThat(s.errorSamples()).singleElement().asString()
                    .startsWith("sim-bad: enrollment failed").contains("401").doesNotContain("a-wrong-token");
            assertThat(s.sent()).isGreaterThanOrEqualTo(19 * 2); // boot event + first telemetry each
            assertThat(s.acknowledged()).isEqualTo(s.sent());
            assertThat(reports).isNotEmpty();
            assertThat(reports.get(reports.size() - 1).acknowledged()).isEqualTo(s.acknowledged());
            // every device enrolled with its own key
            assertThat(new HashSet<>(est.issuedKeys)).hasSize(19);

            Map<String, List<JsonNode>> byTopic = new HashMap<>();
            Observer.Message m;
            while ((m = observer.received.poll(2, TimeUnit.SECONDS)) != null) {
                byTopic.computeIfAbsent(m.topic(), t -> new ArrayList<>()).add(JSON.readTree(m.payload()));
                if (byTopic.values().stream().mapToInt(List::size).sum() >= s.acknowledged()) {
                    break;
                }
            }
            Set<String> telemetryDevices = new HashSet<>();
            for (int i = 0; i < 19; i++) {
                String id = "sim-" + i;
                List<JsonNode> boot = byTopic.get(Topics.events(id));
                assertThat(boot).as("boot event of %s", id).isNotNull();
                assertThat(boot.get(0).toString()).isEqualTo("{\"type\":\"boot\",\"firmware\":\"1.0.0\"}");
                List<JsonNode> tel = byTopic.get(Topics.telemetry(id));
                assertThat(tel).as("telemetry of %s", id).isNotEmpty();
                telemetryDevices.add(id);
                String field = switch (i % MODELS.length) {
                    case 0 -> "fps";
                    case 1 -> "watts";
                    case 2, 3 -> "cycleMs";
                    default -> "temperatureC";
                };
                assertThat(tel.get(0).has(field)).as("%s telemetry %s", MODELS[i % MODELS.length], tel.get(0))
                        .isTrue();
                assertThat(tel.get(0).get("ts").asLong()).isPositive();
            }
            assertThat(telemetryDevices).hasSize(19);
            assertThat(byTopic).doesNotContainKey(Topics.telemetry("sim-bad"));
        }
    }

    @Test
    void stopEndsARunWithoutDuration() throws Exception {
        TestPki pki = TestPki.create("Palisade Test Root");
        try (EstTestServer est = EstTestServer.start(pki, pki, "localhost");
                MosquittoBroker broker = MosquittoBroker.start(dir, pki)) {
            est.tokens.put("solo-1", "t1");
            FleetSimulator sim = new FleetSimulator(new FleetSimulator.Config(est.base(), "localhost", broker.port,
                    pki.root, List.of(new FleetSimulator.SimDevice("solo-1", "thermo", "t1")), 10, null, 1));
            FleetSimulator.Summary s = sim.run(p -> {
                if (p.acknowledged() > 0) {
                    sim.stop();
                }
            });
            assertThat(s.enrolled()).isEqualTo(1);
            assertThat(s.acknowledged()).isPositive().isEqualTo(s.sent());
            assertThat(s.errors()).isZero();
        }
    }

    @Test
    void errorSamplesAreCappedAtTen() throws Exception {
        TestPki pki = TestPki.create("Palisade Test Root");
        TestPki foreign = TestPki.create("Foreign Root");
        try (EstTestServer est = EstTestServer.start(pki, foreign, "localhost")) {
            List<FleetSimulator.SimDevice> devices = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                devices.add(new FleetSimulator.SimDevice("x-" + i, "thermo", "t" + i));
            }
            FleetSimulator.Summary s = new FleetSimulator(new FleetSimulator.Config(est.base(), "localhost", 1,
                    pki.root, devices, 1, Duration.ofMillis(10), 3)).run(null);
            assertThat(s.enrolled()).isZero();
            assertThat(s.errors()).isEqualTo(12);
            assertThat(s.errorSamples()).hasSize(10)
                    .allSatisfy(e -> assertThat(e).matches("x-\\d+: enrollment failed: .*TLS.*"));
            assertThat(est.requests).isEmpty();
        }
    }

    @Test
    void configIsValidatedAndTokensStayOutOfToString() {
        FleetSimulator.SimDevice d = new FleetSimulator.SimDevice("dev-1", "cam", "s3cret");
        assertThat(d.toString()).doesNotContain("s3cret");
        TestPki pki = TestPki.create("r");
        java.net.URI base = java.net.URI.create("https://localhost:1/.well-known/est/");
        assertThatThrownBy(() -> new FleetSimulator.Config(base, "localhost", 8883, pki.root, List.of(d, d), 1,
                null, 1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duplicate");
        assertThatThrownBy(() -> new FleetSimulator.Config(base, "localhost", 8883, pki.root, List.of(d), -1,
                null, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FleetSimulator.Config(base, "localhost", 8883, pki.root, List.of(d), 1,
                Duration.ZERO, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FleetSimulator.SimDevice("bad/id", "cam", "t"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
