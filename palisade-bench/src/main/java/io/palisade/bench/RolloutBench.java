package io.palisade.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.palisade.device.FleetSimulator;
import io.palisade.cli.Main;
import java.io.ByteArrayInputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

/**
 * Staged-update benchmark on loopback: a Palisade server in a child JVM ({@code io.palisade.cli.Main server},
 * optionally pinned with taskset), N simulated devices ({@link FleetSimulator}: EST enrollment, MQTT over mutual TLS,
 * the TUF client workflow over HTTPS with their own certificates) in this JVM. Two firmware versions are published
 * before anything is measured; then for each wave plan a rollout runs from {@code POST /api/v1/rollouts} to the
 * state {@code completed}, and the server process's CPU (utime + stime from /proc/PID/stat) is read around it.
 *
 * <p>Usage: {@code RolloutBench DEVICES WORKDIR [imageBytes=131072] [updateConcurrency=64] [serverCpus=0] [serverXmx=4g]
 * [plans=100%;1%,10%,50%,100%]}.
 */
public final class RolloutBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long CLK_TCK = 100;

    private RolloutBench() {
    }

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        Path work = Path.of(args[1]).toAbsolutePath();
        int imageBytes = args.length > 2 ? Integer.parseInt(args[2]) : 128 * 1024;
        int updateConcurrency = args.length > 3 ? Integer.parseInt(args[3]) : 64;
        String serverCpus = args.length > 4 ? args[4] : "0";
        String serverXmx = args.length > 5 ? args[5] : "4g";
        String[] plans = (args.length > 6 ? args[6] : "100%;1%,10%,50%,100%").split(";");
        PrintStream out = System.out;
        Path data = work.resolve("data");
        Files.createDirectories(work);

        String javaHome = System.getProperty("java.home");
        String cp = System.getProperty("palisade.server.cp", "palisade-server/target/palisade-server.jar:palisade-server/target/lib/*");
        List<String> cmd = new ArrayList<>();
        if (!serverCpus.isEmpty() && !serverCpus.equals("-")) {
            cmd.addAll(List.of("taskset", "-c", serverCpus));
        }
        cmd.addAll(List.of(javaHome + "/bin/java", "-Xmx" + serverXmx, "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                "-cp", cp, "io.palisade.cli.Main", "server", "--data-dir", data.toString(), "--https-port", "0", "--http-port", "0",
                "--mqtt-port", "0", "--bind", "127.0.0.1", "--rate-limit", "1000"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(work.resolve("server.log").toFile());
        pb.environment().put("PALISADE_LOG_LEVEL", "WARN");
        Process server = pb.start();
        long pid = javaPid(server);
        try {
            await("server.json", Duration.ofMinutes(2), () -> Files.exists(data.resolve("server.json")) || !server.isAlive());
            if (!server.isAlive()) {
                throw new IllegalStateException("server exited; see " + work.resolve("server.log"));
            }
            Thread.sleep(500);
            JsonNode info = JSON.readTree(Files.readString(data.resolve("server.json"), StandardCharsets.UTF_8));
            String api = info.path("apiUrl").asText();
            String https = info.path("httpsUrl").asText();
            int mqttPort = info.path("mqttPort").asInt();
            String token = Files.readString(data.resolve("admin.token"), StandardCharsets.UTF_8).trim();
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            out.printf("rollout bench: %,d devices, image %,d bytes, simulator update concurrency %d, server pid %d (cpus %s, -Xmx%s), %s%n",
                    n, imageBytes, updateConcurrency, pid, serverCpus, serverXmx, https);

            cli(data, "model", "create", "--name", "bench-plug", "--manufacturer", "Bench", "--support-until", "2035-12");
            cli(data, "firmware", "keys", "init", "--root-keys", "3", "--root-threshold", "2", "--out", work.resolve("root-keys").toString());
            Random rnd = new Random(1);
            List<String> versions = new ArrayList<>();
            for (int p = 0; p < plans.length; p++) {
                String v = (p + 2) + ".0.0";
                byte[] image = new byte[imageBytes];
                rnd.nextBytes(image);
                Path f = Files.write(work.resolve("fw-" + v + ".bin"), image);
                cli(data, "firmware", "publish", "--model", "bench-plug", "--version", v, "--file", f.toString(), "--hardware", ">=1.0,<3.0");
                versions.add(v);
            }
            long t0 = System.nanoTime();
            List<FleetSimulator.SimDevice> fleet = register(http, api, token, n);
            out.printf("registered %,d devices with one-time tokens in %.1f s%n", n, secs(t0));
            byte[] root = http.send(HttpRequest.newBuilder(URI.create(api + "/api/v1/firmware/root")).header("Authorization", "Bearer " + token).build(),
                    HttpResponse.BodyHandlers.ofByteArray()).body();
            X509Certificate ca = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(data.resolve("ca").resolve("root.crt"))));
            FleetSimulator sim = new FleetSimulator(new FleetSimulator.Config(URI.create(https + "/.well-known/est/"), "localhost", mqttPort, ca,
                    fleet, 0, null, 16),
                    new FleetSimulator.UpdateOptions(work.resolve("devices"), root, URI.create(https + "/tuf"), id -> "1.0", (id, v) -> false,
                            updateConcurrency));
            long sc0 = serverCpuTicks(pid);
            long bc0 = processCpuNanos();
            t0 = System.nanoTime();
            Thread runner = new Thread(() -> sim.run(p -> { }), "fleet");
            runner.setDaemon(true);
            runner.start();
            try {
                await("the fleet to connect", Duration.ofMinutes(60), () -> sim.progress().connected() >= n);
                double connect = secs(t0);
                double serverCpu = (serverCpuTicks(pid) - sc0) / (double) CLK_TCK;
                double simCpu = (processCpuNanos() - bc0) / 1e9;
                out.printf("enrolled (EST) + connected (MQTT mTLS) %,d devices in %.1f s; server CPU %.1f s = %.2f ms/device; simulator"
                        + " process CPU %.1f s; server RSS %d MiB%n", n, connect, serverCpu, serverCpu * 1000 / n, simCpu, rssMiB(pid));
                Thread.sleep(3000);
                for (int p = 0; p < plans.length; p++) {
                    String v = versions.get(p);
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("model", "bench-plug");
                    body.put("version", v);
                    body.put("waves", plans[p]);
                    body.put("maxFailure", "5%");
                    body.put("pauseBetween", "0s");
                    body.put("waveTimeout", "30m");
                    long s0 = serverCpuTicks(pid);
                    long b0 = processCpuNanos();
                    long r0 = System.nanoTime();
                    JsonNode started = post(http, api + "/api/v1/rollouts", token, JSON.writeValueAsString(body));
                    String id = started.path("rollout").path("id").asText();
                    int devices = started.path("devices").asInt();
                    List<String> waveDone = new ArrayList<>();
                    int[] seenWave = {1};
                    JsonNode[] last = {started};
                    await("rollout " + id, Duration.ofMinutes(120), () -> {
                        JsonNode s = get(http, api + "/api/v1/rollouts/" + id, token);
                        last[0] = s;
                        int w = s.path("rollout").path("wave").asInt();
                        while (seenWave[0] < w) {
                            waveDone.add(String.format("%.1f", secs(r0)));
                            seenWave[0]++;
                        }
                        String st = s.path("rollout").path("state").asText();
                        if (st.equals("paused") || st.equals("aborted")) {
                            throw new IllegalStateException("rollout " + st + ": " + s);
                        }
                        return st.equals("completed");
                    });
                    double wall = secs(r0);
                    double sCpu = (serverCpuTicks(pid) - s0) / (double) CLK_TCK;
                    double bCpu = (processCpuNanos() - b0) / 1e9;
                    out.printf("rollout %s waves %s: %,d devices, %d succeeded, %d failed, start→completed %.1f s (%.0f devices/s),"
                            + " waves advanced at %s s; server CPU %.1f s = %.2f ms/device; simulator process CPU %.1f s; server RSS %d MiB%n",
                            v, plans[p], devices, last[0].path("succeeded").asInt(), last[0].path("failed").asInt(), wall, devices / wall,
                            waveDone, sCpu, sCpu * 1000 / devices, bCpu, rssMiB(pid));
                    Thread.sleep(3000);
                }
            } finally {
                sim.stop();
                runner.join(60_000);
            }
        } finally {
            server.destroy();
            server.waitFor();
        }
    }

    static void cli(Path data, String... args) {
        List<String> a = new ArrayList<>(List.of(args));
        a.add("--data-dir");
        a.add(data.toString());
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = Main.run(a.toArray(new String[0]), new PrintWriter(o, true), new PrintWriter(e, true));
        if (code != 0) {
            throw new IllegalStateException(String.join(" ", args) + " failed (" + code + "): " + e + o);
        }
    }

    static List<FleetSimulator.SimDevice> register(HttpClient http, String api, String token, int n) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<FleetSimulator.SimDevice>> fs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String id = String.format("plug-%05d", i);
                fs.add(pool.submit(() -> {
                    post(http, api + "/api/v1/devices", token, "{\"id\":\"" + id + "\",\"model\":\"bench-plug\",\"firmware\":\"1.0.0\"}");
                    JsonNode t = post(http, api + "/api/v1/devices/" + id + "/enrollment-token", token, "{\"ttlMinutes\":1440}");
                    return new FleetSimulator.SimDevice(id, "bench-plug", t.path("token").asText());
                }));
            }
            List<FleetSimulator.SimDevice> out = new ArrayList<>();
            for (Future<FleetSimulator.SimDevice> f : fs) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdown();
        }
    }

    static JsonNode post(HttpClient http, String url, String token, String json) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException("POST " + url + " → " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    static JsonNode get(HttpClient http, String url, String token) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(r.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void await(String what, Duration max, BooleanSupplier done) throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    /** The java process itself when started through taskset (taskset execs, so the pid is the same). */
    static long javaPid(Process p) {
        return p.pid();
    }

    /** utime + stime of a process, in clock ticks (fields 14 and 15 of /proc/PID/stat). */
    static long serverCpuTicks(long pid) throws Exception {
        String s = Files.readString(Path.of("/proc/" + pid + "/stat"), StandardCharsets.US_ASCII);
        String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    static long rssMiB(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"), StandardCharsets.US_ASCII)) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D+", "")) / 1024;
            }
        }
        return -1;
    }

    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
