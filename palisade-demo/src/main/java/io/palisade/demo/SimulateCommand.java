package io.palisade.demo;

import io.palisade.cli.Paths;
import io.palisade.cli.Common;
import io.palisade.cli.ApiClient;
import com.fasterxml.jackson.databind.JsonNode;
import io.palisade.device.FleetSimulator;
import io.palisade.pki.Pem;
import io.palisade.cli.Json;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "simulate", description = "Enroll N simulated devices over EST against the running server, connect them over mutual TLS and"
        + " publish telemetry; shows live progress and a final summary.")
public final class SimulateCommand implements Callable<Integer> {
    private static final Pattern DURATION = Pattern.compile("(\\d{1,6})(ms|s|m|h)");
    @Spec CommandSpec spec;
    @Mixin Common.DataDir dd;
    @Mixin Common.JsonFlag json;
    @Option(names = "--devices", defaultValue = "10", description = "number of devices (default: ${DEFAULT-VALUE})") int devices;
    @Option(names = "--rate", defaultValue = "1", description = "messages per second per device (default: ${DEFAULT-VALUE})") double rate;
    @Option(names = "--models", split = ",", description = "existing model names to spread the devices over (default: all models)") List<String> models;
    @Option(names = "--duration", defaultValue = "30s", description = "how long to publish, e.g. 30s, 5m (default: ${DEFAULT-VALUE})") String duration;
    @Option(names = "--concurrency", defaultValue = "16", description = "parallel enrollments (default: ${DEFAULT-VALUE})") int concurrency;

    static Duration parseDuration(String s) {
        Matcher m = DURATION.matcher(s);
        if (!m.matches()) {
            throw new ApiClient.CliError(2, "duration must look like 500ms, 30s, 5m or 1h");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }

    @Option(names = "--fail-rate", defaultValue = "0", description = "share of devices whose firmware install fails, e.g. 10%% (default: ${DEFAULT-VALUE})")
    String failRate;
    @Option(names = "--bad-boot", defaultValue = "0", description = "devices that boot the new slot badly, fall back and report it (default: ${DEFAULT-VALUE})")
    int badBoot;
    @Option(names = "--silent", defaultValue = "0", description = "devices that never answer update commands (default: ${DEFAULT-VALUE})")
    int silent;
    @Option(names = "--seed", defaultValue = "1", description = "which devices get the injected failures (default: ${DEFAULT-VALUE})")
    long seed;
    @Option(names = "--work-dir", description = "where the simulated devices keep their A/B slots and TUF metadata (default: <data-dir>/sim-devices/<run>)")
    java.nio.file.Path workDir;

    @Override
    public Integer call() {
        if (devices < 1 || devices > 100_000) {
            throw new ApiClient.CliError(2, "--devices must be between 1 and 100000");
        }
        if (rate <= 0 || rate > 1000) {
            throw new ApiClient.CliError(2, "--rate must be > 0 and <= 1000 messages per second per device");
        }
        Duration d = parseDuration(duration);
        FleetSimulator.Failures failures;
        try {
            failures = new FleetSimulator.Failures(FleetSimulator.Failures.parseRate(failRate), badBoot, silent, seed);
        } catch (IllegalArgumentException e) {
            throw new ApiClient.CliError(2, e.getMessage());
        }
        ApiClient api = dd.client();
        List<String> names = new ArrayList<>();
        if (models == null || models.isEmpty()) {
            api.get("/api/v1/models").forEach(m -> names.add(m.path("name").asText()));
        } else {
            for (String m : models) {
                api.get("/api/v1/models/" + Paths.segment(m));
                names.add(m);
            }
        }
        if (names.isEmpty()) {
            throw new ApiClient.CliError(1, "no device models: create one first with 'palisade model create'");
        }
        String run = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);
        var err = spec.commandLine().getErr();
        err.printf("registering %d devices over %s ...%n", devices, names);
        List<FleetSimulator.SimDevice> fleet = new ArrayList<>();
        for (int i = 0; i < devices; i++) {
            String model = names.get(i % names.size());
            String id = "sim-" + run + "-" + (i + 1);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("id", id);
            body.put("model", model);
            body.put("firmware", "1.0.0");
            api.post("/api/v1/devices", body);
            JsonNode t = api.post("/api/v1/devices/" + id + "/enrollment-token", Map.of("ttlMinutes", 60));
            fleet.add(new FleetSimulator.SimDevice(id, model, t.path("token").asText()));
        }
        var root = Pem.readCertificates(api.get("/api/v1/ca").path("root").asText()).get(0);
        URI est = URI.create(api.serverInfo.path("estUrl").asText());
        FleetSimulator.Config config = new FleetSimulator.Config(est, api.serverInfo.path("mqttHost").asText("localhost"),
                api.serverInfo.path("mqttPort").asInt(), root, fleet, rate, d, Math.max(1, concurrency));
        byte[] tufRoot = updateRoot(api);
        if (tufRoot == null) {
            err.println("the update repository is not initialized ('palisade firmware keys init'): simulated devices will refuse update commands");
        }
        FleetSimulator sim;
        try {
            sim = tufRoot == null ? new FleetSimulator(config) : new FleetSimulator(config, FleetSimulator.UpdateOptions.forWorkDir(
                    workDir != null ? workDir : dd.dataDir.toAbsolutePath().resolve("sim-devices").resolve(run), tufRoot,
                    FleetSimulator.defaultTufBaseUrl(est), failures));
        } catch (IllegalArgumentException e) {
            throw new ApiClient.CliError(2, e.getMessage());
        }
        Thread hook = new Thread(sim::stop);
        Runtime.getRuntime().addShutdownHook(hook);
        FleetSimulator.Summary s = sim.run(p -> {
            err.printf("\r[%s] enrolled %d/%d  connected %d  sent %d  acked %d  errors %d   ", java.time.LocalTime.now().withNano(0),
                    p.enrolled(), p.total(), p.connected(), p.sent(), p.acknowledged(), p.errors());
            err.flush();
        });
        err.println();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // already shutting down
        }
        if (json.json) {
            Common.printJson(Common.out(spec), Json.MAPPER.valueToTree(s));
        } else {
            var out = Common.out(spec);
            out.printf("simulation finished in %ds: %d devices, %d enrolled, %d connected, %d messages sent, %d acknowledged, %d errors%n",
                    s.elapsed().toSeconds(), s.total(), s.enrolled(), s.connected(), s.sent(), s.acknowledged(), s.errors());
            s.errorSamples().forEach(e -> out.println("  error: " + e));
            out.flush();
        }
        return s.errors() == 0 ? 0 : 1;
    }

    /** The update repository's current root.json (what a provisioned device trusts), or null while there is none. */
    private static byte[] updateRoot(ApiClient api) {
        try {
            return api.getText("/api/v1/firmware/root").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        } catch (ApiClient.CliError e) {
            if (e.exitCode == 3) {
                throw e;
            }
            return null;
        }
    }
}
