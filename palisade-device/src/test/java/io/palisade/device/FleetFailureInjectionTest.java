package io.palisade.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.palisade.device.FleetSimulator.Failures;
import io.palisade.device.FleetSimulator.UpdateRole;
import io.palisade.tuf.firmware.FirmwareCustom;
import io.palisade.tuf.repo.KeyType;
import io.palisade.tuf.repo.OnlineKeys;
import io.palisade.tuf.repo.RootKeys;
import io.palisade.tuf.repo.RootSigner;
import io.palisade.tuf.repo.TufRepository;
import io.palisade.wire.Topics;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Failure injection in the fleet simulator: every simulated device runs the real update agent (TUF workflow against a
 * real repository built with palisade-tuf, mutual TLS, A/B slots, reports over a real Mosquitto broker), and the
 * configured devices fail the install, fail to boot (and fall back), or stay silent.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class FleetFailureInjectionTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"10%, 0.10", "0%, 0", "0, 0", "100%, 1", "2.5%, 0.025", " 33% , 0.33", "12.25%, 0.1225"})
    void parsesPercentages(String text, double expected) {
        assertThat(Failures.parseRate(text)).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-12));
    }

    @ParameterizedTest
    @ValueSource(strings = {"10", "0.1", "abc%", "-5%", "101%", "%", "10 %%", "1e2%", "10%%"})
    void refusesOtherRates(String text) {
        assertThatThrownBy(() -> Failures.parseRate(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("failure rate");
    }

    @Test
    void refusesEmptyRateAndBadCounts() {
        assertThatThrownBy(() -> Failures.parseRate(" ")).hasMessageContaining("empty");
        assertThatThrownBy(() -> Failures.parseRate(null)).hasMessageContaining("empty");
        assertThatThrownBy(() -> new Failures(1.5, 0, 0, 1)).hasMessageContaining("between 0% and 100%");
        assertThatThrownBy(() -> new Failures(0, -1, 0, 1)).hasMessageContaining("bad-boot");
        assertThatThrownBy(() -> new Failures(0, 0, -1, 1)).hasMessageContaining("silent");
    }

    @Test
    void rolesAreDeterministicDisjointAndCounted() {
        List<String> ids = IntStream.range(0, 100).mapToObj(i -> "d-" + i).toList();
        Failures f = new Failures(0.10, 3, 5, 42);
        Map<String, UpdateRole> roles = f.assign(ids);
        assertThat(roles.keySet()).containsExactlyElementsOf(ids);
        assertThat(Collections.frequency(roles.values(), UpdateRole.FAIL_INSTALL)).isEqualTo(10);
        assertThat(Collections.frequency(roles.values(), UpdateRole.BAD_BOOT)).isEqualTo(3);
        assertThat(Collections.frequency(roles.values(), UpdateRole.SILENT)).isEqualTo(5);
        assertThat(Collections.frequency(roles.values(), UpdateRole.NORMAL)).isEqualTo(82);
        assertThat(f.assign(ids)).isEqualTo(roles);
        assertThat(new Failures(0.10, 3, 5, 43).assign(ids)).isNotEqualTo(roles);
        assertThat(Failures.none().assign(ids).values()).containsOnly(UpdateRole.NORMAL);
        assertThat(new Failures(0.15, 0, 0, 1).failingInstalls(10)).isEqualTo(2); // 1.5 rounds up
        assertThatThrownBy(() -> new Failures(0.5, 3, 3, 1).assign(ids.subList(0, 10)))
                .hasMessageContaining("needs 11 devices").hasMessageContaining("the fleet has 10");
    }

    @Test
    void optionsForTheCli() {
        byte[] root = "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        URI tuf = FleetSimulator.defaultTufBaseUrl(URI.create("https://palisade.example:8443/.well-known/est/"));
        assertThat(tuf).isEqualTo(URI.create("https://palisade.example:8443/tuf/"));
        FleetSimulator.UpdateOptions o = FleetSimulator.UpdateOptions.forWorkDir(Path.of("work"), root, tuf,
                new Failures(0.1, 1, 2, 3));
        assertThat(o.baseDir()).isEqualTo(Path.of("work", "devices"));
        assertThat(o.failures()).isEqualTo(new Failures(0.1, 1, 2, 3));
        assertThat(FleetSimulator.UpdateOptions.of(Path.of("x"), root, tuf).failures()).isEqualTo(Failures.none());
        assertThat(o.withFailures(null).failures()).isEqualTo(Failures.none());
    }

    @Test
    void injectedFailuresOverRealTufRepositoryAndMqtt() throws Exception {
        TestPki pki = TestPki.create("Palisade Test Root");
        RootKeys rk = RootKeys.generate(dir.resolve("offline"), 1, 1, KeyType.ED25519, null);
        OnlineKeys online = OnlineKeys.generate(KeyType.ED25519);
        byte[] root = RootSigner.newRoot(Optional.empty(), online.publicRoles(), rk,
                Instant.now().plus(Duration.ofDays(30)), Clock.systemUTC());
        TufRepository repo = TufRepository.create(dir.resolve("repo"), root, online.all(),
                TufRepository.Config.defaults());
        repo.addTarget("acme-plug/2.0.0/fw.bin", new ByteArrayInputStream(new byte[20_000]), 1 << 20,
                FirmwareCustom.of("acme-plug", "2.0.0", ">=1.0", true));
        try (EstTestServer est = EstTestServer.start(pki, pki, "localhost");
                MosquittoBroker broker = MosquittoBroker.start(dir, pki);
                TufHttpsServer tuf = TufHttpsServer.start(pki, dir.resolve("repo"));
                Observer observer = new Observer(pki, broker.port)) {
            observer.subscribe(Topics.ROOT + "+/update/status");
            List<FleetSimulator.SimDevice> devices = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                est.tokens.put("fi-" + i, "tok-" + i);
                devices.add(new FleetSimulator.SimDevice("fi-" + i, "acme-plug", "tok-" + i));
            }
            est.tokens.put("plain-0", "tok-plain");
            Failures failures = new Failures(Failures.parseRate("20%"), 1, 1, 2024);
            FleetSimulator.UpdateOptions options = FleetSimulator.UpdateOptions.forWorkDir(dir.resolve("sim"), root,
                    tuf.base(), failures);
            FleetSimulator sim = new FleetSimulator(new FleetSimulator.Config(est.base(), "localhost", broker.port,
                    pki.root, devices, 0, null, 3), options);
            // a simulator without update options: its device answers instead of ignoring the command
            FleetSimulator plain = new FleetSimulator(new FleetSimulator.Config(est.base(), "localhost", broker.port,
                    pki.root, List.of(new FleetSimulator.SimDevice("plain-0", "acme-plug", "tok-plain")), 0, null, 1));
            Map<String, UpdateRole> roles = sim.roles();
            assertThat(Collections.frequency(roles.values(), UpdateRole.FAIL_INSTALL)).isEqualTo(2);
            assertThat(Collections.frequency(roles.values(), UpdateRole.BAD_BOOT)).isEqualTo(1);
            assertThat(Collections.frequency(roles.values(), UpdateRole.SILENT)).isEqualTo(1);
            CompletableFuture<FleetSimulator.Summary> run = start(sim, "fleet-run");
            CompletableFuture<FleetSimulator.Summary> runPlain = start(plain, "plain-run");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while ((devices.stream().anyMatch(d -> sim.updateAgent(d.id()).isEmpty())
                    || plain.progress().connected() < 1) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            if (devices.stream().anyMatch(d -> sim.updateAgent(d.id()).isEmpty()) || plain.progress().connected() < 1) {
                sim.stop();
                plain.stop();
                throw new AssertionError("devices did not start: " + run.get(60, TimeUnit.SECONDS) + " "
                        + runPlain.get(60, TimeUnit.SECONDS));
            }
            String command = "{\"rollout\":\"ro-9\",\"target\":\"acme-plug/2.0.0/fw.bin\",\"version\":\"2.0.0\"}";
            for (FleetSimulator.SimDevice d : devices) {
                observer.publish(Topics.command(d.id(), "update"), command);
            }
            observer.publish(Topics.command("plain-0", "update"), command);
            Map<String, JsonNode> finals = new HashMap<>();
            while (finals.size() < devices.size()) { // 9 answering devices + plain-0
                Observer.Message m = observer.next(Duration.ofSeconds(60));
                JsonNode j = JSON.readTree(m.payload());
                String step = j.get("step").asText();
                if (step.equals("succeeded") || step.equals("failed") || step.equals("rolled-back")) {
                    finals.put(Topics.parse(m.topic()).orElseThrow().deviceId(), j);
                }
            }
            while (sim.updateCounts().commands() < devices.size() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            FleetSimulator.UpdateCounts counts = sim.updateCounts();
            sim.stop();
            plain.stop();
            assertThat(run.get(60, TimeUnit.SECONDS).connected()).isEqualTo(10);
            runPlain.get(60, TimeUnit.SECONDS);

            for (FleetSimulator.SimDevice d : devices) {
                String id = d.id();
                UpdateRole role = roles.get(id);
                String running = sim.updateAgent(id).orElseThrow().runningVersion();
                switch (role) {
                    case NORMAL -> {
                        assertThat(finals.get(id).get("step").asText()).as(id).isEqualTo("succeeded");
                        assertThat(running).as(id).isEqualTo("2.0.0");
                    }
                    case FAIL_INSTALL -> {
                        assertThat(finals.get(id).get("step").asText()).as(id).isEqualTo("failed");
                        assertThat(finals.get(id).get("reason").asText()).as(id).contains("simulated install failure");
                        assertThat(finals.get(id).get("bytes").asLong()).as(id + " downloaded and verified first")
                                .isEqualTo(20_000);
                        assertThat(running).as(id).isEqualTo("1.0.0");
                    }
                    case BAD_BOOT -> {
                        assertThat(finals.get(id).get("step").asText()).as(id).isEqualTo("rolled-back");
                        assertThat(running).as(id + " fell back to the old slot").isEqualTo("1.0.0");
                    }
                    case SILENT -> {
                        assertThat(finals).as(id + " never answers").doesNotContainKey(id);
                        assertThat(running).as(id).isEqualTo("1.0.0");
                    }
                }
                // per-device state under the simulator's work dir
                assertThat(dir.resolve("sim").resolve("devices").resolve(id).resolve("tuf").resolve("root.json"))
                        .exists();
            }
            assertThat(counts).isEqualTo(new FleetSimulator.UpdateCounts(10, 6, 2, 1, 1, 0));
            assertThat(finals.get("plain-0").get("step").asText()).isEqualTo("failed");
            assertThat(finals.get("plain-0").get("rollout").asText()).isEqualTo("ro-9");
            assertThat(finals.get("plain-0").get("reason").asText()).contains("no update repository provisioned");
            assertThat(plain.updateCounts().unprovisioned()).isEqualTo(1);
            assertThat(Files.exists(dir.resolve("sim").resolve("devices").resolve("plain-0"))).isFalse();
        }
    }

    private static CompletableFuture<FleetSimulator.Summary> start(FleetSimulator sim, String name) {
        CompletableFuture<FleetSimulator.Summary> run = new CompletableFuture<>();
        Thread runner = new Thread(() -> run.complete(sim.run(null)), name);
        runner.setDaemon(true);
        runner.start();
        return run;
    }
}
