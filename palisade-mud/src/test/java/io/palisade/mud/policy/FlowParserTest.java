package io.palisade.mud.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.palisade.mud.MudException;
import io.palisade.mud.net.IpAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FlowParserTest {

    @Test
    void parsesAFullRecordAndIgnoresOtherFields() throws MudException {
        Flow f = FlowParser.parse("{\"src\":\"10.0.0.2\",\"sport\":51000,\"dst\":\"203.0.113.5\",\"dport\":443,"
                + "\"proto\":\"TCP\",\"src_name\":null,\"dst_name\":\"API.Example.com.\",\"initiator\":\"src\","
                + "\"bytes\":1234,\"ts\":\"2026-11-22T10:00:00Z\"}");
        assertThat(f).isEqualTo(new Flow(IpAddress.of("10.0.0.2"), 51000, IpAddress.of("203.0.113.5"), 443, 6, null,
                "api.example.com", Flow.Initiator.SRC, -1, -1));
    }

    @Test
    void optionalFieldsDefault() throws MudException {
        Flow f = FlowParser.parse("{\"src\":\"fd00::1\",\"dst\":\"ff02::1\",\"proto\":58,\"icmp_type\":135,"
                + "\"icmp_code\":0,\"initiator\":null}");
        assertThat(f.srcPort()).isEqualTo(-1);
        assertThat(f.initiator()).isEqualTo(Flow.Initiator.UNKNOWN);
        assertThat(f.icmpType()).isEqualTo(135);
        assertThat(FlowParser.parse("{\"src\":\"1.1.1.1\",\"dst\":\"2.2.2.2\",\"proto\":\"17\"}").protocol())
                .isEqualTo(17);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            not json                                                             | $         | not valid JSON
            []                                                                   | $         | must be a JSON object
            {"dst":"1.1.1.1","proto":"tcp"}                                      | $.src     | required member 'src' is missing
            {"src":"host","dst":"1.1.1.1","proto":"tcp"}                         | $.src     | not an IP address literal
            {"src":"1.1.1.1","dst":5,"proto":"tcp"}                              | $.dst     | must be an IP address string
            {"src":"1.1.1.1","dst":"::1","proto":"tcp"}                          | $         | different IP versions
            {"src":"1.1.1.1","dst":"2.2.2.2"}                                    | $.proto   | required member 'proto'
            {"src":"1.1.1.1","dst":"2.2.2.2","proto":"quic"}                     | $.proto   | unknown protocol 'quic'
            {"src":"1.1.1.1","dst":"2.2.2.2","proto":256}                        | $.proto   | out of range
            {"src":"1.1.1.1","dst":"2.2.2.2","proto":"tcp","dport":65536}        | $.dport   | integer 0..65535
            {"src":"1.1.1.1","dst":"2.2.2.2","proto":"tcp","sport":"80"}         | $.sport   | integer 0..65535
            {"src":"1.1.1.1","dst":"2.2.2.2","proto":"tcp","initiator":"both"}   | $.initiator | "src", "dst" or null
            {"src":"1.1.1.1","dst":"2.2.2.2","proto":"tcp","dst_name":"a..b"}    | $.dst_name | not a valid DNS name
            {"src":"1.1.1.1","dst":"2.2.2.2","proto":"tcp","src":"3.3.3.3"}      | $         | Duplicate field
            """)
    void rejectsMalformedRecords(String line, String path, String message) {
        assertThatThrownBy(() -> FlowParser.parse(line)).isInstanceOfSatisfying(MudException.class, e -> {
            assertThat(e.path()).isEqualTo(path);
            assertThat(e.reason()).contains(message);
        });
    }

    @Test
    void rejectsOverlongLines() {
        String line = "{\"src\":\"1.1.1.1\",\"dst\":\"2.2.2.2\",\"proto\":\"tcp\",\"pad\":\"" + "x".repeat(20_000) + "\"}";
        assertThatThrownBy(() -> FlowParser.parse(line)).hasMessageContaining("longer than 16384 bytes");
    }
}
