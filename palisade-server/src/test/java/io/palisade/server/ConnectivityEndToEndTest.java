package io.palisade.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.palisade.pki.Pem;
import io.palisade.server.http.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connectivity end to end through the whole server: devices created with the CLI connect to the embedded broker
 * with three independent clients (mosquitto_pub, Eclipse Paho, HiveMQ client); telemetry is stored and served by
 * the API and the CLI; revocation cuts a live session; the simulator enrolls over EST and streams.
 */
class ConnectivityEndToEndTest {
    @TempDir
    Path tmp;

    static KeyManagerFactory kmf(Path dir, String id) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        List<X509Certificate> chain = Pem.readCertificates(Files.readString(dir.resolve(id + ".crt")));
        ks.setKeyEntry("k", Pem.readPrivateKey(Files.readString(dir.resolve(id + ".key"))), new char[0], chain.toArray(new X509Certificate[0]));
        KeyManagerFactory k = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        k.init(ks, new char[0]);
        return k;
    }

    static TrustManagerFactory tmf(Path dir) throws Exception {
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        ts.setCertificateEntry("root", Pem.readCertificates(Files.readString(dir.resolve("ca.crt"))).get(0));
        TrustManagerFactory t = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        t.init(ts);
        return t;
    }

    static Mqtt5BlockingClient hivemq(Path dir, String id, int port) throws Exception {
        return MqttClient.builder().useMqttVersion5().identifier(id).serverHost("localhost").serverPort(port)
                .sslConfig().keyManagerFactory(kmf(dir, id)).trustManagerFactory(tmf(dir)).applySslConfig().buildBlocking();
    }

    static org.eclipse.paho.client.mqttv3.MqttClient paho(Path dir, String id, int port) throws Exception {
        org.eclipse.paho.client.mqttv3.MqttClient c = new org.eclipse.paho.client.mqttv3.MqttClient("ssl://localhost:" + port, id, new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf(dir, id).getKeyManagers(), tmf(dir).getTrustManagers(), null);
        o.setSocketFactory(ctx.getSocketFactory());
        o.setCleanSession(true);
        o.setConnectionTimeout(10);
        c.connect(o);
        return c;
    }

    static void await(String what, java.util.function.BooleanSupplier cond, long millis) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < end) {
            if (cond.getAsBoolean()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("timed out waiting for " + what);
    }

    @Test
    void devicesConnectPublishAndAreCutOffWhenRevoked() throws Exception {
        Path certs = tmp.resolve("certs");
        try (TestServer t = new TestServer(tmp.resolve("data"))) {
            int port = t.server.mqttPort();
            assertThat(t.cli("model", "create", "--name", "acme-cam", "--manufacturer", "Acme", "--support-until", "2031-12").exit()).isZero();
            for (String id : new String[] {"cam-0001", "cam-0002", "cam-0003"}) {
                TestServer.Cli c = t.cli("device", "create", "--model", "acme-cam", "--id", id, "--out", certs.toString());
                assertThat(c.exit()).as(c.err()).isZero();
            }

            // Eclipse Paho, MQTT 3.1.1, QoS 1
            org.eclipse.paho.client.mqttv3.MqttClient p = paho(certs, "cam-0001", port);
            for (int i = 0; i < 5; i++) {
                p.publish("palisade/v1/d/cam-0001/telemetry", ("{\"seq\":" + i + ",\"tempC\":21.5}").getBytes(StandardCharsets.UTF_8), 1, false);
            }
            // cross-device publish is refused (3.1.1: the broker closes the connection) and nothing is stored for cam-0002
            try {
                p.publish("palisade/v1/d/cam-0002/telemetry", "{\"spoof\":true}".getBytes(StandardCharsets.UTF_8), 1, false);
            } catch (MqttException expected) {
                // refused
            }
            if (p.isConnected()) {
                p.disconnect();
            }
            p.close();

            JsonNode stored = t.get("/api/v1/devices/cam-0001/telemetry").json();
            assertThat(stored).hasSize(5);
            assertThat(stored.get(0).path("payload").path("tempC").asDouble()).isEqualTo(21.5);
            assertThat(t.get("/api/v1/devices/cam-0002/telemetry").json()).isEmpty();
            TestServer.Cli tele = t.cli("telemetry", "--id", "cam-0001", "--since", "5m", "--json");
            assertThat(Json.MAPPER.readTree(tele.out())).hasSize(5);
            JsonNode metrics = t.get("/api/v1/devices/cam-0001/metrics").json();
            assertThat(metrics.path("messagesIn").asLong()).isGreaterThanOrEqualTo(5);
            assertThat(metrics.path("connects").asLong()).isGreaterThanOrEqualTo(1);
            assertThat(metrics.path("authorizationFailures").asLong()).isGreaterThanOrEqualTo(1);
            assertThat(t.get("/api/v1/devices/cam-0001").json().path("device").path("state").asText()).isEqualTo("active");
            assertThat(t.get("/metrics").body()).contains("palisade_mqtt");

            // HiveMQ client (MQTT 5) connected; revocation cuts the live session within a second or so
            Mqtt5BlockingClient h = hivemq(certs, "cam-0002", port);
            h.connect();
            h.publishWith().topic("palisade/v1/d/cam-0002/telemetry").qos(MqttQos.AT_LEAST_ONCE).payload("{\"ok\":1}".getBytes()).send();
            assertThat(h.getState().isConnected()).isTrue();
            long t0 = System.nanoTime();
            assertThat(t.cli("device", "revoke", "--id", "cam-0002").exit()).isZero();
            await("revoked session closed", () -> !h.getState().isConnected(), 3000);
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertThat(ms).as("revocation reaches the live session quickly").isLessThan(3000);
            Mqtt5BlockingClient again = hivemq(certs, "cam-0002", port);
            try {
                again.connect();
                throw new AssertionError("a revoked device connected");
            } catch (com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException refused) {
                assertThat(refused.getMqttMessage().getReasonCode().isError()).isTrue();
            }
        }
    }

    @Test
    void mosquittoPubAndSubAreIndependentPeers() throws Exception {
        assumeTrue(TestServer.has("mosquitto_pub") && TestServer.has("mosquitto_sub"),
                "mosquitto-clients is required (apt-get install mosquitto-clients); .ci/run installs it");
        Path certs = tmp.resolve("mq-certs");
        try (TestServer t = new TestServer(tmp.resolve("mq"))) {
            String port = Integer.toString(t.server.mqttPort());
            assertThat(t.cli("model", "create", "--name", "acme-cam", "--manufacturer", "Acme", "--support-until", "2031-12").exit()).isZero();
            assertThat(t.cli("device", "create", "--model", "acme-cam", "--id", "cam-0003", "--out", certs.toString()).exit()).isZero();
            // a command sent by the platform reaches mosquitto_sub subscribed to the device's own cmd topic
            Process sub = new ProcessBuilder("mosquitto_sub", "-h", "localhost", "-p", port, "--cafile", "ca.crt", "--cert", "cam-0003.crt",
                    "--key", "cam-0003.key", "-i", "cam-0003", "-q", "1", "-V", "mqttv5", "-C", "1", "-W", "20",
                    "-t", "palisade/v1/d/cam-0003/cmd/#").directory(certs.toFile()).redirectErrorStream(true).start();
            await("mosquitto_sub connected", () -> t.server.edge().connectedDevices() == 1, 10_000);
            // connected is not yet subscribed: repeat the command until mosquitto_sub has it (it exits after one message)
            long until = System.currentTimeMillis() + 15_000;
            while (sub.isAlive() && System.currentTimeMillis() < until) {
                t.server.edge().publishCommand(io.palisade.core.device.DeviceId.of("cam-0003"), "reboot", "{\"delay\":5}");
                sub.waitFor(500, TimeUnit.MILLISECONDS);
            }
            assertThat(sub.waitFor(5, TimeUnit.SECONDS)).isTrue();
            assertThat(new String(sub.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).contains("\"delay\":5");
            TestServer.Cli m = TestServer.exec(certs, "mosquitto_pub", "-h", "localhost", "-p", port, "--cafile", "ca.crt",
                    "--cert", "cam-0003.crt", "--key", "cam-0003.key", "-i", "cam-0003", "-q", "1", "-V", "mqttv5",
                    "-t", "palisade/v1/d/cam-0003/telemetry", "-m", "{\"from\":\"mosquitto\"}");
            assertThat(m.exit()).as(m.out()).isZero();
            await("mosquitto telemetry stored", () -> t.server.store().telemetry().count(io.palisade.core.device.DeviceId.of("cam-0003")) == 1, 5000);
            // another device's topic is refused
            m = TestServer.exec(certs, "mosquitto_pub", "-h", "localhost", "-p", port, "--cafile", "ca.crt",
                    "--cert", "cam-0003.crt", "--key", "cam-0003.key", "-i", "cam-0003", "-q", "1", "-V", "mqttv5",
                    "-t", "palisade/v1/d/cam-0001/telemetry", "-m", "{\"spoof\":true}");
            assertThat(t.server.store().telemetry().count(io.palisade.core.device.DeviceId.of("cam-0001"))).isZero();
        }
    }
}
