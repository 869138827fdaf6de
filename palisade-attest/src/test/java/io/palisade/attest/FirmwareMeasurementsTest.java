package io.palisade.attest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class FirmwareMeasurementsTest {
    @Test
    void jsonRoundTripForTufCustomMetadata() {
        FirmwareMeasurements m = new FirmwareMeasurements("gw-200", "2.0.0",
                Map.of(7, "AB".repeat(32), 0, "00".repeat(32)));
        String json = m.toJson();
        assertThat(json).isEqualTo("{\"model\":\"gw-200\",\"version\":\"2.0.0\",\"pcrs\":{\"0\":\"" + "00".repeat(32)
                + "\",\"7\":\"" + "ab".repeat(32) + "\"}}");
        assertThat(FirmwareMeasurements.fromJson(json)).isEqualTo(m);
    }

    @Test
    void refusesBadReferenceValues() {
        assertThatThrownBy(() -> FirmwareMeasurements.fromJson("{\"model\":\"gw\",\"version\":\"1\",\"pcrs\":{\"24\":\""
                + "00".repeat(32) + "\"}}")).hasMessageContaining("PCR index must be 0..23");
        assertThatThrownBy(() -> FirmwareMeasurements.fromJson("{\"model\":\"gw\",\"version\":\"1\",\"pcrs\":{\"0\":\"00\"}}"))
                .hasMessageContaining("SHA-256 digest");
        assertThatThrownBy(() -> FirmwareMeasurements.fromJson("{\"model\":\"gw\",\"version\":\"1\",\"pcrs\":{},\"x\":1}"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FirmwareMeasurements.fromJson("{\"model\":\"gw\",\"pcrs\":{}}"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
