package io.palisade.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Detection and response in the running server: a virtual patch blocks the exploit command for the vulnerable
 * firmware range only, drops oversized publishes of vulnerable devices at the edge, and retires itself for a
 * device once it reports the fixed firmware; behaviour rules over device metrics raise alerts; malformed metric
 * reports are refused and counted.
 */
class DetectionServerTest {
    @TempDir
    Path tmp;

    static void await(String what, BooleanSupplier done) throws InterruptedException {
        long end = System.nanoTime() + 30_000_000_000L;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    @Test
    void virtualPatchBlocksTheExploitForTheVulnerableRangeOnlyAndRetiresAfterTheUpdate() throws Exception {
        Path certs = tmp.resolve("certs");
        try (TestServer t = new TestServer(tmp.resolve("data"))) {
            assertThat(t.cli("model", "create", "--name", "acme-plug", "--manufacturer", "Acme", "--support-until", "2031-12",
                    "--profile", "industrial").exit()).isZero();
            assertThat(t.cli("device", "create", "--model", "acme-plug", "--id", "old-1", "--firmware", "1.4.1", "--out", certs.toString()).exit()).isZero();
            assertThat(t.cli("device", "create", "--model", "acme-plug", "--id", "new-1", "--firmware", "1.4.2", "--out", certs.toString()).exit()).isZero();

            String exploit = "{\"cmd\":\"diag\",\"path\":\"../../etc/shadow\"}";
            assertThat(t.cli("device", "command", "--id", "old-1", "--kind", "debug/exec", "--payload", exploit).exit())
                    .as("no patch yet: the command goes out").isZero();

            Path patch = tmp.resolve("vp.json");
            Files.writeString(patch, """
                    {"id":"VP-2026-001","advisory":"CVE-2026-12345","description":"path traversal in the debug handler",
                     "models":["acme-plug"],"firmwareRange":"<1.4.2",
                     "edge":[{"type":"payload","topic":"cmd/debug/#","direction":"to-device","path":"$.path","op":"contains","value":".."},
                             {"type":"max-size","topic":"telemetry","direction":"from-device","maxBytes":64}],
                     "gateway":[{"dst":"0.0.0.0/0","proto":"tcp","dport":23}],
                     "canaryPercent":100}
                    """);
            TestServer.Cli c = t.cli("vpatch", "create", patch.toString(), "--json");
            assertThat(c.exit()).as(c.err()).isZero();
            assertThat(TestServer.json(c.out()).path("vulnerableDevices").asInt()).isEqualTo(1);

            c = t.cli("device", "command", "--id", "old-1", "--kind", "debug/exec", "--payload", exploit);
            assertThat(c.exit()).isEqualTo(1);
            assertThat(c.err()).contains("blocked by virtual patch VP-2026-001");
            assertThat(t.cli("device", "command", "--id", "old-1", "--kind", "debug/exec", "--payload", "{\"cmd\":\"uptime\",\"path\":\"/tmp\"}").exit())
                    .as("a harmless command passes").isZero();
            assertThat(t.cli("device", "command", "--id", "new-1", "--kind", "debug/exec", "--payload", exploit).exit())
                    .as("fixed firmware is not covered").isZero();
            assertThat(t.post("/api/v1/devices/old-1/commands/debug", "not json").status()).isEqualTo(400);

            // at the edge: an oversized publish of the vulnerable device is dropped, the fixed one's is stored
            String big = "{\"blob\":\"" + "x".repeat(200) + "\"}";
            Mqtt5BlockingClient oldDev = ConnectivityEndToEndTest.hivemq(certs, "old-1", t.server.mqttPort());
            Mqtt5BlockingClient newDev = ConnectivityEndToEndTest.hivemq(certs, "new-1", t.server.mqttPort());
            oldDev.connect();
            newDev.connect();
            assertThatThrownBy(() -> oldDev.publishWith().topic("palisade/v1/d/old-1/telemetry").qos(MqttQos.AT_LEAST_ONCE)
                    .payload(big.getBytes(StandardCharsets.UTF_8)).send()).isInstanceOf(com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException.class);
            assertThat(newDev.publishWith().topic("palisade/v1/d/new-1/telemetry").qos(MqttQos.AT_LEAST_ONCE)
                    .payload(big.getBytes(StandardCharsets.UTF_8)).send().getError()).isEmpty();

            // the gateway deny entry is compiled into the device's nftables policy when a MUD profile exists: see MudServerTest;
            // here: the device updates, reports its new firmware, and the patch retires for it
            assertThat(oldDev.publishWith().topic("palisade/v1/d/old-1/events").qos(MqttQos.AT_LEAST_ONCE)
                    .payload("{\"type\":\"boot\",\"firmware\":\"1.4.2\"}".getBytes(StandardCharsets.UTF_8)).send().getError()).isEmpty();
            await("the patch to retire for old-1", () -> {
                try {
                    return t.get("/api/v1/vpatches/VP-2026-001").json().path("status").path("retiredDevices").asInt() == 1;
                } catch (Exception e) {
                    return false;
                }
            });
            assertThat(t.cli("device", "command", "--id", "old-1", "--kind", "debug/exec", "--payload", exploit).exit()).isZero();
            assertThat(t.get("/api/v1/audit?limit=1000").json().findValuesAsText("action")).contains("vpatch");
            oldDev.disconnect();
            newDev.disconnect();
        }
    }

    @Test
    void metricRulesRaiseAlertsAndMalformedReportsAreRefused() throws Exception {
        Path certs = tmp.resolve("certs");
        try (TestServer t = new TestServer(tmp.resolve("data"))) {
            assertThat(t.cli("model", "create", "--name", "cam", "--manufacturer", "Acme", "--support-until", "2031-12").exit()).isZero();
            assertThat(t.cli("device", "create", "--model", "cam", "--id", "cam-1", "--out", certs.toString()).exit()).isZero();
            Path profile = tmp.resolve("profile.json");
            Files.writeString(profile, """
                    {"name":"cam-limits","models":["cam"],"rules":["dev_bytes_out > 1000000 for 0s severity high","listening_ports > 3 for 0s"]}
                    """);
            TestServer.Cli c = t.cli("detect", "profile", profile.toString());
            assertThat(c.exit()).as(c.err()).isZero();
            Mqtt5BlockingClient cam = ConnectivityEndToEndTest.hivemq(certs, "cam-1", t.server.mqttPort());
            cam.connect();
            cam.publishWith().topic("palisade/v1/d/cam-1/metrics").qos(MqttQos.AT_LEAST_ONCE)
                    .payload("{\"bytes_in\":10,\"bytes_out\":5000000,\"listening_ports\":[22,23,80,443,8080]}".getBytes(StandardCharsets.UTF_8)).send();
            cam.publishWith().topic("palisade/v1/d/cam-1/metrics").qos(MqttQos.AT_LEAST_ONCE)
                    .payload("{\"bytes_out\":-5,\"surprise\":1}".getBytes(StandardCharsets.UTF_8)).send();
            await("behaviour alerts", () -> {
                try {
                    return t.get("/api/v1/alerts?device=cam-1").json().size() >= 1;
                } catch (Exception e) {
                    return false;
                }
            });
            JsonNode alerts = t.get("/api/v1/alerts?device=cam-1").json();
            assertThat(alerts.findValuesAsText("type")).contains("behaviour.rule");
            await("the malformed report to be counted", () -> {
                try {
                    return t.get("/api/v1/detection/stats").json().path("rejectedReports").asLong() == 1;
                } catch (Exception e) {
                    return false;
                }
            });
            String alertId = alerts.get(0).path("id").asText();
            assertThat(t.cli("alerts", "ack", alertId, "--note", "looking").exit()).isZero();
            assertThat(t.get("/api/v1/alerts/" + alertId).json().path("state").asText()).isEqualTo("ACKNOWLEDGED");
            assertThat(t.cli("alerts", "resolve", alertId).exit()).isZero();
            assertThat(t.cli("alerts", "ack", alertId).exit()).as("resolved is final").isEqualTo(1);
            assertThat(t.get("/api/v1/alerts?state=nonsense").status()).isEqualTo(400);
            // the owner's data can be erased: the stored metric reports go, the erasure is audited
            assertThat(t.server.store().telemetry().count(io.palisade.core.device.DeviceId.of("cam-1"))).isPositive();
            assertThat(t.cli("device", "erase", "--id", "cam-1").exit()).isZero();
            assertThat(t.server.store().telemetry().count(io.palisade.core.device.DeviceId.of("cam-1"))).isZero();
            assertThat(t.get("/api/v1/audit?limit=1000").json().findValuesAsText("action")).contains("device.data-erased");
            cam.disconnect();
        }
    }
}
