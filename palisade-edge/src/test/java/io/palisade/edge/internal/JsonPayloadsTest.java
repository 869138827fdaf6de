package io.palisade.edge.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class JsonPayloadsTest {
    static JsonPayloads.Parsed parse(String s) {
        return JsonPayloads.parseObject(ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8)), 4096);
    }

    static String reason(JsonPayloads.Parsed p) {
        return p instanceof JsonPayloads.Parsed.Invalid i ? i.reason() : "ok";
    }

    @Test
    void acceptsObjects() {
        assertThat(parse("{\"a\":[1,2,{\"b\":null}],\"c\":\"\u00e9\"}")).isInstanceOf(JsonPayloads.Parsed.Ok.class);
        assertThat(((JsonPayloads.Parsed.Ok) parse("{ }")).text()).isEqualTo("{ }");
    }

    @Test
    void refusesEverythingElse() {
        assertThat(reason(parse("[1]"))).isEqualTo("not-a-json-object");
        assertThat(reason(parse("42"))).isEqualTo("not-a-json-object");
        assertThat(reason(parse("\"x\""))).isEqualTo("not-a-json-object");
        assertThat(reason(parse("null"))).isEqualTo("not-a-json-object");
        assertThat(reason(parse("{"))).isEqualTo("invalid-json");
        assertThat(reason(parse("{}{}"))).isEqualTo("invalid-json");
        assertThat(reason(parse("{} x"))).isEqualTo("invalid-json");
        assertThat(reason(parse("{\"a\":1,\"a\":2}"))).isEqualTo("invalid-json");
        assertThat(reason(parse("{/*c*/}"))).isEqualTo("invalid-json");
        assertThat(reason(parse("{'a':1}"))).isEqualTo("invalid-json");
        assertThat(reason(parse("{\"a\":NaN}"))).isEqualTo("invalid-json");
        assertThat(reason(JsonPayloads.parseObject(ByteBuffer.allocate(0), 10))).isEqualTo("empty-payload");
        assertThat(reason(JsonPayloads.parseObject(null, 10))).isEqualTo("empty-payload");
        assertThat(reason(JsonPayloads.parseObject(ByteBuffer.wrap(new byte[] {'{', '"', (byte) 0xff, '"', ':', '1', '}'}), 100))).isEqualTo("not-utf8");
        assertThat(reason(JsonPayloads.parseObject(ByteBuffer.wrap("{\"a\":\"xxxxxxxxxx\"}".getBytes(StandardCharsets.UTF_8)), 10)))
                .isEqualTo("payload-too-large");
    }

    @Test
    void refusesDeepNesting() {
        String deep = "{\"a\":".repeat(JsonPayloads.MAX_DEPTH + 5) + "1" + "}".repeat(JsonPayloads.MAX_DEPTH + 5);
        assertThat(reason(JsonPayloads.parseObject(ByteBuffer.wrap(deep.getBytes(StandardCharsets.UTF_8)), 100_000))).isEqualTo("invalid-json");
    }

    @Property(tries = 1000)
    void arbitraryBytesNeverThrow(@ForAll @Size(max = 300) byte[] bytes) {
        JsonPayloads.Parsed p = JsonPayloads.parseObject(ByteBuffer.wrap(bytes), 200);
        assertThat(p).isNotNull();
        if (bytes.length > 200) {
            assertThat(reason(p)).isEqualTo("payload-too-large");
        }
    }

    @Property(tries = 1000)
    void arbitraryTextNeverThrows(@ForAll @Size(max = 200) String s) {
        assertThat(parse("{\"k\":" + s + "}")).isNotNull();
        assertThat(parse(s)).isNotNull();
    }
}
