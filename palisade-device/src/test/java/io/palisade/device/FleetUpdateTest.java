package io.palisade.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.palisade.tuf.firmware.FirmwareCustom;
import io.palisade.tuf.repo.KeyType;
import io.palisade.tuf.repo.OnlineKeys;
import io.palisade.tuf.repo.RootKeys;
import io.palisade.tuf.repo.RootSigner;
import io.palisade.tuf.repo.TufRepository;
import io.palisade.wire.Topics;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Simulated devices with update agents, commanded over a real Mosquitto broker, fetching over mutual TLS. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FleetUpdateTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void fleetDevicesUpdateRollBackOrRefuseAndReportOverMqtt() throws Exception {
        TestPki pki = TestPki.create("Palisade Test Root");
        RootKeys rk = RootKeys.generate(dir.resolve("offline"), 1, 1, KeyType.ED25519, null);
        OnlineKeys online = OnlineKeys.generate(KeyType.ED25519);
        byte[] root = RootSigner.newRoot(Optional.empty(), online.publicRoles(), rk,
                Instant.now().plus(Duration.ofDays(30)), Clock.systemUTC());
        TufRepository repo = TufRepository.create(dir.resolve("repo"), root, online.all(), TufRepository.Config.defaults());
        repo.addTarget("acme-plug/1.4.2/fw.bin", new ByteArrayInputStream(new byte[30_000]), 1 << 20,
                FirmwareCustom.of("acme-plug", "1.4.2", ">=1.0", true));
        try (EstTestServer est = EstTestServer.start(pki, pki, "localhost");
                MosquittoBroker broker = MosquittoBroker.start(dir, pki);
                TufHttpsServer tuf = TufHttpsServer.start(pki, dir.resolve("repo"));
                Observer observer = new Observer(pki, broker.port)) {
            observer.subscribe(Topics.ROOT + "+/update/status");
            List<FleetSimulator.SimDevice> devices = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                est.tokens.put("upd-" + i, "tok-" + i);
                devices.add(new FleetSimulator.SimDevice("upd-" + i, "acme-plug", "tok-" + i));
            }
            FleetSimulator.UpdateOptions options = new FleetSimulator.UpdateOptions(dir.resolve("devices"), root,
                    tuf.base(), id -> id.equals("upd-4") ? "0.5" : "1.0", (id, version) -> id.equals("upd-5"), 2);
            FleetSimulator sim = new FleetSimulator(new FleetSimulator.Config(est.base(), "localhost", broker.port,
                    pki.root, devices, 0, null, 3), options);
            // own thread: the common pool may have a single thread on small machines, and the HTTP client uses it
            CompletableFuture<FleetSimulator.Summary> run = new CompletableFuture<>();
            Thread runner = new Thread(() -> run.complete(sim.run(null)), "fleet-run");
            runner.setDaemon(true);
            runner.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (devices.stream().anyMatch(d -> sim.updateAgent(d.id()).isEmpty()) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            if (devices.stream().anyMatch(d -> sim.updateAgent(d.id()).isEmpty())) {
                sim.stop();
                throw new AssertionError("devices did not start: " + run.get(60, TimeUnit.SECONDS));
            }
            for (FleetSimulator.SimDevice d : devices) {
                observer.publish(Topics.command(d.id(), "update"),
                        "{\"rollout\":\"ro-7\",\"target\":\"acme-plug/1.4.2/fw.bin\",\"version\":\"1.4.2\"}");
            }
            Map<String, JsonNode> finals = new HashMap<>();
            while (finals.size() < devices.size()) {
                Observer.Message m = observer.next(Duration.ofSeconds(30));
                JsonNode j = JSON.readTree(m.payload());
                String step = j.get("step").asText();
                if (step.equals("succeeded") || step.equals("failed") || step.equals("rolled-back")) {
                    finals.put(Topics.parse(m.topic()).orElseThrow().deviceId(), j);
                }
            }
            sim.stop();
            FleetSimulator.Summary s = run.get(60, TimeUnit.SECONDS);
            assertThat(s.connected()).isEqualTo(6);
            for (int i = 0; i < 4; i++) {
                assertThat(finals.get("upd-" + i).get("step").asText()).as("upd-" + i).isEqualTo("succeeded");
                assertThat(sim.updateAgent("upd-" + i).orElseThrow().runningVersion()).isEqualTo("1.4.2");
            }
            assertThat(finals.get("upd-4").get("step").asText()).isEqualTo("failed");
            assertThat(finals.get("upd-4").get("reason").asText()).contains("hardware revision 0.5");
            assertThat(finals.get("upd-5").get("step").asText()).isEqualTo("rolled-back");
            assertThat(sim.updateAgent("upd-5").orElseThrow().runningVersion()).isEqualTo("1.0.0");
            // every device authenticated to the repository as itself
            assertThat(tuf.clientNames).contains("CN=upd-0", "CN=upd-3", "CN=upd-5");
        }
    }

    @Test
    void updateOptionsAreValidated() {
        Path p = Path.of("x");
        byte[] root = "{}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> FleetSimulator.UpdateOptions.of(p, root, URI.create("http://repo/tuf/")))
                .hasMessageContaining("https");
        assertThatThrownBy(() -> new FleetSimulator.UpdateOptions(p, root, URI.create("https://repo/tuf/"), null, null, 0))
                .hasMessageContaining("maxConcurrentUpdates");
        assertThat(FleetSimulator.UpdateOptions.of(p, root, URI.create("https://repo/tuf/")).hardwareRevision().apply("d"))
                .isEqualTo("1.0");
    }
}
