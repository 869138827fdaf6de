package io.palisade.edge.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.palisade.core.device.Access.Rights;
import io.palisade.core.device.DeviceId;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class TopicPolicyTest {
    static final DeviceId D = DeviceId.of("dev-1");

    @Test
    void fullRightsPublish() {
        assertThat(TopicPolicy.publishChannel(D, Rights.FULL, "palisade/v1/d/dev-1/telemetry")).contains("telemetry");
        assertThat(TopicPolicy.publishChannel(D, Rights.FULL, "palisade/v1/d/dev-1/events")).contains("events");
        assertThat(TopicPolicy.publishChannel(D, Rights.FULL, "palisade/v1/d/dev-1/metrics")).contains("metrics");
        assertThat(TopicPolicy.publishChannel(D, Rights.FULL, "palisade/v1/d/dev-1/update/status")).contains("update");
        assertThat(TopicPolicy.publishChannel(D, Rights.FULL, "palisade/v1/d/dev-1/attestation")).contains("attestation");
        assertThat(TopicPolicy.publishChannel(D, Rights.FULL, "palisade/v1/d/dev-1/attestation/quote")).contains("attestation");
    }

    @Test
    void refusedPublishes() {
        for (String t : new String[] {"palisade/v1/d/dev-2/telemetry", "palisade/v1/d/dev-1/telemetry/x", "palisade/v1/d/dev-1/cmd/update",
                "palisade/v1/d/dev-1/other", "palisade/v1/d/dev-1/", "palisade/v1/d/dev-1", "palisade/v1/d/+/telemetry", "#",
                "palisade/v1/d/dev-1/update/", "palisade/v1/d/dev-1/update//x", "$SYS/x", "", "palisade/v1/d/dev-1/update/#"}) {
            assertThat(TopicPolicy.publishChannel(D, Rights.FULL, t)).as(t).isEmpty();
        }
        assertThat(TopicPolicy.publishChannel(D, Rights.FULL, null)).isEmpty();
    }

    @Test
    void quarantineKeepsOnlyUpdateAndAttestation() {
        assertThat(TopicPolicy.publishChannel(D, Rights.QUARANTINE, "palisade/v1/d/dev-1/telemetry")).isEmpty();
        assertThat(TopicPolicy.publishChannel(D, Rights.QUARANTINE, "palisade/v1/d/dev-1/events")).isEmpty();
        assertThat(TopicPolicy.publishChannel(D, Rights.QUARANTINE, "palisade/v1/d/dev-1/update/status")).contains("update");
        assertThat(TopicPolicy.publishChannel(D, Rights.QUARANTINE, "palisade/v1/d/dev-1/attestation")).contains("attestation");
        assertThat(TopicPolicy.maySubscribe(D, Rights.QUARANTINE, "palisade/v1/d/dev-1/cmd/#")).isFalse();
        assertThat(TopicPolicy.maySubscribe(D, Rights.QUARANTINE, "palisade/v1/d/dev-1/cmd/update/#")).isTrue();
        assertThat(TopicPolicy.maySubscribe(D, Rights.QUARANTINE, "palisade/v1/d/dev-1/cmd/attestation/#")).isTrue();
        assertThat(TopicPolicy.maySubscribe(D, Rights.QUARANTINE, "palisade/v1/d/dev-1/cmd/update")).isTrue();
        assertThat(TopicPolicy.maySubscribe(D, Rights.QUARANTINE, "palisade/v1/d/dev-1/cmd/+/x")).isFalse();
        assertThat(TopicPolicy.maySubscribe(D, Rights.QUARANTINE, "palisade/v1/d/dev-1/cmd/updates")).isFalse();
    }

    @Test
    void subscriptions() {
        assertThat(TopicPolicy.maySubscribe(D, Rights.FULL, "palisade/v1/d/dev-1/cmd/#")).isTrue();
        assertThat(TopicPolicy.maySubscribe(D, Rights.FULL, "palisade/v1/d/dev-1/cmd")).isTrue();
        assertThat(TopicPolicy.maySubscribe(D, Rights.FULL, "palisade/v1/d/dev-1/cmd/+")).isTrue();
        assertThat(TopicPolicy.maySubscribe(D, Rights.FULL, "palisade/v1/d/dev-1/cmd/update/+/x")).isTrue();
        for (String f : new String[] {"#", "+/#", "palisade/#", "palisade/v1/d/+/cmd/#", "palisade/v1/d/dev-1/#", "palisade/v1/d/dev-1/+/x",
                "palisade/v1/d/dev-2/cmd/#", "$SYS/#", "$share/g/palisade/v1/d/dev-1/cmd/#", "palisade/v1/d/dev-1/cmd/#/x",
                "palisade/v1/d/dev-1/cmd/a#", "palisade/v1/d/dev-1/cmd/a+", "palisade/v1/d/dev-1/cmd/", "palisade/v1/d/dev-1/cmd//x",
                "palisade/v1/d/dev-1/cmdx", "palisade/v1/d/dev-1/telemetry", ""}) {
            assertThat(TopicPolicy.maySubscribe(D, Rights.FULL, f)).as(f).isFalse();
        }
    }

    @Provide
    Arbitrary<String> topics() {
        Arbitrary<String> level = Arbitraries.oneOf(Arbitraries.of("palisade", "v1", "d", "dev-1", "dev-2", "cmd", "telemetry", "update", "#", "+", "",
                "$SYS", "$share", "attestation"), Arbitraries.strings().ofMaxLength(6));
        return level.list().ofMinSize(1).ofMaxSize(8).map(l -> String.join("/", l));
    }

    @Property(tries = 2000)
    void neverAllowsAnotherDevicesTopicsOrWildcardPublishes(@ForAll("topics") String topic) {
        for (Rights r : Rights.values()) {
            if (TopicPolicy.publishChannel(D, r, topic).isPresent()) {
                assertThat(topic).startsWith("palisade/v1/d/dev-1/").doesNotContain("+").doesNotContain("#").doesNotContain("//");
            }
            if (TopicPolicy.maySubscribe(D, r, topic)) {
                assertThat(topic).startsWith("palisade/v1/d/dev-1/cmd");
                assertThat(topic).doesNotStartWith("$");
            }
        }
    }
}
