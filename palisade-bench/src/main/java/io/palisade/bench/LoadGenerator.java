package io.palisade.bench;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientExecutorConfig;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import io.palisade.pki.Pem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * MQTT load generator over mutual TLS (HiveMQ MQTT client, EC P-256 client certificates), the same for every broker
 * under test so results compare side by side. Modes:
 * <ul>
 *   <li>{@code ingest}: N clients each keep K QoS 1 publishes in flight; acknowledged msg/s, publish-to-PUBACK p50/p99,
 *       broker CPU per message (from /proc of --broker-pid) and the generator's own CPU;</li>
 *   <li>{@code storm}: M mTLS connect+disconnect cycles, P at a time; connects/s and broker CPU per connection;</li>
 *   <li>{@code idle}: opens C idle connections and reports the broker's memory growth per connection (live heap
 *       after GC through jcmd for a JVM broker, RSS otherwise).</li>
 * </ul>
 * Each client identity is {@code DIR/<id>.key} + {@code DIR/<id>.crt} (leaf first). Results go to stdout and, with
 * --json FILE, as one JSON line appended to FILE.
 */
public final class LoadGenerator {
    private final Map<String, String> opt;
    private final List<Identity> ids;
    private final TrustManagerFactory trust;
    private final ExecutorService nettyExecutor = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "gen-netty");
        t.setDaemon(true);
        return t;
    });

    record Identity(String id, KeyManagerFactory kmf) {
    }

    LoadGenerator(Map<String, String> opt) throws Exception {
        this.opt = opt;
        this.trust = trustFactory(Path.of(req("ca")));
        int needed = switch (opt.getOrDefault("mode", "ingest")) {
            case "storm" -> intOpt("parallel", 64);
            case "idle" -> intOpt("connections", 1000);
            default -> intOpt("clients", 100);
        };
        this.ids = identities(Path.of(req("creds")), Math.min(needed, Integer.parseInt(opt.getOrDefault("max-identities", "100000"))));
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("no <id>.key/<id>.crt pairs in " + req("creds"));
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --option value pairs, got " + args[i]);
            }
            o.put(args[i].substring(2), args[i + 1]);
        }
        if (!"off".equalsIgnoreCase(o.getOrDefault("accp", "on"))) {
            // the generator's own TLS must not be the bottleneck: native crypto when available, as in the server
            try {
                java.security.Provider p = (java.security.Provider) Class.forName("com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider")
                        .getField("INSTANCE").get(null);
                java.security.Security.insertProviderAt(p, 1);
            } catch (ReflectiveOperationException | LinkageError e) {
                System.err.println("generator: ACCP unavailable, using JDK crypto: " + e);
            }
        }
        LoadGenerator g = new LoadGenerator(o);
        Map<String, Object> result = switch (o.getOrDefault("mode", "ingest")) {
            case "ingest" -> g.ingest();
            case "storm" -> g.storm();
            case "idle" -> g.idle();
            default -> throw new IllegalArgumentException("--mode must be ingest, storm or idle");
        };
        result.put("label", o.getOrDefault("label", "?"));
        String line = toJson(result);
        System.out.println(line);
        if (o.containsKey("json")) {
            Files.writeString(Path.of(o.get("json")), line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        System.exit(0);
    }

    private String req(String k) {
        String v = opt.get(k);
        if (v == null) {
            throw new IllegalArgumentException("missing --" + k);
        }
        return v;
    }

    private int intOpt(String k, int d) {
        return Integer.parseInt(opt.getOrDefault(k, Integer.toString(d)));
    }

    Mqtt5AsyncClient client(Identity id) {
        return MqttClient.builder().useMqttVersion5().identifier(id.id()).serverHost(opt.getOrDefault("host", "localhost"))
                .serverPort(Integer.parseInt(req("port")))
                .sslConfig().trustManagerFactory(trust).keyManagerFactory(id.kmf()).handshakeTimeout(30, TimeUnit.SECONDS).applySslConfig()
                .executorConfig(MqttClientExecutorConfig.builder().nettyExecutor(nettyExecutor).nettyThreads(2).build())
                .buildAsync();
    }

    // ---- ingest ----------------------------------------------------------------------------------

    Map<String, Object> ingest() throws Exception {
        int clients = Math.min(intOpt("clients", 100), ids.size());
        int inflight = intOpt("inflight", 10);
        Duration warmup = Duration.ofSeconds(intOpt("warmup", 5));
        Duration window = Duration.ofSeconds(intOpt("duration", 20));
        byte[] payload = payload(intOpt("payload", 200));
        String template = opt.getOrDefault("topic", "palisade/v1/d/{id}/telemetry");

        List<Mqtt5AsyncClient> cs = new ArrayList<>();
        List<CompletableFuture<?>> connects = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            Mqtt5AsyncClient c = client(ids.get(i));
            cs.add(c);
            connects.add(c.connectWith().cleanStart(true).send());
            if (connects.size() >= 32) {
                CompletableFuture.allOf(connects.toArray(new CompletableFuture[0])).get(120, TimeUnit.SECONDS);
                connects.clear();
            }
        }
        CompletableFuture.allOf(connects.toArray(new CompletableFuture[0])).get(120, TimeUnit.SECONDS);

        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong acked = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        Recorder latency = new Recorder(3);
        for (int i = 0; i < clients; i++) {
            Mqtt5AsyncClient c = cs.get(i);
            String topic = template.replace("{id}", ids.get(i).id());
            for (int k = 0; k < inflight; k++) {
                publishLoop(c, topic, payload, running, acked, failed, latency);
            }
        }
        Thread.sleep(warmup.toMillis());
        latency.reset();
        long a0 = acked.get();
        long f0 = failed.get();
        long b0 = brokerCpuNanos();
        long g0 = ownCpuNanos();
        long t0 = System.nanoTime();
        Thread.sleep(window.toMillis());
        long t1 = System.nanoTime();
        long a1 = acked.get();
        long b1 = brokerCpuNanos();
        long g1 = ownCpuNanos();
        Histogram h = latency.getIntervalHistogram();
        running.set(false);
        Thread.sleep(500);
        for (Mqtt5AsyncClient c : cs) {
            c.disconnect();
        }
        double secs = (t1 - t0) / 1e9;
        long n = a1 - a0;
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("mode", "ingest");
        r.put("clients", clients);
        r.put("inflight", inflight);
        r.put("payloadBytes", payload.length);
        r.put("seconds", round(secs));
        r.put("acked", n);
        r.put("failed", failed.get() - f0);
        r.put("msgPerSec", round(n / secs));
        r.put("p50ms", round(h.getValueAtPercentile(50) / 1000.0));
        r.put("p99ms", round(h.getValueAtPercentile(99) / 1000.0));
        r.put("brokerCpuUsPerMsg", b0 < 0 ? null : round((b1 - b0) / 1000.0 / Math.max(1, n)));
        r.put("brokerCpuCores", b0 < 0 ? null : round((b1 - b0) / 1e9 / secs));
        r.put("generatorCpuCores", round((g1 - g0) / 1e9 / secs));
        return r;
    }

    private static void publishLoop(Mqtt5AsyncClient c, String topic, byte[] payload, AtomicBoolean running, AtomicLong acked,
            AtomicLong failed, Recorder latency) {
        if (!running.get()) {
            return;
        }
        long start = System.nanoTime();
        c.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(payload).send().whenComplete((res, err) -> {
            if (err == null && (res.getError().isEmpty())) {
                acked.incrementAndGet();
                latency.recordValue(Math.max(1, (System.nanoTime() - start) / 1000));
            } else {
                failed.incrementAndGet();
            }
            publishLoop(c, topic, payload, running, acked, failed, latency);
        });
    }

    // ---- storm -----------------------------------------------------------------------------------

    Map<String, Object> storm() throws Exception {
        int total = intOpt("connections", 2000);
        int parallel = Math.min(intOpt("parallel", 64), ids.size());
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong next = new AtomicLong();
        long b0 = brokerCpuNanos();
        long g0 = ownCpuNanos();
        long t0 = System.nanoTime();
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < parallel; w++) {
            Identity id = ids.get(w);
            Thread t = Thread.ofVirtual().start(() -> {
                while (next.getAndIncrement() < total) {
                    Mqtt5AsyncClient c = client(id);
                    try {
                        c.connectWith().cleanStart(true).send().get(60, TimeUnit.SECONDS);
                        c.disconnect().get(30, TimeUnit.SECONDS);
                        ok.incrementAndGet();
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    }
                }
            });
            workers.add(t);
        }
        for (Thread t : workers) {
            t.join();
        }
        long t1 = System.nanoTime();
        long b1 = brokerCpuNanos();
        long g1 = ownCpuNanos();
        double secs = (t1 - t0) / 1e9;
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("mode", "storm");
        r.put("connections", total);
        r.put("parallel", parallel);
        r.put("ok", ok.get());
        r.put("failed", failed.get());
        r.put("seconds", round(secs));
        r.put("connectsPerSec", round(ok.get() / secs));
        r.put("brokerCpuMsPerConnect", b0 < 0 ? null : round((b1 - b0) / 1e6 / Math.max(1, ok.get())));
        r.put("generatorCpuCores", round((g1 - g0) / 1e9 / secs));
        return r;
    }

    // ---- idle ------------------------------------------------------------------------------------

    Map<String, Object> idle() throws Exception {
        int n = Math.min(intOpt("connections", 1000), ids.size());
        boolean jvm = Boolean.parseBoolean(opt.getOrDefault("broker-jvm", "false"));
        long before = brokerMemoryBytes(jvm);
        List<Mqtt5AsyncClient> cs = new ArrayList<>();
        List<CompletableFuture<?>> pending = new ArrayList<>();
        long ok = 0;
        for (int i = 0; i < n; i++) {
            Mqtt5AsyncClient c = client(ids.get(i));
            cs.add(c);
            pending.add(c.connectWith().cleanStart(true).keepAlive(600).send());
            if (pending.size() >= 64) {
                ok += settle(pending);
            }
        }
        ok += settle(pending);
        Thread.sleep(2000);
        long after = brokerMemoryBytes(jvm);
        for (Mqtt5AsyncClient c : cs) {
            c.disconnect();
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("mode", "idle");
        r.put("connections", ok);
        r.put("memoryKind", jvm ? "live-heap-after-gc" : "rss");
        r.put("kibPerConnection", ok == 0 ? null : round((after - before) / 1024.0 / ok));
        return r;
    }

    private static long settle(List<CompletableFuture<?>> pending) {
        long ok = 0;
        for (CompletableFuture<?> f : pending) {
            try {
                f.get(60, TimeUnit.SECONDS);
                ok++;
            } catch (Exception e) {
                // counted as not connected
            }
        }
        pending.clear();
        return ok;
    }

    // ---- measurement helpers ------------------------------------------------------------------------

    private long brokerCpuNanos() {
        String pid = opt.get("broker-pid");
        if (pid == null) {
            return -1;
        }
        try {
            String stat = Files.readString(Path.of("/proc", pid, "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            return ticks * 10_000_000L; // USER_HZ = 100
        } catch (IOException e) {
            return -1;
        }
    }

    private static long ownCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private long brokerMemoryBytes(boolean jvm) throws Exception {
        String pid = req("broker-pid");
        if (jvm) {
            String jcmd = opt.getOrDefault("jcmd", "jcmd");
            run(jcmd, pid, "GC.run");
            String info = run(jcmd, pid, "GC.heap_info");
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("used (\\d+)K").matcher(info);
            if (!m.find()) {
                throw new IllegalStateException("cannot parse jcmd GC.heap_info: " + info);
            }
            return Long.parseLong(m.group(1)) * 1024;
        }
        for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IllegalStateException("no VmRSS for pid " + pid);
    }

    private static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        return out;
    }

    private static byte[] payload(int size) {
        StringBuilder sb = new StringBuilder("{\"ts\":0,\"v\":\"");
        while (sb.length() < size - 2) {
            sb.append('x');
        }
        return sb.append("\"}").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static TrustManagerFactory trustFactory(Path caFile) throws Exception {
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        int i = 0;
        for (X509Certificate c : Pem.readCertificates(Files.readString(caFile, StandardCharsets.US_ASCII))) {
            ts.setCertificateEntry("ca" + i++, c);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ts);
        return tmf;
    }

    private static List<Identity> identities(Path dir, int max) throws Exception {
        List<Identity> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path key : s.filter(p -> p.getFileName().toString().endsWith(".key")).sorted().limit(max).toList()) {
                String id = key.getFileName().toString().replaceFirst("\\.key$", "");
                Path crt = dir.resolve(id + ".crt");
                if (!Files.exists(crt)) {
                    continue;
                }
                PrivateKey pk = Pem.readPrivateKey(Files.readString(key, StandardCharsets.US_ASCII));
                List<X509Certificate> chain = Pem.readCertificates(Files.readString(crt, StandardCharsets.US_ASCII));
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                ks.setKeyEntry("k", pk, new char[0], chain.toArray(new X509Certificate[0]));
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(ks, new char[0]);
                out.add(new Identity(id, kmf));
            }
        }
        return out;
    }

    private static double round(double d) {
        return Math.round(d * 100) / 100.0;
    }

    static String toJson(Map<String, Object> m) {
        StringBuilder sb = new StringBuilder("{");
        for (Map.Entry<String, Object> e : m.entrySet()) {
            if (sb.length() > 1) {
                sb.append(',');
            }
            sb.append('"').append(e.getKey()).append("\":");
            Object v = e.getValue();
            sb.append(v == null ? "null" : v instanceof Number ? v.toString() : "\"" + v.toString().replace("\"", "'") + "\"");
        }
        return sb.append('}').toString();
    }
}
