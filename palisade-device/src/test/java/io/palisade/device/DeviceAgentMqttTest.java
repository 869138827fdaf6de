package io.palisade.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.palisade.wire.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** DeviceAgent against a real Mosquitto broker over mutual TLS. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DeviceAgentMqttTest {
    @TempDir
    static Path dir;
    static TestPki pki;
    static MosquittoBroker broker;
    static Observer observer;

    @BeforeAll
    static void startBroker() throws Exception {
        pki = TestPki.create("Palisade Test Root");
        broker = MosquittoBroker.start(dir, pki);
        observer = new Observer(pki, broker.port);
        observer.subscribe(Topics.ROOT + "+/telemetry");
        observer.subscribe(Topics.ROOT + "+/events");
        observer.subscribe(Topics.ROOT + "+/metrics");
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (observer != null) {
            observer.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private static DeviceAgent agent(String id, String certCn, String host) {
        KeyStorage key = KeyStorage.generateInMemory();
        X509Certificate leaf = pki.issueClient(certCn, key.publicKey());
        return DeviceAgent.builder().deviceId(id).keyStorage(key).chain(List.of(leaf, pki.root))
                .trustedRoot(pki.root).mqttHost(host).mqttPort(broker.port).firmwareVersion("2.1.0")
                .timeout(Duration.ofSeconds(10)).build();
    }

    @Test
    void publishesQos1TelemetryEventsAndMetricsThatAnotherClientReceives() throws Exception {
        observer.received.clear();
        try (DeviceAgent a = agent("thermo-1", "thermo-1", "localhost")) {
            a.connect();
            assertThat(a.connected()).isTrue();
            a.publishTelemetry("{\"ts\":1,\"temperatureC\":21.5}").get(10, TimeUnit.SECONDS);
            assertThat(observer.next(Duration.ofSeconds(10)))
                    .isEqualTo(new Observer.Message("palisade/v1/d/thermo-1/telemetry",
                            "{\"ts\":1,\"temperatureC\":21.5}"));
            a.publishEvent("{\"type\":\"boot\"}").get(10, TimeUnit.SECONDS);
            assertThat(observer.next(Duration.ofSeconds(10)).topic()).isEqualTo("palisade/v1/d/thermo-1/events");
            a.publishMetrics("{\"cpu\":3}").get(10, TimeUnit.SECONDS);
            assertThat(observer.next(Duration.ofSeconds(10)).topic()).isEqualTo("palisade/v1/d/thermo-1/metrics");
        }
    }

    @Test
    void receivesCommandsOnItsCommandTopics() throws Exception {
        try (DeviceAgent a = agent("plug-7", "plug-7", "localhost")) {
            CompletableFuture<String> got = new CompletableFuture<>();
            a.onCommand((topic, payload) -> got.complete(topic + " " + new String(payload, StandardCharsets.UTF_8)));
            a.connect();
            observer.publish(Topics.command("plug-7", "reboot"), "{\"delay\":0}");
            assertThat(got.get(10, TimeUnit.SECONDS)).isEqualTo("palisade/v1/d/plug-7/cmd/reboot {\"delay\":0}");
        }
    }

    @Test
    void publishFailsWhenTheBrokerAnswersWithAnErrorReasonCode() throws Exception {
        // the certificate says "other-device": the broker's ACL denies publishing under palisade/v1/d/cam-3/
        try (DeviceAgent a = agent("cam-3", "other-device", "localhost")) {
            a.connect();
            CompletableFuture<Void> f = a.publishTelemetry("{\"ts\":1}");
            assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(DeviceException.class).hasMessageContaining("NOT_AUTHORIZED");
        }
    }

    @Test
    void refusesABrokerWhoseCertificateDoesNotMatchTheHostName() {
        // the broker certificate names only "localhost"
        try (DeviceAgent a = agent("thermo-2", "thermo-2", "127.0.0.1")) {
            assertThatThrownBy(a::connect).isInstanceOf(DeviceException.class).hasMessageContaining("TLS");
            assertThat(a.connected()).isFalse();
        }
    }

    @Test
    void refusesABrokerIssuedByAnotherRoot() {
        TestPki foreign = TestPki.create("Foreign Root");
        KeyStorage key = KeyStorage.generateInMemory();
        try (DeviceAgent a = DeviceAgent.builder().deviceId("thermo-3").keyStorage(key)
                .chain(List.of(pki.issueClient("thermo-3", key.publicKey()))).trustedRoot(foreign.root)
                .mqttHost("localhost").mqttPort(broker.port).timeout(Duration.ofSeconds(10)).build()) {
            assertThatThrownBy(a::connect).isInstanceOf(DeviceException.class).hasMessageContaining("TLS");
        }
    }

    @Test
    void theBrokerRefusesADeviceCertificateFromAnotherRoot() {
        TestPki foreign = TestPki.create("Foreign Root");
        KeyStorage key = KeyStorage.generateInMemory();
        try (DeviceAgent a = DeviceAgent.builder().deviceId("thermo-4").keyStorage(key)
                .chain(List.of(foreign.issueClient("thermo-4", key.publicKey()))).trustedRoot(pki.root)
                .mqttHost("localhost").mqttPort(broker.port).timeout(Duration.ofSeconds(10)).build()) {
            assertThatThrownBy(a::connect).isInstanceOf(DeviceException.class);
            assertThat(a.connected()).isFalse();
        }
    }

    @Test
    void reconnectsAfterTheBrokerRestartsAndKeepsReceivingCommands() throws Exception {
        Path own = dir.resolve("restart");
        java.nio.file.Files.createDirectories(own);
        KeyStorage key = KeyStorage.generateInMemory();
        X509Certificate leaf = pki.issueClient("gw-restart", key.publicKey());
        try (MosquittoBroker b = MosquittoBroker.start(own, pki);
                DeviceAgent a = DeviceAgent.builder().deviceId("gw-restart").keyStorage(key)
                        .chain(List.of(leaf)).trustedRoot(pki.root).mqttHost("localhost").mqttPort(b.port)
                        .timeout(Duration.ofSeconds(10)).build()) {
            java.util.concurrent.LinkedBlockingQueue<String> commands = new java.util.concurrent.LinkedBlockingQueue<>();
            a.onCommand((topic, payload) -> commands.add(new String(payload, StandardCharsets.UTF_8)));
            a.connect();

            b.restart();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            boolean sawDisconnect = false;
            while (System.nanoTime() < deadline) {
                sawDisconnect |= !a.connected();
                if (sawDisconnect && a.connected()) {
                    break;
                }
                Thread.sleep(20);
            }
            assertThat(a.connected()).as("reconnected after the broker restart").isTrue();
            a.publishTelemetry("{\"ts\":2}").get(10, TimeUnit.SECONDS);
            try (Observer o = new Observer(pki, b.port)) {
                o.publish(Topics.command("gw-restart", "ping"), "after-restart");
                assertThat(commands.poll(10, TimeUnit.SECONDS)).isEqualTo("after-restart");
            }
        }
    }

    @Test
    void publishesOnlyUnderItsOwnPrefix() throws Exception {
        try (DeviceAgent a = agent("thermo-7", "thermo-7", "localhost")) {
            a.connect();
            assertThat(a.publish("palisade/v1/d/thermo-8/telemetry", "{}")).isCompletedExceptionally();
            assertThat(a.publish("palisade/v1/d/thermo-7/+", "{}")).isCompletedExceptionally();
            a.publish(Topics.updateStatus("thermo-7"), "{\"state\":\"ok\"}").get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void publishingBeforeConnectFails() {
        try (DeviceAgent a = agent("thermo-5", "thermo-5", "localhost")) {
            assertThat(a.publishTelemetry("{}")).isCompletedExceptionally();
        }
    }

    @Test
    void rejectsAChainThatDoesNotMatchTheKey() {
        KeyStorage key = KeyStorage.generateInMemory();
        X509Certificate other = pki.issueClient("thermo-6", TestPki.newKey().getPublic());
        assertThatThrownBy(() -> key.keyManagers(List.of(other))).isInstanceOf(DeviceException.class)
                .hasMessageContaining("does not match");
    }

    @Test
    void rejectsDeviceIdsThatAreNotOneTopicLevel() {
        for (String bad : List.of("", "a/b", "a+", "#", "a..b", "-x", "x".repeat(65))) {
            assertThatThrownBy(() -> DeviceAgent.builder().deviceId(bad).build())
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
