package io.palisade.core.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.palisade.core.PalisadeException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeviceIdTest {
    @ParameterizedTest
    @ValueSource(strings = {"", "../etc", "a/b", "a\\b", "cam 1", "cam\n1", "cam\u00001", "-cam", ".cam", "a..b", "cam+1", "cam#", "ümlaut",
            "x12345678901234567890123456789012345678901234567890123456789012345"})
    void refusesPathControlAndTopicCharacters(String bad) {
        assertThatThrownBy(() -> DeviceId.of(bad)).isInstanceOf(PalisadeException.class).hasMessageContaining("invalid device id");
    }

    @ParameterizedTest
    @ValueSource(strings = {"cam-0001", "plug_7", "PLC.gw.3", "a"})
    void acceptsOrdinaryIds(String good) {
        assertThat(DeviceId.of(good).uri()).isEqualTo("urn:palisade:device:" + good);
    }

    @Property(tries = 500)
    void anyAcceptedIdIsSafeAsFileNameAndTopicLevel(@ForAll String s) {
        if (DeviceId.isValid(s)) {
            assertThat(s).doesNotContain("/", "\\", "+", "#", " ", "..").hasSizeBetween(1, 64);
            assertThat(s.chars().noneMatch(Character::isISOControl)).isTrue();
        } else {
            assertThatThrownBy(() -> DeviceId.of(s)).isInstanceOf(PalisadeException.class);
        }
    }
}
