package io.palisade.tuf.repo;

import io.palisade.tuf.TufException;
import io.palisade.tuf.firmware.DottedVersion;
import io.palisade.tuf.firmware.FirmwareCustom;
import io.palisade.tuf.firmware.VersionRange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FirmwareCustomTest {
    @Test
    void versionsCompareNumerically() {
        assertThat(DottedVersion.parse("1.10.0").isNewerThan(DottedVersion.parse("1.9.9"))).isTrue();
        assertThat(DottedVersion.parse("1.0").compareTo(DottedVersion.parse("1.0.0"))).isZero();
        assertThatThrownBy(() -> DottedVersion.parse("1.4.2-rc1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DottedVersion.parse("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hardwareRanges() {
        VersionRange r = VersionRange.parse(">=1.0,<3.0");
        assertThat(r.contains(DottedVersion.parse("1.0"))).isTrue();
        assertThat(r.contains(DottedVersion.parse("2.9.9"))).isTrue();
        assertThat(r.contains(DottedVersion.parse("3.0"))).isFalse();
        assertThat(r.contains(DottedVersion.parse("0.9"))).isFalse();
        assertThat(VersionRange.parse("*").contains(DottedVersion.parse("42"))).isTrue();
        assertThat(VersionRange.parse("2.1").contains(DottedVersion.parse("2.1.0"))).isTrue();
        assertThat(VersionRange.parse("!=2.1").contains(DottedVersion.parse("2.1"))).isFalse();
        assertThatThrownBy(() -> VersionRange.parse(">=1.0,,<2")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VersionRange.parse("~1.0")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void customRoundTripsAndRejectsBadFields() throws Exception {
        FirmwareCustom c = FirmwareCustom.of("acme-plug", "1.4.2", ">=1.0,<3.0", true).withSbom("acme-plug/1.4.2/bom.json");
        assertThat(FirmwareCustom.parse(c.toJson().toString())).isEqualTo(c);
        assertThat(c.fits("acme-plug", DottedVersion.parse("2.0"))).isTrue();
        assertThat(c.fits("acme-cam", DottedVersion.parse("2.0"))).isFalse();
        assertThat(c.fits("acme-plug", DottedVersion.parse("3.0"))).isFalse();
        assertThatThrownBy(() -> FirmwareCustom.parse("{\"model\":\"m\"}")).isInstanceOf(TufException.class)
                .hasMessageContaining("'version'");
        assertThatThrownBy(() -> FirmwareCustom.parse("{\"model\":\"m\",\"version\":\"1\",\"securityUpdate\":\"yes\"}"))
                .hasMessageContaining("boolean");
        assertThatThrownBy(() -> FirmwareCustom.parse("[1]")).hasMessageContaining("object");
        assertThatThrownBy(() -> FirmwareCustom.parse("x".repeat(9000))).hasMessageContaining("longer");
    }
}
