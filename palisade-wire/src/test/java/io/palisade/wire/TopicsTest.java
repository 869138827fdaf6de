package io.palisade.wire;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class TopicsTest {
    @Test
    void buildsAndParsesTheDeviceTopics() {
        assertThat(Topics.telemetry("cam-1")).isEqualTo("palisade/v1/d/cam-1/telemetry");
        assertThat(Topics.commandFilter("cam-1")).isEqualTo("palisade/v1/d/cam-1/cmd/#");
        assertThat(Topics.parse(Topics.updateStatus("cam-1"))).contains(new Topics.DeviceTopic("cam-1", "update", "status"));
        assertThat(Topics.parse("palisade/v1/d/cam-1/telemetry")).contains(new Topics.DeviceTopic("cam-1", "telemetry", ""));
    }

    @Test
    void refusesWildcardsEmptyLevelsAndForeignRoots() {
        for (String t : new String[] {"palisade/v1/d/+/telemetry", "palisade/v1/d/#", "palisade/v1/d//telemetry", "palisade/v1/d/cam-1/",
                "palisade/v1/d/cam-1/update/", "palisade/v1/d/cam-1/update//x", "other/v1/d/cam-1/telemetry", "palisade/v1/d/cam-1", "$SYS/x", ""}) {
            assertThat(Topics.parse(t)).as(t).isEmpty();
        }
        assertThat(Topics.parse(null)).isEmpty();
    }

    @Property(tries = 1000)
    void parsedTopicsRoundTrip(@ForAll String topic) {
        Topics.parse(topic).ifPresent(p -> {
            String rebuilt = Topics.prefix(p.deviceId()) + p.channel() + (p.rest().isEmpty() ? "" : "/" + p.rest());
            assertThat(rebuilt).isEqualTo(topic);
            assertThat(p.deviceId()).doesNotContain("/", "+", "#").isNotEmpty();
        });
    }
}
