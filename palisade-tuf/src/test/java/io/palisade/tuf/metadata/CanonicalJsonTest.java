package io.palisade.tuf.metadata;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.palisade.tuf.TufException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** OLPC canonical JSON vectors (the real-file check is in {@link CorpusTest}: a canonicalization bug fails it). */
@Timeout(10)
class CanonicalJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String canon(String json) throws Exception {
        return new String(CanonicalJson.encode(JSON.readTree(json)), StandardCharsets.UTF_8);
    }

    @Test
    void sortsKeysAndDropsWhitespace() throws Exception {
        assertThat(canon("{ \"b\" : 1, \"a\" : [ true, false, null, -7, 12345678901234567890 ] }"))
                .isEqualTo("{\"a\":[true,false,null,-7,12345678901234567890],\"b\":1}");
        assertThat(canon("{\"nested\":{\"z\":{},\"y\":[]},\"A\":\"\"}")).isEqualTo("{\"A\":\"\",\"nested\":{\"y\":[],\"z\":{}}}");
    }

    @Test
    void escapesOnlyQuoteAndBackslash() throws Exception {
        // JSON escapes are decoded; on output only " and \ are escaped; control characters and non-ASCII are raw UTF-8
        assertThat(canon("{\"k\":\"q\\\"b\\\\n\\nt\\tu\\u00e9\\u0001/\"}"))
                .isEqualTo("{\"k\":\"q\\\"b\\\\n\nt\tu\u00e9\u0001/\"}");
        byte[] bytes = CanonicalJson.encode(JSON.readTree("\"\\u00e9\""));
        assertThat(bytes).containsExactly('"', 0xc3, 0xa9, '"');
    }

    @Test
    void ordersKeysByCodePointNotUtf16() throws Exception {
        // U+FFFF sorts before U+1F600 by code point; by UTF-16 code unit the surrogate D83D would come first
        assertThat(canon("{\"\\ud83d\\ude00\":1,\"\\uffff\":2,\"a\":3}"))
                .isEqualTo("{\"a\":3,\"\uffff\":2,\"\ud83d\ude00\":1}");
    }

    @Test
    void rejectsFloatsAndLoneSurrogates() {
        assertThatThrownBy(() -> canon("{\"x\":1.5}")).isInstanceOf(TufException.class).hasMessageContaining("floating point");
        assertThatThrownBy(() -> canon("{\"x\":1e3}")).isInstanceOf(TufException.class);
        assertThatThrownBy(() -> canon("{\"x\":\"\\ud800\"}")).isInstanceOf(TufException.class).hasMessageContaining("surrogate");
    }

    @Test
    void codePointComparator() {
        assertThat(CanonicalJson.compareCodePoints("a", "ab")).isNegative();
        assertThat(CanonicalJson.compareCodePoints("b", "ab")).isPositive();
        assertThat(CanonicalJson.compareCodePoints("x", "x")).isZero();
    }
}
