package io.palisade.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import io.palisade.core.device.DeviceId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An optional JSON schema per model: the broker rejects non-conforming telemetry with a reason code and counts it. */
class TelemetrySchemaTest {
    @TempDir
    Path tmp;

    @Test
    void modelSchemaIsEnforcedAtTheBroker() throws Exception {
        Path certs = tmp.resolve("certs");
        try (TestServer t = new TestServer(tmp.resolve("data"))) {
            assertThat(t.cli("model", "create", "--name", "thermo", "--manufacturer", "Acme", "--support-until", "2031-12").exit()).isZero();
            Path bad = tmp.resolve("bad.json");
            Files.writeString(bad, "{\"$ref\":\"https://evil.example/schema.json\"}");
            TestServer.Cli c = t.cli("model", "schema", "--name", "thermo", "--file", bad.toString());
            assertThat(c.exit()).isEqualTo(1);
            assertThat(c.err()).contains("$ref");
            Path good = tmp.resolve("schema.json");
            Files.writeString(good, """
                    {"type":"object","required":["tempC"],"additionalProperties":false,
                     "properties":{"tempC":{"type":"number","minimum":-50,"maximum":150},"ts":{"type":"integer"}}}
                    """);
            c = t.cli("model", "schema", "--name", "thermo", "--file", good.toString());
            assertThat(c.exit()).as(c.err()).isZero();
            assertThat(t.cli("model", "schema", "--name", "thermo", "--show").out()).contains("tempC");
            assertThat(t.cli("device", "create", "--model", "thermo", "--id", "th-1", "--out", certs.toString()).exit()).isZero();

            Mqtt5BlockingClient h = ConnectivityEndToEndTest.hivemq(certs, "th-1", t.server.mqttPort());
            h.connect();
            Mqtt5PublishResult ok = h.publishWith().topic("palisade/v1/d/th-1/telemetry").qos(MqttQos.AT_LEAST_ONCE)
                    .payload("{\"tempC\":21.5,\"ts\":1}".getBytes(StandardCharsets.UTF_8)).send();
            assertThat(ok.getError()).isEmpty();
            try {
                h.publishWith().topic("palisade/v1/d/th-1/telemetry").qos(MqttQos.AT_LEAST_ONCE)
                        .payload("{\"tempC\":\"hot\"}".getBytes(StandardCharsets.UTF_8)).send();
                throw new AssertionError("a schema violation was acknowledged as success");
            } catch (com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException rejected) {
                assertThat(rejected.getMqttMessage().getReasonCode().isError()).isTrue();
            }
            h.disconnect();

            assertThat(t.server.store().telemetry().count(DeviceId.of("th-1"))).isEqualTo(1);
            assertThat(t.get("/api/v1/devices/th-1/metrics").json().path("rejectedMessages").asLong()).isEqualTo(1);
            assertThat(t.get("/api/v1/audit?limit=1000").json().findValuesAsText("action")).contains("model.telemetry-schema");
            assertThat(t.cli("model", "schema", "--name", "thermo", "--clear").exit()).isZero();
            assertThat(t.cli("model", "schema", "--name", "thermo", "--show").exit()).isEqualTo(1);
        }
    }
}
