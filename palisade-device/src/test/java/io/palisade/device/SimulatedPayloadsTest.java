package io.palisade.device;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.palisade.device.internal.SimulatedPayloads;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SimulatedPayloadsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode telemetry(String model) throws Exception {
        return JSON.readTree(SimulatedPayloads.telemetry(model, 1234L, new Random(7)));
    }

    @Test
    void payloadShapeFollowsTheModelName() throws Exception {
        JsonNode cam = telemetry("Axis IPCam M3106");
        assertThat(cam.get("ts").asLong()).isEqualTo(1234L);
        assertThat(cam.get("fps").isInt()).isTrue();
        assertThat(cam.get("bitrateKbps").isInt()).isTrue();
        assertThat(cam.get("motion").isBoolean()).isTrue();

        JsonNode plug = telemetry("SmartPlug-2");
        assertThat(plug.get("watts").isNumber()).isTrue();
        assertThat(plug.get("relay").asText()).isIn("on", "off");

        for (String m : new String[] {"S7-1200 PLC", "edge-gateway"}) {
            JsonNode plc = telemetry(m);
            assertThat(plc.get("cycleMs").isInt()).isTrue();
            assertThat(plc.get("inputs").isArray()).isTrue();
        }

        JsonNode other = telemetry("thermostat");
        assertThat(other.get("temperatureC").isNumber()).isTrue();
        assertThat(other.size()).isEqualTo(2);
    }

    @Test
    void bootEventCarriesTheFirmware() throws Exception {
        assertThat(JSON.readTree(SimulatedPayloads.bootEvent("3.2.1")).toString())
                .isEqualTo("{\"type\":\"boot\",\"firmware\":\"3.2.1\"}");
        assertThat(JSON.readTree(SimulatedPayloads.bootEvent(null)).get("firmware").asText()).isEqualTo("1.0.0");
    }
}
