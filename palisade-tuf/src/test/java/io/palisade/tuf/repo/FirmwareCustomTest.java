package io.palisade.tuf.repo;

import io.palisade.tuf.TufException;
import io.palisade.core.version.FirmwareVersion;
import io.palisade.tuf.firmware.FirmwareCustom;
import io.palisade.core.version.FirmwareRange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FirmwareCustomTest {
    @Test
    void versionsCompareNumerically() {
        assertThat(FirmwareVersion.parse("1.10.0").isNewerThan(FirmwareVersion.parse("1.9.9"))).isTrue();
        assertThat(FirmwareVersion.parse("1.0").compareTo(FirmwareVersion.parse("1.0.0"))).isZero();
        assertThatThrownBy(() -> FirmwareVersion.parse("1.4.2-rc1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FirmwareVersion.parse("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hardwareRanges() {
        FirmwareRange r = FirmwareRange.parse(">=1.0,<3.0");
        assertThat(r.contains(FirmwareVersion.parse("1.0"))).isTrue();
        assertThat(r.contains(FirmwareVersion.parse("2.9.9"))).isTrue();
        assertThat(r.contains(FirmwareVersion.parse("3.0"))).isFalse();
        assertThat(r.contains(FirmwareVersion.parse("0.9"))).isFalse();
        assertThat(FirmwareRange.parse("*").contains(FirmwareVersion.parse("42"))).isTrue();
        assertThat(FirmwareRange.parse("2.1").contains(FirmwareVersion.parse("2.1.0"))).isTrue();
        assertThat(FirmwareRange.parse("!=2.1").contains(FirmwareVersion.parse("2.1"))).isFalse();
        assertThatThrownBy(() -> FirmwareRange.parse(">=1.0,,<2")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FirmwareRange.parse("~1.0")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void customRoundTripsAndRejectsBadFields() throws Exception {
        FirmwareCustom c = FirmwareCustom.of("acme-plug", "1.4.2", ">=1.0,<3.0", true).withSbom("acme-plug/1.4.2/bom.json");
        assertThat(FirmwareCustom.parse(c.toJson().toString())).isEqualTo(c);
        assertThat(c.fits("acme-plug", FirmwareVersion.parse("2.0"))).isTrue();
        assertThat(c.fits("acme-cam", FirmwareVersion.parse("2.0"))).isFalse();
        assertThat(c.fits("acme-plug", FirmwareVersion.parse("3.0"))).isFalse();
        assertThatThrownBy(() -> FirmwareCustom.parse("{\"model\":\"m\"}")).isInstanceOf(TufException.class)
                .hasMessageContaining("'version'");
        assertThatThrownBy(() -> FirmwareCustom.parse("{\"model\":\"m\",\"version\":\"1\",\"securityUpdate\":\"yes\"}"))
                .hasMessageContaining("boolean");
        assertThatThrownBy(() -> FirmwareCustom.parse("[1]")).hasMessageContaining("object");
        assertThatThrownBy(() -> FirmwareCustom.parse("x".repeat(9000))).hasMessageContaining("longer");
    }
}
