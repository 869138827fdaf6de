package io.palisade.detect.behaviour;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.palisade.core.ErrorCode;
import io.palisade.core.PalisadeException;
import io.palisade.detect.alert.Severity;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class ParsersTest {
    @Test
    void parsesRules() {
        Rule r = Rule.parse("messages_in > 100 for 60s");
        assertThat(r.metric()).isEqualTo(Metric.MESSAGES_IN);
        assertThat(r.op()).isEqualTo(Comparison.GT);
        assertThat(r.threshold()).isEqualTo(100);
        assertThat(r.holdFor()).isEqualTo(Duration.ofSeconds(60));
        assertThat(Rule.parse("auth_failures>=5 severity high").severity()).isEqualTo(Severity.HIGH);
        assertThat(Rule.parse("connections != 2 for 5m").holdFor()).isEqualTo(Duration.ofMinutes(5));
        assertThat(Rule.parse(r.text())).isEqualTo(r);
    }

    @Test
    void ruleErrorsArePrecise() {
        assertThatThrownBy(() -> Rule.parse("mesages_in > 1")).hasMessageContaining("unknown metric").hasMessageContaining("column 1");
        assertThatThrownBy(() -> Rule.parse("messages_in => 1")).hasMessageContaining("operator").hasMessageContaining("column 13");
        assertThatThrownBy(() -> Rule.parse("messages_in > abc")).hasMessageContaining("expected a number");
        assertThatThrownBy(() -> Rule.parse("messages_in > 1 for 10x")).hasMessageContaining("duration");
        assertThatThrownBy(() -> Rule.parse("messages_in > 1 for 25h")).hasMessageContaining("24h");
        assertThatThrownBy(() -> Rule.parse("messages_in > 1 junk")).hasMessageContaining("column 17");
        assertThatThrownBy(() -> Rule.parse("x".repeat(300))).hasMessageContaining("longer than");
    }

    @Test
    void parsesReports() {
        DeviceMetricsReport r = DeviceMetricsReport.parse(("{\"interval\":60,\"bytes_in\":1200,\"bytes_out\":800,"
                + "\"packets_in\":20,\"packets_out\":18,\"listening_ports\":[443],\"connections\":2,"
                + "\"destinations\":[\"203.0.113.5:443\",\"[2001:db8::1]:8883\"]}").getBytes(StandardCharsets.UTF_8));
        assertThat(r.bytesIn()).isEqualTo(1200);
        assertThat(r.listeningPorts()).containsExactly(443);
        assertThat(r.destinations()).extracting(Endpoint::text).containsExactly("203.0.113.5:443", "[2001:db8:0:0:0:0:0:1]:8883");
    }

    @Test
    void rejectsBadReports() {
        assertThatThrownBy(() -> report("{\"bytes_in\":-1}")).hasMessageContaining("negative");
        assertThatThrownBy(() -> report("{\"bytes_in\":1e300}")).hasMessageContaining("integer");
        assertThatThrownBy(() -> report("{\"bytes_in\":99999999999999999999999}")).hasMessageContaining("absurd");
        assertThatThrownBy(() -> report("{\"foo\":1}")).hasMessageContaining("unknown field");
        assertThatThrownBy(() -> report("{\"bytes_in\":1,\"bytes_in\":2}")).hasMessageContaining("repeats");
        assertThatThrownBy(() -> report("{\"destinations\":[\"evil.example:80\"]}")).hasMessageContaining("IPv4");
        assertThatThrownBy(() -> report("{\"destinations\":[\"1.2.3.4:0\"]}")).hasMessageContaining("port");
        assertThatThrownBy(() -> report("{\"listening_ports\":[70000]}")).hasMessageContaining("1-65535");
        assertThatThrownBy(() -> report("[1]")).hasMessageContaining("object");
        assertThatThrownBy(() -> report("{\"bytes_in\":1")).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> report("{} {}")).hasMessageContaining("after");
        StringBuilder many = new StringBuilder("{\"listening_ports\":[");
        for (int i = 1; i <= 300; i++) {
            many.append(i).append(i < 300 ? "," : "]}");
        }
        assertThatThrownBy(() -> report(many.toString())).hasMessageContaining("more than 256");
        byte[] big = new byte[DeviceMetricsReport.MAX_BYTES + 1];
        assertThatThrownBy(() -> DeviceMetricsReport.parse(big)).isInstanceOfSatisfying(PalisadeException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE));
    }

    private static DeviceMetricsReport report(String s) {
        return DeviceMetricsReport.parse(s.getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 500)
    void ruleParserNeverCrashes(@ForAll("ruleish") String text) {
        try {
            Rule r = Rule.parse(text);
            assertThat(Rule.parse(r.text())).isEqualTo(r);
        } catch (PalisadeException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
            assertThat(e.getMessage()).startsWith("rule");
        }
    }

    @Provide
    Arbitrary<String> ruleish() {
        Arbitrary<String> metric = Arbitraries.oneOf(Arbitraries.of("messages_in", "bytes_out", "auth_failures", "xx"),
                Arbitraries.strings().ofMaxLength(12));
        Arbitrary<String> op = Arbitraries.of(">", ">=", "<", "<=", "==", "!=", "=>", "", "<<");
        Arbitrary<String> num = Arbitraries.oneOf(Arbitraries.doubles().map(d -> Double.toString(d)),
                Arbitraries.longs().map(l -> Long.toString(l)), Arbitraries.strings().ofMaxLength(5));
        Arbitrary<String> tail = Arbitraries.of("", " for 10s", " for 2h", " for 99999h", " severity high", " for", " x");
        return Arbitraries.oneOf(net.jqwik.api.Combinators.combine(metric, op, num, tail).as((m, o, n, t) -> m + " " + o + " " + n + t),
                Arbitraries.strings().ofMaxLength(250));
    }

    @Property(tries = 500)
    void reportParserNeverCrashes(@ForAll("reportish") String text) {
        try {
            DeviceMetricsReport r = DeviceMetricsReport.parse(text.getBytes(StandardCharsets.UTF_8));
            assertThat(r.destinations().size()).isLessThanOrEqualTo(DeviceMetricsReport.MAX_ARRAY);
        } catch (PalisadeException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    @Provide
    Arbitrary<String> reportish() {
        Arbitrary<String> field = Arbitraries.of("bytes_in", "bytes_out", "packets_in", "connections", "interval", "zzz");
        Arbitrary<String> value = Arbitraries.oneOf(Arbitraries.longs().map(l -> Long.toString(l)),
                Arbitraries.of("1e99", "\"x\"", "null", "[1,2]", "{}", "-0", "1.5", "NaN", "[\"1.2.3.4:5\",\"300.1.1.1:1\"]"),
                Arbitraries.strings().ofMaxLength(20).map(s -> "\"" + s.replace("\"", "") + "\""));
        Arbitrary<String> kv = net.jqwik.api.Combinators.combine(field, value).as((f, v) -> "\"" + f + "\":" + v);
        return Arbitraries.oneOf(kv.list().ofMaxSize(6).map(l -> "{" + String.join(",", l) + "}"),
                Arbitraries.strings().ofMaxLength(200),
                Arbitraries.strings().withChars("{}[]\":,0123456789").ofMaxLength(100));
    }
}
