package io.palisade.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.palisade.cli.Json;
import io.palisade.core.device.DeviceId;
import io.palisade.server.TestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `palisade simulate` against a real server: devices enroll over EST, connect over mutual TLS and stream. */
class SimulateEndToEndTest {
    @TempDir
    Path tmp;

    @Test
    void simulateEnrollsOverEstAndStreams() throws Exception {
        try (TestServer t = new TestServer(tmp.resolve("sim"))) {
            assertThat(t.cli("model", "create", "--name", "acme-plug", "--manufacturer", "Acme", "--support-until", "2030-06").exit()).isZero();
            TestServer.Cli c = t.cli("simulate", "--devices", "6", "--rate", "5", "--duration", "3s", "--json");
            assertThat(c.exit()).as(c.out() + c.err()).isZero();
            JsonNode s = Json.MAPPER.readTree(c.out());
            assertThat(s.path("enrolled").asInt()).isEqualTo(6);
            assertThat(s.path("connected").asInt()).isEqualTo(6);
            assertThat(s.path("acknowledged").asLong()).isGreaterThan(6);
            assertThat(s.path("errors").asLong()).isZero();
            JsonNode devices = t.get("/api/v1/devices").json();
            assertThat(devices).hasSize(6);
            assertThat(devices.findValuesAsText("state")).containsOnly("active");
            long stored = 0;
            for (JsonNode d : devices) {
                stored += t.server.store().telemetry().count(DeviceId.of(d.path("id").asText()));
            }
            assertThat(stored).isGreaterThanOrEqualTo(s.path("acknowledged").asLong());
        }
    }

    @Test
    void simulateRefusesBadFailureInjection() throws Exception {
        try (TestServer t = new TestServer(tmp.resolve("bad"))) {
            assertThat(t.cli("model", "create", "--name", "acme-plug", "--manufacturer", "Acme", "--support-until", "2030-06").exit()).isZero();
            TestServer.Cli c = t.cli("simulate", "--devices", "2", "--duration", "1s", "--fail-rate", "250%");
            assertThat(c.exit()).as(c.out() + c.err()).isEqualTo(2);
            assertThat(c.err()).contains("rate");
        }
    }
}
