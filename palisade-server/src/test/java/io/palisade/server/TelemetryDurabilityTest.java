package io.palisade.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import io.palisade.core.device.DeviceId;
import io.palisade.core.telemetry.TelemetryRecord;
import io.palisade.pki.KeyPairs;
import io.palisade.pki.Pem;
import io.palisade.server.http.Json;
import java.io.File;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** QoS 1 telemetry acknowledged to the device is never lost, even when the server process is killed with SIGKILL. */
class TelemetryDurabilityTest {
    @TempDir
    Path tmp;

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void acknowledgedTelemetrySurvivesKillMinus9() throws Exception {
        Path data = tmp.resolve("data");
        int https = freePort();
        int http = freePort();
        int mqtt = freePort();
        String javaBin = ProcessHandle.current().info().command().orElse("java");
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder pb = new ProcessBuilder(javaBin, "-cp", cp, "io.palisade.cli.Main", "server", "--data-dir", data.toString(),
                "--https-port", Integer.toString(https), "--http-port", Integer.toString(http), "--mqtt-port", Integer.toString(mqtt),
                "--bind", "127.0.0.1", "--rate-limit", "100000")
                .redirectErrorStream(true).redirectOutput(tmp.resolve("server.log").toFile());
        pb.environment().put("PALISADE_ACCP", "off");
        Process server = pb.start();
        try {
            waitForPort(mqtt, server);
            waitForPort(http, server);
            String token = Files.readString(data.resolve("admin.token")).trim();
            String api = "http://127.0.0.1:" + http;
            assertThat(TestServer.call(java.net.http.HttpClient.newHttpClient(), "POST", api + "/api/v1/models", token, "application/json",
                    "{\"name\":\"m\",\"manufacturer\":\"Acme\",\"supportUntil\":\"2031-12\"}".getBytes()).status()).isEqualTo(201);
            KeyPair kp = KeyPairs.ecP256();
            String csr = Pem.csr(KeyPairs.csr(kp, "dur-1")).replace("\n", "\\n");
            TestServer.Response r = TestServer.call(java.net.http.HttpClient.newHttpClient(), "POST", api + "/api/v1/devices", token,
                    "application/json", ("{\"id\":\"dur-1\",\"model\":\"m\",\"csr\":\"" + csr + "\"}").getBytes());
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            List<X509Certificate> chain = Pem.readCertificates(r.json().path("certificate").asText());
            X509Certificate root = Pem.readCertificates(r.json().path("caCertificate").asText()).get(0);

            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("k", kp.getPrivate(), new char[0], chain.toArray(new X509Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, new char[0]);
            KeyStore ts = KeyStore.getInstance("PKCS12");
            ts.load(null, null);
            ts.setCertificateEntry("root", root);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ts);
            Mqtt5AsyncClient c = MqttClient.builder().useMqttVersion5().identifier("dur-1").serverHost("localhost").serverPort(mqtt)
                    .sslConfig().keyManagerFactory(kmf).trustManagerFactory(tmf).applySslConfig().buildAsync();
            c.connectWith().cleanStart(true).send().get(30, TimeUnit.SECONDS);

            Set<Integer> acked = ConcurrentHashMap.newKeySet();
            AtomicBoolean go = new AtomicBoolean(true);
            List<Thread> senders = new ArrayList<>();
            for (int w = 0; w < 8; w++) {
                int worker = w;
                senders.add(Thread.ofVirtual().start(() -> {
                    for (int seq = worker; go.get(); seq += 8) {
                        try {
                            var res = c.publishWith().topic("palisade/v1/d/dur-1/telemetry").qos(MqttQos.AT_LEAST_ONCE)
                                    .payload(("{\"seq\":" + seq + "}").getBytes(StandardCharsets.UTF_8)).send().get(10, TimeUnit.SECONDS);
                            if (res.getError().isEmpty()) {
                                acked.add(seq);
                            }
                        } catch (Exception e) {
                            return;
                        }
                    }
                }));
            }
            long deadline = System.currentTimeMillis() + 20_000;
            while (acked.size() < 300 && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            server.destroyForcibly(); // SIGKILL, in the middle of the stream
            server.waitFor(30, TimeUnit.SECONDS);
            go.set(false);
            for (Thread t : senders) {
                t.join(15_000);
            }
            Set<Integer> ackedAtKill = Set.copyOf(acked);
            assertThat(ackedAtKill.size()).as("messages acknowledged before the kill").isGreaterThanOrEqualTo(300);

            // restart the server on the same data directory: the journal is replayed into the store
            try (TestServer restarted = new TestServer(data)) {
                List<TelemetryRecord> stored = restarted.server.store().telemetry().query(DeviceId.of("dur-1"), Instant.EPOCH, Instant.now().plusSeconds(60), 100_000);
                Set<Integer> seqs = ConcurrentHashMap.newKeySet();
                for (TelemetryRecord t : stored) {
                    seqs.add(Json.MAPPER.readTree(t.payload()).path("seq").asInt());
                }
                assertThat(seqs).as("every acknowledged message is stored").containsAll(ackedAtKill);
            }
        } finally {
            server.destroyForcibly();
        }
    }

    private static void waitForPort(int port, Process p) throws Exception {
        long end = System.currentTimeMillis() + 90_000;
        while (System.currentTimeMillis() < end) {
            if (!p.isAlive()) {
                throw new AssertionError("server process exited early with " + p.exitValue());
            }
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (java.io.IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new AssertionError("server did not open port " + port);
    }
}
