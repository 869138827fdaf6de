package io.palisade.server.update;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.palisade.core.device.DeviceId;
import io.palisade.core.registry.DeviceRegistry;
import io.palisade.device.FleetSimulator;
import io.palisade.server.TestServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A staged rollout end to end: offline root keys and online keys made by the CLI, a firmware image published as a
 * signed target, 1,000 simulated devices enrolled over EST and connected over MQTT with mutual TLS, each running
 * the TUF client workflow over HTTPS with its own certificate. One wave is made to fail (its images do not boot):
 * the rollout pauses automatically with the devices' reasons, those devices fall back to their old image, and
 * after a resume the remaining waves complete.
 */
class RolloutEndToEndTest {
    static final int DEVICES = 1000;

    @TempDir
    Path tmp;

    static void await(String what, Duration max, BooleanSupplier done) throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(200);
        }
    }

    @Test
    @Timeout(600)
    void aFailingWavePausesTheRolloutAndTheRestCompletesAfterResume() throws Exception {
        try (TestServer t = new TestServer(tmp.resolve("data"))) {
            assertThat(t.cli("model", "create", "--name", "acme-plug", "--manufacturer", "Acme", "--support-until", "2031-12").exit()).isZero();
            TestServer.Cli c = t.cli("firmware", "keys", "init", "--root-keys", "3", "--root-threshold", "2", "--out", tmp.resolve("root-keys").toString());
            assertThat(c.exit()).as(c.err()).isZero();
            assertThat(Files.list(tmp.resolve("root-keys")).filter(p -> p.toString().endsWith(".pem")).count()).isEqualTo(3);
            Path image = tmp.resolve("fw.bin");
            byte[] bytes = new byte[200_000];
            new Random(1).nextBytes(bytes);
            Files.write(image, bytes);
            c = t.cli("firmware", "publish", "--model", "acme-plug", "--version", "2.0.0", "--file", image.toString(),
                    "--hardware", ">=1.0,<3.0", "--security-update");
            assertThat(c.exit()).as(c.err()).isZero();
            assertThat(t.cli("firmware", "list").out()).contains("acme-plug/2.0.0/fw.bin");

            DeviceRegistry reg = t.server.registry();
            List<FleetSimulator.SimDevice> fleet = new ArrayList<>();
            for (int i = 0; i < DEVICES; i++) {
                DeviceId id = DeviceId.of(String.format("plug-%04d", i));
                reg.register("test", id, "acme-plug", null, "1.0.0");
                fleet.add(new FleetSimulator.SimDevice(id.value(), "acme-plug", reg.issueEnrollmentToken("test", id, Duration.ofHours(1))));
            }
            byte[] root = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(URI.create(t.api() + "/api/v1/firmware/root"))
                            .header("Authorization", "Bearer " + t.token()).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofByteArray()).body();
            Set<String> failing = ConcurrentHashMap.newKeySet();
            AtomicBoolean breakImages = new AtomicBoolean();
            FleetSimulator sim = new FleetSimulator(new FleetSimulator.Config(URI.create("https://localhost:" + t.server.httpsPort() + "/.well-known/est/"),
                    "localhost", t.server.mqttPort(), t.server.ca().rootCertificate(), fleet, 0, null, 16),
                    new FleetSimulator.UpdateOptions(tmp.resolve("devices"), root, URI.create("https://localhost:" + t.server.httpsPort() + "/tuf"),
                            id -> "1.0", (id, version) -> {
                                if (breakImages.get()) {
                                    failing.add(id);
                                    return true;
                                }
                                return false;
                            }, 32));
            Thread runner = new Thread(() -> sim.run(p -> { }), "fleet");
            runner.setDaemon(true);
            runner.start();
            try {
                await("the fleet to connect", Duration.ofMinutes(4), () -> sim.progress().connected() == DEVICES);

                c = t.cli("rollout", "start", "--model", "acme-plug", "--to", "2.0.0", "--waves", "1%,10%,50%,100%", "--max-failure", "5%",
                        "--pause-between", "4s", "--json");
                assertThat(c.exit()).as(c.err()).isZero();
                String id = TestServer.json(c.out()).path("rollout").path("id").asText();
                assertThat(TestServer.json(c.out()).path("devices").asInt()).isEqualTo(DEVICES);

                // wave 1 (10 devices) succeeds; then the images of the next wave will not boot
                await("wave 1", Duration.ofMinutes(2), () -> status(t, id).path("waves").get(0).path("succeeded").asInt() == 10);
                breakImages.set(true);
                await("the automatic pause", Duration.ofMinutes(3), () -> "paused".equals(status(t, id).path("rollout").path("state").asText()));
                JsonNode paused = status(t, id);
                assertThat(paused.path("rollout").path("wave").asInt()).isEqualTo(2);
                assertThat(paused.path("rollout").path("reason").asText()).contains("wave 2", "above the 5.0% threshold");
                assertThat(paused.path("waves").get(1).path("reasons").toString()).contains("rolled-back");
                assertThat(paused.path("waves").get(2).path("pending").asInt()).as("wave 3 was never told").isEqualTo(400);
                assertThat(t.get("/api/v1/alerts?type=update.rollout-paused").json()).hasSize(1);
                assertThat(t.cli("rollout", "status", id).out()).contains("paused", "rolled-back");

                // let wave 2 finish, then resume: the failures are accepted, the rest completes
                await("wave 2 to finish", Duration.ofMinutes(2), () -> {
                    JsonNode w = status(t, id).path("waves").get(1);
                    return w.path("succeeded").asInt() + w.path("failed").asInt() == w.path("devices").asInt();
                });
                breakImages.set(false);
                int failedInWave2 = status(t, id).path("waves").get(1).path("failed").asInt();
                assertThat(failedInWave2).isPositive();
                assertThat(t.cli("rollout", "resume", id).exit()).isZero();
                await("completion", Duration.ofMinutes(5), () -> "completed".equals(status(t, id).path("rollout").path("state").asText()));
                JsonNode done = status(t, id);
                assertThat(done.path("succeeded").asInt() + done.path("failed").asInt()).isEqualTo(DEVICES);
                assertThat(done.path("failed").asInt()).isEqualTo(failing.size());

                // devices that rolled back still run their old image; the others report the new one
                await("firmware reports", Duration.ofMinutes(1), () -> reg.devicesOfModel("acme-plug").stream()
                        .filter(d -> "2.0.0".equals(d.firmware())).count() == DEVICES - failing.size());
                String aFailed = failing.iterator().next();
                assertThat(reg.device(DeviceId.of(aFailed)).firmware()).isEqualTo("1.0.0");
                assertThat(sim.updateAgent(aFailed).orElseThrow().runningVersion()).isEqualTo("1.0.0");
            } finally {
                sim.stop();
                runner.join(30_000);
            }
        }
    }

    static JsonNode status(TestServer t, String id) {
        try {
            return t.get("/api/v1/rollouts/" + id).json();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
