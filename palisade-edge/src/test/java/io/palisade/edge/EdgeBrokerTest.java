package io.palisade.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.palisade.core.device.DeviceId;
import io.palisade.core.device.LifecycleState;
import io.palisade.core.event.DomainEvent;
import io.palisade.core.event.InProcessEventBus;
import io.palisade.core.telemetry.TelemetryRecord;
import io.palisade.wire.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x500.X500Name;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** End-to-end tests of the edge broker over real mutual TLS with two independent MQTT client libraries. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EdgeBrokerTest {
    static final int MAX_PACKET = 4096;
    static final double RATE = 1.0;
    static final int BURST = 10;

    final TestPki pki = new TestPki("Palisade Test Device CA");
    final FakeGate gate = new FakeGate();
    final MemorySink sink = new MemorySink();
    final InProcessEventBus events = new InProcessEventBus();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final CopyOnWriteArrayList<DomainEvent.SecurityEvent> securityEvents = new CopyOnWriteArrayList<>();
    EdgeBroker broker;

    @BeforeAll
    void start(@TempDir Path tmp) {
        events.subscribe(DomainEvent.SecurityEvent.class, securityEvents::add);
        EdgeConfig config = new EdgeConfig(tmp.resolve("broker"), "127.0.0.1", 0, pki.server.key(), List.of(pki.server.cert(), pki.ca.cert()),
                List.of(pki.ca.cert(), TestPki.corpusCert("test-root-ca.crt")), MAX_PACKET, RATE, BURST);
        broker = EdgeBroker.start(config, gate, sink, events, meters);
    }

    @AfterAll
    void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    // ---- clients ---------------------------------------------------------------------------------------

    Mqtt5BlockingClient mqtt5(TestPki.Identity id, String clientId) {
        var ssl = MqttClientSslConfig.builder().trustManagerFactory(pki.trustManagers()).handshakeTimeout(10, TimeUnit.SECONDS);
        if (id != null) {
            ssl = ssl.keyManagerFactory(TestPki.keyManagers(id));
        }
        return Mqtt5Client.builder().identifier(clientId).serverHost("127.0.0.1").serverPort(broker.port()).sslConfig(ssl.build()).buildBlocking();
    }

    Mqtt5BlockingClient connected5(TestPki.Identity id, String clientId) {
        Mqtt5BlockingClient c = mqtt5(id, clientId);
        c.connectWith().cleanStart(true).send();
        return c;
    }

    MqttClient paho(TestPki.Identity id, String clientId) throws MqttException {
        MqttClient c = new MqttClient("ssl://127.0.0.1:" + broker.port(), clientId, new MemoryPersistence());
        c.setTimeToWait(10_000);
        MqttConnectOptions o = new MqttConnectOptions();
        o.setSocketFactory(pki.sslContext(id).getSocketFactory());
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setCleanSession(true);
        o.setConnectionTimeout(10);
        o.setAutomaticReconnect(false);
        c.connect(o);
        return c;
    }

    static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Empty when the QoS 1 publish was acknowledged with success, else the failure reason. */
    static Optional<String> publish5(Mqtt5BlockingClient c, String topic, byte[] payload) {
        try {
            Mqtt5PublishResult r = c.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(payload).send();
            if (r.getError().isPresent()) {
                return Optional.of(r.getError().get().toString());
            }
            if (r instanceof Mqtt5PublishResult.Mqtt5Qos1Result q && q.getPubAck().getReasonCode().isError()) {
                return Optional.of(q.getPubAck().getReasonCode().name());
            }
            return Optional.empty();
        } catch (Mqtt5PubAckException e) {
            return Optional.of(e.getMqttMessage().getReasonCode().name());
        } catch (RuntimeException e) {
            return Optional.of(e.toString());
        }
    }

    static void quietly(Mqtt5BlockingClient c) {
        try {
            if (c.getState().isConnected()) {
                c.disconnect();
            }
        } catch (RuntimeException e) {
            // already gone
        }
    }

    static void quietly(MqttClient c) {
        try {
            if (c.isConnected()) {
                c.disconnect();
            }
            c.close(true);
        } catch (MqttException e) {
            // already gone
        }
    }

    double authFailures(String reason) {
        var c = meters.find("palisade.mqtt.auth.failures").tag("reason", reason).counter();
        return c == null ? 0 : c.count();
    }

    // ---- happy paths -------------------------------------------------------------------------------------

    @Test
    void qos1PublishIsStoredBeforeItIsAcknowledged_mqtt5() {
        gate.allow("dev-a");
        Mqtt5BlockingClient c = connected5(pki.device("dev-a"), "dev-a");
        try {
            assertThat(publish5(c, Topics.telemetry("dev-a"), json("{\"temp\":21.5}"))).isEmpty();
            // no waiting: the PUBACK only follows a durable store
            assertThat(sink.of("dev-a")).extracting(TelemetryRecord::channel, TelemetryRecord::payload)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("telemetry", "{\"temp\":21.5}"));
            assertThat(publish5(c, Topics.events("dev-a"), json("{\"door\":\"open\"}"))).isEmpty();
            assertThat(publish5(c, Topics.metrics("dev-a"), json("{\"cpu\":3}"))).isEmpty();
            assertThat(publish5(c, Topics.updateStatus("dev-a"), json("{\"state\":\"idle\"}"))).isEmpty();
            // update reports are stored too (the platform follows rollouts from them)
            assertThat(sink.of("dev-a")).extracting(TelemetryRecord::channel).containsExactly("telemetry", "events", "metrics", "update");
            assertThat(Await.until(() -> gate.connected.contains(DeviceId.of("dev-a")))).isTrue();
            DeviceMetrics m = broker.metrics(DeviceId.of("dev-a")).orElseThrow();
            assertThat(m.messagesIn()).isEqualTo(4);
            assertThat(m.bytesIn()).isPositive();
            assertThat(m.connects()).isEqualTo(1);
            assertThat(m.connected()).isTrue();
            assertThat(m.lastSourceAddress()).isEqualTo("127.0.0.1");
            assertThat(broker.connectedDevices()).isPositive();
            assertThat(meters.find("palisade.mqtt.connections").gauge().value()).isPositive();
            assertThat(meters.find("palisade.mqtt.messages.in").counter().count()).isGreaterThanOrEqualTo(4);
        } finally {
            quietly(c);
        }
        assertThat(Await.until(() -> !broker.metrics(DeviceId.of("dev-a")).orElseThrow().connected())).isTrue();
        assertThat(broker.metrics(DeviceId.of("dev-a")).orElseThrow().disconnects()).isEqualTo(1);
    }

    @Test
    void qos1PublishIsStoredBeforeItIsAcknowledged_pahoMqtt311() throws Exception {
        gate.allow("dev-paho");
        MqttClient c = paho(pki.device("dev-paho"), "dev-paho");
        try {
            c.publish(Topics.telemetry("dev-paho"), json("{\"rpm\":1200}"), 1, false);
            assertThat(sink.of("dev-paho")).extracting(TelemetryRecord::payload).containsExactly("{\"rpm\":1200}");
        } finally {
            quietly(c);
        }
    }

    @Test
    void mqtt3ClientOfHiveMqLibraryAlsoWorks() {
        gate.allow("dev-m3");
        var ssl = MqttClientSslConfig.builder().trustManagerFactory(pki.trustManagers()).keyManagerFactory(TestPki.keyManagers(pki.device("dev-m3"))).build();
        Mqtt3BlockingClient c = Mqtt3Client.builder().identifier("dev-m3").serverHost("127.0.0.1").serverPort(broker.port()).sslConfig(ssl).buildBlocking();
        c.connect();
        try {
            c.publishWith().topic(Topics.telemetry("dev-m3")).qos(MqttQos.AT_LEAST_ONCE).payload(json("{\"v\":1}")).send();
            assertThat(sink.of("dev-m3")).hasSize(1);
        } finally {
            c.disconnect();
        }
    }

    @Test
    void commonNameIsTheIdentityWhenThereIsNoUriSan() {
        gate.allow("dev-cn");
        Mqtt5BlockingClient c = connected5(pki.device("dev-cn", false), "dev-cn");
        try {
            assertThat(publish5(c, Topics.telemetry("dev-cn"), json("{}"))).isEmpty();
        } finally {
            quietly(c);
        }
    }

    @Test
    void commandsReachTheDevice() throws Exception {
        gate.allow("dev-cmd");
        Mqtt5BlockingClient c = connected5(pki.device("dev-cmd"), "dev-cmd");
        try (var publishes = c.publishes(MqttGlobalPublishFilter.ALL)) {
            c.subscribeWith().topicFilter(Topics.commandFilter("dev-cmd")).qos(MqttQos.AT_LEAST_ONCE).send();
            broker.publishCommand(DeviceId.of("dev-cmd"), "update", "{\"version\":\"2.0\"}").get(10, TimeUnit.SECONDS);
            Optional<Mqtt5Publish> got = publishes.receive(10, TimeUnit.SECONDS);
            assertThat(got).isPresent();
            assertThat(got.get().getTopic().toString()).isEqualTo(Topics.command("dev-cmd", "update"));
            assertThat(new String(got.get().getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("{\"version\":\"2.0\"}");
        } finally {
            quietly(c);
        }
        assertThatThrownBy(() -> broker.publishCommand(DeviceId.of("dev-cmd"), "../x", "{}")).hasMessageContaining("command kind");
    }

    // ---- refusals at CONNECT -----------------------------------------------------------------------------

    @Test
    void noClientCertificateIsRefused() {
        gate.allow("dev-nocert");
        Mqtt5BlockingClient c = mqtt5(null, "dev-nocert");
        assertThatThrownBy(c::connect).isNotNull();
        assertThat(c.getState().isConnected()).isFalse();
        assertThat(sink.of("dev-nocert")).isEmpty();
    }

    @Test
    void plaintextMqttIsRefused() {
        gate.allow("dev-plain");
        Mqtt5BlockingClient c = Mqtt5Client.builder().identifier("dev-plain").serverHost("127.0.0.1").serverPort(broker.port()).buildBlocking();
        assertThatThrownBy(c::connect).isNotNull();
        assertThat(c.getState().isConnected()).isFalse();
    }

    @Test
    void certificateOfAForeignCaIsRefused() {
        gate.allow("dev-foreign");
        TestPki other = new TestPki("Some Other CA");
        Mqtt5BlockingClient c = mqtt5(other.device("dev-foreign"), "dev-foreign");
        assertThatThrownBy(c::connect).isNotNull();
        assertThat(c.getState().isConnected()).isFalse();
    }

    @Test
    void expiredCertificateIsRefused() {
        gate.allow("dev-expired");
        Mqtt5BlockingClient c = mqtt5(pki.expiredDevice("dev-expired"), "dev-expired");
        assertThatThrownBy(c::connect).isNotNull();
        assertThat(c.getState().isConnected()).isFalse();
    }

    void assertRefusedByAuthenticator(TestPki.Identity id, String clientId, String reasonTag) {
        double before = authFailures(reasonTag);
        Mqtt5BlockingClient c = mqtt5(id, clientId);
        Throwable t = catchThrowable(c::connect);
        assertThat(t).isInstanceOf(Mqtt5ConnAckException.class);
        var connack = ((Mqtt5ConnAckException) t).getMqttMessage();
        assertThat(connack.getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED);
        // the client learns nothing about the reason
        assertThat(connack.getReasonString().map(Object::toString)).isIn(Optional.empty(), Optional.of("not authorized"));
        assertThat(authFailures(reasonTag)).isEqualTo(before + 1);
    }

    @Test
    void revokedCertificateIsRefused() {
        gate.deny("dev-revoked", "certificate revoked");
        assertRefusedByAuthenticator(pki.device("dev-revoked"), "dev-revoked", "certificate-revoked");
        assertThat(broker.metrics(DeviceId.of("dev-revoked")).orElseThrow().authorizationFailures()).isEqualTo(1);
    }

    @Test
    void decommissionedDeviceIsRefused() {
        gate.deny("dev-decom", "device is decommissioned");
        assertRefusedByAuthenticator(pki.device("dev-decom"), "dev-decom", "device-is-decommissioned");
    }

    @Test
    void registeredButNotEnrolledDeviceIsRefused() {
        gate.deny("dev-registered", "device is registered");
        assertRefusedByAuthenticator(pki.device("dev-registered"), "dev-registered", "device-is-registered");
    }

    @Test
    void unknownDeviceIsRefused() {
        assertRefusedByAuthenticator(pki.device("dev-unknown"), "dev-unknown", "unknown-device");
    }

    @Test
    void clientIdSpoofingIsRefused() {
        gate.allow("dev-victim");
        gate.allow("dev-spoofer");
        assertRefusedByAuthenticator(pki.device("dev-spoofer"), "dev-victim", "client-id-mismatch");
        assertThat(broker.metrics(DeviceId.of("dev-spoofer")).orElseThrow().authorizationFailures()).isEqualTo(1);
    }

    @Test
    void pahoCorpusClientOfATrustedChainWithoutDeviceIdentityIsRefused() {
        // chain: client.crt -> Signing CA -> Root CA (trusted); CN "test client" is no device id
        X509Certificate leaf = TestPki.corpusCert("client.crt");
        var id = new TestPki.Identity(TestPki.corpusKey("client.key"), leaf, List.of(leaf, TestPki.corpusCert("test-signing-ca.crt")));
        assertRefusedByAuthenticator(id, "test-client", "no-device-identity");
    }

    @Test
    void certificateForgedWithThePahoFakeRootIsRefused() {
        // the fake root has exactly the trusted Root CA's name but another key
        gate.allow("dev-forged");
        X509Certificate fake = TestPki.corpusCert("test-fake-root-ca.crt");
        assertThat(fake.getSubjectX500Principal()).isEqualTo(TestPki.corpusCert("test-root-ca.crt").getSubjectX500Principal());
        var forged = TestPki.forged(X500Name.getInstance(fake.getSubjectX500Principal().getEncoded()), TestPki.corpusKey("test-fake-root-ca.key"),
                "dev-forged");
        Mqtt5BlockingClient c = mqtt5(forged, "dev-forged");
        assertThatThrownBy(c::connect).isNotNull();
        assertThat(c.getState().isConnected()).isFalse();
        assertThat(gate.connected).doesNotContain(DeviceId.of("dev-forged"));
    }

    @Test
    void certificateSignedByThePahoBadRootIsRefused() {
        gate.allow("dev-badroot");
        X509Certificate bad = TestPki.corpusCert("test-bad-root-ca.crt");
        var forged = TestPki.forged(X500Name.getInstance(bad.getSubjectX500Principal().getEncoded()), TestPki.corpusKey("test-bad-root-ca.key"),
                "dev-badroot");
        Mqtt5BlockingClient c = mqtt5(forged, "dev-badroot");
        assertThatThrownBy(c::connect).isNotNull();
        assertThat(c.getState().isConnected()).isFalse();
    }

    @Test
    void pahoClientWithoutCertificateIsRefused() {
        gate.allow("dev-paho-nocert");
        assertThatThrownBy(() -> paho(null, "dev-paho-nocert")).isInstanceOf(MqttException.class);
    }

    // ---- authorization -----------------------------------------------------------------------------------

    @Test
    void crossDevicePublishAndSubscribeAreRefusedAndCounted() {
        gate.allow("dev-x");
        gate.allow("dev-y");
        TestPki.Identity id = pki.device("dev-x");
        Mqtt5BlockingClient c = connected5(id, "dev-x");
        try {
            long before = broker.metrics(DeviceId.of("dev-x")).orElseThrow().authorizationFailures();
            for (String filter : List.of(Topics.commandFilter("dev-y"), "palisade/v1/d/+/cmd/#", "#", "+/#", "$SYS/#",
                    "$share/g/" + Topics.commandFilter("dev-x"), "palisade/v1/d/dev-x/#", "palisade/v1/d/dev-x/telemetry")) {
                assertThatThrownBy(() -> c.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send())
                        .as(filter).isInstanceOf(Mqtt5SubAckException.class);
            }
            // own command filters are allowed; a refused subscription does not end the session
            c.subscribeWith().topicFilter(Topics.commandFilter("dev-x")).qos(MqttQos.AT_LEAST_ONCE).send();
            c.subscribeWith().topicFilter(Topics.prefix("dev-x") + "cmd/update/+").qos(MqttQos.AT_LEAST_ONCE).send();
            assertThat(c.getState().isConnected()).isTrue();
            // a refused publish is answered NOT_AUTHORIZED and ends the session (HiveMQ behaviour)
            assertThat(publish5(c, Topics.telemetry("dev-y"), json("{\"forged\":true}"))).isPresent();
            assertThat(Await.until(() -> !c.getState().isConnected())).isTrue();
            for (String topic : List.of("palisade/v1/d/dev-x/other", Topics.telemetry("dev-x") + "/sub")) {
                Mqtt5BlockingClient again = connected5(id, "dev-x");
                try {
                    assertThat(publish5(again, topic, json("{}"))).as(topic).isPresent();
                } finally {
                    quietly(again);
                }
            }
            assertThat(sink.of("dev-y")).isEmpty();
            assertThat(sink.of("dev-x")).isEmpty();
            assertThat(broker.metrics(DeviceId.of("dev-x")).orElseThrow().authorizationFailures()).isEqualTo(before + 11);
            assertThat(meters.find("palisade.mqtt.authz.failures").tag("action", "subscribe").counter().count()).isGreaterThanOrEqualTo(8);
            assertThat(meters.find("palisade.mqtt.authz.failures").tag("action", "publish").counter().count()).isGreaterThanOrEqualTo(3);
        } finally {
            quietly(c);
        }
    }

    @Test
    void pahoCrossDevicePublishIsNotAcknowledged() throws Exception {
        gate.allow("dev-p1");
        gate.allow("dev-p2");
        MqttClient c = paho(pki.device("dev-p1"), "dev-p1");
        try {
            // MQTT 3 has no negative PUBACK: the broker closes the connection instead of acknowledging
            assertThatThrownBy(() -> c.publish(Topics.telemetry("dev-p2"), json("{\"x\":1}"), 1, false)).isInstanceOf(MqttException.class);
            assertThat(sink.of("dev-p2")).isEmpty();
        } finally {
            quietly(c);
        }
    }

    @Test
    void pahoCrossDeviceSubscribeIsRefused() throws Exception {
        gate.allow("dev-ps");
        MqttClient c = paho(pki.device("dev-ps"), "dev-ps");
        try {
            for (String filter : List.of(Topics.commandFilter("dev-other"), "#", "palisade/v1/d/+/cmd/#")) {
                int granted;
                try {
                    granted = c.subscribeWithResponse(filter, 1).getGrantedQos()[0];
                } catch (MqttException e) {
                    assertThat(e.getReasonCode()).isEqualTo(MqttException.REASON_CODE_SUBSCRIBE_FAILED);
                    granted = 0x80;
                }
                assertThat(granted).as(filter).isEqualTo(0x80);
            }
            assertThat(c.subscribeWithResponse(Topics.commandFilter("dev-ps"), 1).getGrantedQos()[0]).isEqualTo(1);
        } finally {
            quietly(c);
        }
    }

    // ---- inspection --------------------------------------------------------------------------------------

    @Test
    void invalidJsonIsRejectedAndCounted() {
        gate.allow("dev-json");
        Mqtt5BlockingClient c = connected5(pki.device("dev-json"), "dev-json");
        try {
            assertThat(publish5(c, Topics.telemetry("dev-json"), json("not json"))).contains("PAYLOAD_FORMAT_INVALID");
            assertThat(publish5(c, Topics.telemetry("dev-json"), json("[1,2]"))).contains("PAYLOAD_FORMAT_INVALID");
            assertThat(publish5(c, Topics.events("dev-json"), json("{\"a\":1}{\"b\":2}"))).contains("PAYLOAD_FORMAT_INVALID");
            assertThat(publish5(c, Topics.metrics("dev-json"), new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'}))
                    .contains("PAYLOAD_FORMAT_INVALID");
            assertThat(publish5(c, Topics.telemetry("dev-json"), json("{\"a\":1,\"a\":2}"))).contains("PAYLOAD_FORMAT_INVALID");
            assertThat(sink.of("dev-json")).isEmpty();
            assertThat(broker.metrics(DeviceId.of("dev-json")).orElseThrow().rejectedMessages()).isEqualTo(5);
            // the session survives a rejected message
            assertThat(publish5(c, Topics.telemetry("dev-json"), json("{\"ok\":true}"))).isEmpty();
            assertThat(sink.of("dev-json")).hasSize(1);
        } finally {
            quietly(c);
        }
    }

    @Test
    void telemetryIsValidatedAgainstTheModelSchema() {
        gate.allow("dev-schema");
        gate.schemas.put(DeviceId.of("dev-schema"),
                "{\"type\":\"object\",\"required\":[\"temp\"],\"properties\":{\"temp\":{\"type\":\"number\",\"minimum\":-40,\"maximum\":125}},"
                        + "\"additionalProperties\":false}");
        Mqtt5BlockingClient c = connected5(pki.device("dev-schema"), "dev-schema");
        try {
            assertThat(publish5(c, Topics.telemetry("dev-schema"), json("{\"temp\":20}"))).isEmpty();
            assertThat(publish5(c, Topics.telemetry("dev-schema"), json("{\"temp\":200}"))).contains("PAYLOAD_FORMAT_INVALID");
            assertThat(publish5(c, Topics.telemetry("dev-schema"), json("{\"humidity\":3}"))).contains("PAYLOAD_FORMAT_INVALID");
            // events are not telemetry: no schema applies
            assertThat(publish5(c, Topics.events("dev-schema"), json("{\"humidity\":3}"))).isEmpty();
            assertThat(sink.of("dev-schema")).extracting(TelemetryRecord::payload).containsExactly("{\"temp\":20}", "{\"humidity\":3}");
            assertThat(broker.metrics(DeviceId.of("dev-schema")).orElseThrow().rejectedMessages()).isEqualTo(2);
        } finally {
            quietly(c);
        }
    }

    @Test
    void failedStoreIsNeverAcknowledgedAsSuccess() throws Exception {
        gate.allow("dev-fail");
        sink.failFor.add(DeviceId.of("dev-fail"));
        Mqtt5BlockingClient c = connected5(pki.device("dev-fail"), "dev-fail");
        try {
            assertThat(publish5(c, Topics.telemetry("dev-fail"), json("{\"t\":1}"))).contains("UNSPECIFIED_ERROR");
        } finally {
            quietly(c);
        }
        MqttClient p = paho(pki.device("dev-fail"), "dev-fail");
        try {
            assertThatThrownBy(() -> p.publish(Topics.telemetry("dev-fail"), json("{\"t\":2}"), 1, false)).isInstanceOf(MqttException.class);
        } finally {
            quietly(p);
        }
        assertThat(sink.of("dev-fail")).isEmpty();
        assertThat(broker.metrics(DeviceId.of("dev-fail")).orElseThrow().rejectedMessages()).isEqualTo(2);
    }

    @Test
    void oversizedPacketIsRefused() throws Exception {
        gate.allow("dev-big");
        MqttClient c = paho(pki.device("dev-big"), "dev-big");
        try {
            String big = "{\"blob\":\"" + "x".repeat(2 * MAX_PACKET) + "\"}";
            assertThatThrownBy(() -> c.publish(Topics.telemetry("dev-big"), json(big), 1, false)).isInstanceOf(MqttException.class);
            assertThat(Await.until(() -> !c.isConnected())).isTrue();
        } finally {
            quietly(c);
        }
        assertThat(sink.of("dev-big")).isEmpty();
        // the MQTT 5 client learns the limit from CONNACK and refuses to send the packet at all
        Mqtt5BlockingClient c5 = connected5(pki.device("dev-big"), "dev-big");
        try {
            assertThat(c5.getState().isConnected()).isTrue();
            assertThat(publish5(c5, Topics.telemetry("dev-big"), json("{\"blob\":\"" + "y".repeat(2 * MAX_PACKET) + "\"}"))).isPresent();
        } finally {
            quietly(c5);
        }
        assertThat(sink.of("dev-big")).isEmpty();
    }

    // ---- rate limit --------------------------------------------------------------------------------------

    @Test
    void floodIsThrottledWithOneSecurityEventWhileOtherDevicesAreUnaffected() throws Exception {
        gate.allow("dev-flood");
        gate.allow("dev-calm");
        Mqtt5BlockingClient flood = connected5(pki.device("dev-flood"), "dev-flood");
        Mqtt5BlockingClient calm = connected5(pki.device("dev-calm"), "dev-calm");
        try {
            Mqtt5AsyncClient async = flood.toAsync();
            List<CompletableFuture<Mqtt5PublishResult>> results = new ArrayList<>();
            int n = 200;
            for (int i = 0; i < n; i++) {
                results.add(async.publishWith().topic(Topics.telemetry("dev-flood")).qos(MqttQos.AT_LEAST_ONCE).payload(json("{\"i\":" + i + "}")).send());
            }
            int refused = 0;
            for (CompletableFuture<Mqtt5PublishResult> f : results) {
                Mqtt5PublishResult r;
                try {
                    r = f.get(30, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    refused++;
                    continue;
                }
                if (r.getError().isPresent()
                        || r instanceof Mqtt5PublishResult.Mqtt5Qos1Result q && q.getPubAck().getReasonCode() == Mqtt5PubAckReasonCode.QUOTA_EXCEEDED) {
                    refused++;
                }
            }
            // at 1 message/s with a burst of 10, most of 200 immediate publishes cannot be accepted
            assertThat(refused).isGreaterThan(n / 2);
            assertThat(sink.of("dev-flood").size()).isEqualTo(n - refused);
            DeviceMetrics m = broker.metrics(DeviceId.of("dev-flood")).orElseThrow();
            assertThat(m.throttled()).isEqualTo(refused);
            assertThat(Await.until(() -> !securityEvents.isEmpty())).isTrue();
            assertThat(securityEvents).filteredOn(e -> e.deviceId().equals(DeviceId.of("dev-flood")))
                    .singleElement().satisfies(e -> assertThat(e.type()).isEqualTo("rate-limit"));
            // another device is not affected
            assertThat(publish5(calm, Topics.telemetry("dev-calm"), json("{\"calm\":true}"))).isEmpty();
            assertThat(broker.metrics(DeviceId.of("dev-calm")).orElseThrow().throttled()).isZero();
            assertThat(flood.getState().isConnected()).isTrue();
        } finally {
            quietly(flood);
            quietly(calm);
        }
    }

    // ---- live effect of platform changes -----------------------------------------------------------------

    @Test
    void revocationClosesTheOpenSession() throws Exception {
        gate.allow("dev-rev");
        TestPki.Identity id = pki.device("dev-rev");
        gate.allow("dev-bystander");
        MqttClient c = paho(id, "dev-rev");
        Mqtt5BlockingClient other = connected5(pki.device("dev-bystander"), "dev-bystander");
        try {
            assertThat(c.isConnected()).isTrue();
            gate.deny("dev-rev", "certificate revoked");
            events.publish(new DomainEvent.CertificateRevoked(DeviceId.of("dev-rev"), id.serial(), Instant.now(), Instant.now()));
            long t0 = System.nanoTime();
            assertThat(Await.until(() -> !c.isConnected())).isTrue();
            org.slf4j.LoggerFactory.getLogger(EdgeBrokerTest.class).info("revoked session closed after {} ms", (System.nanoTime() - t0) / 1_000_000);
            assertThat(Await.until(() -> !broker.metrics(DeviceId.of("dev-rev")).orElseThrow().connected())).isTrue();
            assertThatThrownBy(() -> paho(id, "dev-rev")).isInstanceOf(MqttException.class);
            assertThat(other.getState().isConnected()).isTrue();
        } finally {
            quietly(c);
            quietly(other);
        }
    }

    @Test
    void revocationEffectiveLaterClosesTheSessionWhenItTakesEffect() {
        gate.allow("dev-rev-later");
        TestPki.Identity id = pki.device("dev-rev-later");
        Mqtt5BlockingClient c = connected5(id, "dev-rev-later");
        try {
            Instant effective = Instant.now().plusMillis(1500);
            gate.revokedFrom.put(DeviceId.of("dev-rev-later"), effective);
            events.publish(new DomainEvent.CertificateRevoked(DeviceId.of("dev-rev-later"), id.serial(), effective, Instant.now()));
            // still allowed now (rotation overlap)...
            assertThat(publish5(c, Topics.telemetry("dev-rev-later"), json("{\"overlap\":1}"))).isEmpty();
            // ...and closed once the revocation is effective
            assertThat(Await.until(() -> !c.getState().isConnected())).isTrue();
            assertThat(Instant.now()).isAfterOrEqualTo(effective);
        } finally {
            quietly(c);
        }
    }

    @Test
    void gateFailureRefusesTheConnection() {
        gate.allow("dev-boom");
        gate.failing.add(DeviceId.of("dev-boom"));
        assertRefusedByAuthenticator(pki.device("dev-boom"), "dev-boom", "gate-error");
    }

    @Test
    void decommissioningClosesTheOpenSession() {
        gate.allow("dev-live-decom");
        Mqtt5BlockingClient c = connected5(pki.device("dev-live-decom"), "dev-live-decom");
        try {
            gate.deny("dev-live-decom", "device is decommissioned");
            events.publish(new DomainEvent.DeviceStateChanged(DeviceId.of("dev-live-decom"), LifecycleState.ACTIVE, LifecycleState.DECOMMISSIONED, Instant.now()));
            assertThat(Await.until(() -> !c.getState().isConnected())).isTrue();
        } finally {
            quietly(c);
        }
    }

    @Test
    void quarantineNarrowsRights() {
        gate.allow("dev-q");
        TestPki.Identity id = pki.device("dev-q");
        Mqtt5BlockingClient c = connected5(id, "dev-q");
        try {
            c.subscribeWith().topicFilter(Topics.commandFilter("dev-q")).qos(MqttQos.AT_LEAST_ONCE).send();
            assertThat(publish5(c, Topics.telemetry("dev-q"), json("{\"before\":1}"))).isEmpty();
            gate.quarantine("dev-q");
            events.publish(new DomainEvent.DeviceStateChanged(DeviceId.of("dev-q"), LifecycleState.ACTIVE, LifecycleState.QUARANTINED, Instant.now()));
            // the session is closed; the device reconnects with quarantine rights
            assertThat(Await.until(() -> !c.getState().isConnected())).isTrue();
        } finally {
            quietly(c);
        }
        Mqtt5BlockingClient q = connected5(id, "dev-q");
        try {
            assertThatThrownBy(() -> q.subscribeWith().topicFilter(Topics.commandFilter("dev-q")).qos(MqttQos.AT_LEAST_ONCE).send())
                    .isInstanceOf(Mqtt5SubAckException.class);
            q.subscribeWith().topicFilter(Topics.prefix("dev-q") + "cmd/update/#").qos(MqttQos.AT_LEAST_ONCE).send();
            q.subscribeWith().topicFilter(Topics.prefix("dev-q") + "cmd/attestation/#").qos(MqttQos.AT_LEAST_ONCE).send();
            assertThat(publish5(q, Topics.updateStatus("dev-q"), json("{\"state\":\"downloading\"}"))).isEmpty();
            assertThat(publish5(q, Topics.attestation("dev-q"), json("{\"quote\":\"...\"}"))).isEmpty();
            assertThat(publish5(q, Topics.telemetry("dev-q"), json("{\"after\":1}"))).isPresent();
            assertThat(Await.until(() -> !q.getState().isConnected())).isTrue();
        } finally {
            quietly(q);
        }
        Mqtt5BlockingClient r = connected5(id, "dev-q");
        try {
            assertThat(publish5(r, Topics.updateStatus("dev-q"), json("{\"state\":\"installing\"}"))).isEmpty();
            // released from quarantine: full rights on the open session
            gate.allow("dev-q");
            events.publish(new DomainEvent.DeviceStateChanged(DeviceId.of("dev-q"), LifecycleState.QUARANTINED, LifecycleState.ACTIVE, Instant.now()));
            assertThat(Await.until(() -> {
                try {
                    r.subscribeWith().topicFilter(Topics.commandFilter("dev-q")).qos(MqttQos.AT_LEAST_ONCE).send();
                    return true;
                } catch (Mqtt5SubAckException e) {
                    return false;
                }
            })).isTrue();
            assertThat(publish5(r, Topics.telemetry("dev-q"), json("{\"released\":1}"))).isEmpty();
            assertThat(r.getState().isConnected()).isTrue();
        } finally {
            quietly(r);
        }
        // a quarantined device still reports its update progress (stored); its telemetry is refused until release
        assertThat(sink.of("dev-q")).extracting(TelemetryRecord::payload).containsExactly("{\"before\":1}",
                "{\"state\":\"downloading\"}", "{\"state\":\"installing\"}", "{\"released\":1}");
    }

    // ---- HiveMQ CE embedded pitfalls ---------------------------------------------------------------------

    @Test
    void pitfallUnauthenticatedConnectionsAreDeniedAfterStart() {
        assertThat(com.hivemq.configuration.service.InternalConfigurations.AUTH_DENY_UNAUTHENTICATED_CONNECTIONS.get()).isTrue();
    }

    @Test
    void pitfallTopicsWithoutAnExplicitRuleAreDenied() {
        gate.allow("dev-default");
        TestPki.Identity id = pki.device("dev-default");
        for (String topic : List.of("some/random/topic", "palisade/v1/d/dev-default", "$SYS/broker")) {
            Mqtt5BlockingClient c = connected5(id, "dev-default");
            try {
                assertThatThrownBy(() -> c.subscribeWith().topicFilter(topic).qos(MqttQos.AT_MOST_ONCE).send())
                        .isInstanceOf(Mqtt5SubAckException.class);
                assertThat(publish5(c, topic, json("{}"))).as(topic).isPresent();
            } finally {
                quietly(c);
            }
        }
        assertThat(sink.of("dev-default")).isEmpty();
    }

    @Test
    void pitfallWrittenConfigurationHasStatisticsOffAndOnlyTheMutualTlsListener() throws Exception {
        Path xml = broker.configurationFolder().resolve("config.xml");
        var doc = javax.xml.parsers.DocumentBuilderFactory.newDefaultInstance().newDocumentBuilder().parse(xml.toFile());
        var xp = javax.xml.xpath.XPathFactory.newDefaultInstance().newXPath();
        assertThat(xp.evaluate("/hivemq/anonymous-usage-statistics/enabled", doc)).isEqualTo("false");
        assertThat(xp.evaluate("count(/hivemq/listeners/*)", doc)).isEqualTo("1");
        assertThat(xp.evaluate("name(/hivemq/listeners/*[1])", doc)).isEqualTo("tls-tcp-listener");
        assertThat(xp.evaluate("/hivemq/listeners/tls-tcp-listener/tls/client-authentication-mode", doc)).isEqualTo("REQUIRED");
        assertThat(xp.evaluate("/hivemq/mqtt/packets/max-packet-size", doc)).isEqualTo(String.valueOf(MAX_PACKET));
        for (String f : List.of("config.xml", "server.p12", "trust.p12")) {
            assertThat(java.nio.file.Files.getPosixFilePermissions(broker.configurationFolder().resolve(f)))
                    .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ, java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        }
    }

    @Test
    void offeredTlsVersionsAreOnly13And12() throws Exception {
        for (String version : List.of("TLSv1.1", "TLSv1.3", "TLSv1.2")) {
            javax.net.ssl.SSLContext ctx = pki.sslContext(pki.device("dev-tls"));
            try (var socket = (javax.net.ssl.SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", broker.port())) {
                socket.setSoTimeout(10_000);
                socket.setEnabledProtocols(new String[] {version});
                Throwable t = catchThrowable(socket::startHandshake);
                if (version.equals("TLSv1.1")) {
                    assertThat(t).as(version).isNotNull();
                } else {
                    assertThat(t).as(version).isNull();
                    assertThat(socket.getSession().getProtocol()).isEqualTo(version);
                }
            } catch (IllegalArgumentException e) {
                // the local JDK does not even offer this version
                assertThat(version).isEqualTo("TLSv1.1");
            }
        }
    }

    @Test
    void authFailureMetricsAreTaggedWithTheReason() {
        assertRefusedByAuthenticator(pki.device("dev-never-registered"), "dev-never-registered", "unknown-device");
        assertThat(meters.find("palisade.mqtt.auth.failures").counters()).isNotEmpty();
        assertThat(broker.allMetrics()).extracting(DeviceMetrics::deviceId).contains(DeviceId.of("dev-never-registered"));
    }

    // ---- mosquitto command-line clients (a third, independent MQTT implementation) ---------------------------

    static boolean mosquittoInstalled() {
        for (String tool : List.of("mosquitto_pub", "mosquitto_sub")) {
            boolean found = java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                    .anyMatch(dir -> java.nio.file.Files.isExecutable(Path.of(dir, tool)));
            if (!found) {
                return false;
            }
        }
        return true;
    }

    record Run(int exit, String output) {
    }

    static Run run(List<String> command, Duration max) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                return e.toString();
            }
        });
        if (!p.waitFor(max.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
        }
        return new Run(p.exitValue(), out.get(5, TimeUnit.SECONDS));
    }

    List<String> mosquitto(String tool, Path pem, String clientId, String version, String... args) {
        List<String> cmd = new ArrayList<>(List.of(tool, "-h", "localhost", "-p", String.valueOf(broker.port()), "--cafile", pem.resolve("ca.pem").toString(),
                "-i", clientId, "-V", version));
        if (java.nio.file.Files.exists(pem.resolve("cert.pem"))) {
            cmd.addAll(List.of("--cert", pem.resolve("cert.pem").toString(), "--key", pem.resolve("key.pem").toString()));
        }
        cmd.addAll(List.of(args));
        return cmd;
    }

    @Test
    void mosquittoPublishIsStoredWithMqtt5AndMqtt311(@TempDir Path dir) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(mosquittoInstalled(), "mosquitto_pub/mosquitto_sub are not installed (apt-get install mosquitto-clients)");
        gate.allow("dev-mosq");
        Path pem = pki.writePem(pki.device("dev-mosq"), dir.resolve("dev"));
        for (String version : List.of("mqttv5", "mqttv311")) {
            Run r = run(mosquitto("mosquitto_pub", pem, "dev-mosq", version, "-q", "1", "-t", Topics.telemetry("dev-mosq"), "-m",
                    "{\"via\":\"" + version + "\"}"), Duration.ofSeconds(30));
            assertThat(r.exit()).as(r.output()).isZero();
        }
        assertThat(sink.of("dev-mosq")).extracting(TelemetryRecord::payload).containsExactly("{\"via\":\"mqttv5\"}", "{\"via\":\"mqttv311\"}");
    }

    @Test
    void mosquittoRefusals(@TempDir Path dir) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(mosquittoInstalled(), "mosquitto_pub/mosquitto_sub are not installed (apt-get install mosquitto-clients)");
        gate.allow("dev-mosq2");
        Path pem = pki.writePem(pki.device("dev-mosq2"), dir.resolve("dev"));
        // no client certificate
        Path noCert = dir.resolve("nocert");
        java.nio.file.Files.createDirectories(noCert);
        java.nio.file.Files.copy(pem.resolve("ca.pem"), noCert.resolve("ca.pem"));
        Run r = run(mosquitto("mosquitto_pub", noCert, "dev-mosq2", "mqttv311", "-q", "1", "-t", Topics.telemetry("dev-mosq2"), "-m", "{}"),
                Duration.ofSeconds(30));
        assertThat(r.exit()).as(r.output()).isNotZero();
        // client id spoofing
        gate.allow("dev-mosq-victim");
        r = run(mosquitto("mosquitto_pub", pem, "dev-mosq-victim", "mqttv5", "-q", "1", "-t", Topics.telemetry("dev-mosq-victim"), "-m", "{}"),
                Duration.ofSeconds(30));
        assertThat(r.exit()).as(r.output()).isNotZero();
        // another device's command topic
        r = run(mosquitto("mosquitto_sub", pem, "dev-mosq2", "mqttv311", "-t", Topics.commandFilter("dev-mosq-victim"), "-C", "1", "-W", "5"),
                Duration.ofSeconds(30));
        assertThat(r.exit() != 0 || r.output().contains("All subscription requests were denied")).as(r.output()).isTrue();
        assertThat(r.output()).doesNotContain("{");
        assertThat(sink.of("dev-mosq-victim")).isEmpty();
        assertThat(sink.of("dev-mosq2")).isEmpty();
    }

    @Test
    void mosquittoSubscriberReceivesItsCommands(@TempDir Path dir) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(mosquittoInstalled(), "mosquitto_pub/mosquitto_sub are not installed (apt-get install mosquitto-clients)");
        gate.allow("dev-mosq3");
        Path pem = pki.writePem(pki.device("dev-mosq3"), dir.resolve("dev"));
        CompletableFuture<Run> sub = CompletableFuture.supplyAsync(() -> {
            try {
                return run(mosquitto("mosquitto_sub", pem, "dev-mosq3", "mqttv5", "-q", "1", "-t", Topics.commandFilter("dev-mosq3"), "-C", "1", "-W", "30"),
                        Duration.ofSeconds(40));
            } catch (Exception e) {
                return new Run(-1, e.toString());
            }
        });
        // keep sending until the subscriber (whose start time is unknown) has received one and exited
        while (!sub.isDone()) {
            broker.publishCommand(DeviceId.of("dev-mosq3"), "reboot", "{\"at\":\"now\"}").get(10, TimeUnit.SECONDS);
            Thread.sleep(200);
        }
        Run r = sub.get();
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("{\"at\":\"now\"}");
    }
}
