package io.palisade.server.update;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.palisade.core.device.DeviceId;
import io.palisade.device.FleetSimulator;
import io.palisade.server.TestServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rollout state survives a restart: a rollout started while its devices are offline is paused, the server is
 * restarted, the rollout is still there with every device's step; the devices come online, the operator resumes,
 * the devices are told again and the rollout completes.
 */
class RolloutRestartTest {
    @TempDir
    Path tmp;

    @Test
    @Timeout(300)
    void aRolloutResumesAfterAServerRestart() throws Exception {
        try (TestServer t = new TestServer(tmp.resolve("data"))) {
            assertThat(t.cli("model", "create", "--name", "acme-plug", "--manufacturer", "Acme", "--support-until", "2031-12").exit()).isZero();
            assertThat(t.cli("firmware", "keys", "init", "--out", tmp.resolve("root").toString()).exit()).isZero();
            Path image = tmp.resolve("fw.bin");
            Files.write(image, "firmware 2.0.0".getBytes());
            assertThat(t.cli("firmware", "publish", "--model", "acme-plug", "--version", "2.0.0", "--file", image.toString()).exit()).isZero();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                String id = "plug-" + i;
                ids.add(id);
                t.server.registry().register("test", DeviceId.of(id), "acme-plug", null, "1.0.0");
            }
            // registered devices have no identity yet: enroll them first so they are eligible, then go offline
            List<FleetSimulator.SimDevice> fleet = new ArrayList<>();
            for (String id : ids) {
                fleet.add(new FleetSimulator.SimDevice(id, "acme-plug", t.server.registry().issueEnrollmentToken("test", DeviceId.of(id), Duration.ofHours(1))));
            }
            byte[] root = Files.readAllBytes(tmp.resolve("data/tuf/repository/metadata/1.root.json"));
            FleetSimulator first = simulator(t, fleet, root);
            Thread r1 = run(first);
            RolloutEndToEndTest.await("enrollment", Duration.ofMinutes(2), () -> first.progress().connected() == 5);
            first.stop();
            r1.join(30_000);

            TestServer.Cli c = t.cli("rollout", "start", "--model", "acme-plug", "--to", "2.0.0", "--waves", "100%", "--json");
            assertThat(c.exit()).as(c.err()).isZero();
            String id = TestServer.json(c.out()).path("rollout").path("id").asText();
            assertThat(t.cli("rollout", "pause", id).exit()).isZero();

            t.restart();
            JsonNode s = RolloutEndToEndTest.status(t, id);
            assertThat(s.path("rollout").path("state").asText()).isEqualTo("paused");
            assertThat(s.path("devices").asInt()).isEqualTo(5);
            assertThat(t.get("/api/v1/rollouts/" + id + "/devices").json().findValuesAsText("step")).containsOnly("notified");

            // the devices come back (re-enrolled: simulated keys live in memory), the operator resumes
            List<FleetSimulator.SimDevice> again = new ArrayList<>();
            for (String d : ids) {
                t.server.registry().revoke("test", DeviceId.of(d), io.palisade.core.identity.RevocationReason.SUPERSEDED);
                again.add(new FleetSimulator.SimDevice(d, "acme-plug", t.server.registry().issueEnrollmentToken("test", DeviceId.of(d), Duration.ofHours(1))));
            }
            FleetSimulator second = simulator(t, again, root);
            Thread r2 = run(second);
            try {
                RolloutEndToEndTest.await("reconnection", Duration.ofMinutes(2), () -> second.progress().connected() == 5);
                assertThat(t.cli("rollout", "resume", id).exit()).isZero();
                RolloutEndToEndTest.await("completion", Duration.ofMinutes(2),
                        () -> "completed".equals(RolloutEndToEndTest.status(t, id).path("rollout").path("state").asText()));
                assertThat(RolloutEndToEndTest.status(t, id).path("succeeded").asInt()).isEqualTo(5);
            } finally {
                second.stop();
                r2.join(30_000);
            }
        }
    }

    static FleetSimulator simulator(TestServer t, List<FleetSimulator.SimDevice> fleet, byte[] root) {
        return new FleetSimulator(new FleetSimulator.Config(URI.create("https://localhost:" + t.server.httpsPort() + "/.well-known/est/"),
                "localhost", t.server.mqttPort(), t.server.ca().rootCertificate(), fleet, 0, null, 4),
                FleetSimulator.UpdateOptions.of(t.dataDir.resolve("sim-" + System.nanoTime()), root,
                        URI.create("https://localhost:" + t.server.httpsPort() + "/tuf")));
    }

    static Thread run(FleetSimulator sim) {
        Thread th = new Thread(() -> sim.run(p -> { }), "fleet");
        th.setDaemon(true);
        th.start();
        return th;
    }
}
