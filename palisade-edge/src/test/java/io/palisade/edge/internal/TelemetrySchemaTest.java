package io.palisade.edge.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.palisade.core.PalisadeException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class TelemetrySchemaTest {
    static final String SCHEMA = """
            {"$schema":"https://json-schema.org/draft/2020-12/schema","title":"sensor","type":"object",
             "required":["temp","unit"],
             "properties":{
               "temp":{"type":"number","minimum":-40,"exclusiveMaximum":125},
               "unit":{"enum":["C","F"]},
               "count":{"type":"integer","minimum":0},
               "tags":{"type":"array","items":{"type":"string","maxLength":8,"pattern":"^[a-z]+$"},"maxItems":3},
               "mode":{"const":"auto"},
               "extra":{"type":["string","null"],"minLength":1}
             },
             "additionalProperties":false}
            """;

    static boolean valid(TelemetrySchema s, String json) {
        return s.validate(((JsonPayloads.Parsed.Ok) JsonPayloads.parseObject(json)).node()).isEmpty();
    }

    @Test
    void validatesTheSupportedKeywords() {
        TelemetrySchema s = TelemetrySchema.compile(SCHEMA);
        assertThat(valid(s, "{\"temp\":20.5,\"unit\":\"C\"}")).isTrue();
        assertThat(valid(s, "{\"temp\":20,\"unit\":\"C\",\"count\":3,\"tags\":[\"a\",\"bc\"],\"mode\":\"auto\",\"extra\":null}")).isTrue();
        assertThat(valid(s, "{\"temp\":20,\"unit\":\"C\",\"count\":3.0}")).isTrue();
        assertThat(valid(s, "{\"temp\":20}")).isFalse();
        assertThat(valid(s, "{\"temp\":\"20\",\"unit\":\"C\"}")).isFalse();
        assertThat(valid(s, "{\"temp\":-41,\"unit\":\"C\"}")).isFalse();
        assertThat(valid(s, "{\"temp\":125,\"unit\":\"C\"}")).isFalse();
        assertThat(valid(s, "{\"temp\":1,\"unit\":\"K\"}")).isFalse();
        assertThat(valid(s, "{\"temp\":1,\"unit\":\"C\",\"count\":1.5}")).isFalse();
        assertThat(valid(s, "{\"temp\":1,\"unit\":\"C\",\"tags\":[\"ABC\"]}")).isFalse();
        assertThat(valid(s, "{\"temp\":1,\"unit\":\"C\",\"tags\":[\"a\",\"b\",\"c\",\"d\"]}")).isFalse();
        assertThat(valid(s, "{\"temp\":1,\"unit\":\"C\",\"tags\":[\"abcdefghi\"]}")).isFalse();
        assertThat(valid(s, "{\"temp\":1,\"unit\":\"C\",\"mode\":\"manual\"}")).isFalse();
        assertThat(valid(s, "{\"temp\":1,\"unit\":\"C\",\"extra\":\"\"}")).isFalse();
        assertThat(valid(s, "{\"temp\":1,\"unit\":\"C\",\"other\":1}")).isFalse();
    }

    @Test
    void unsupportedOrMalformedSchemasFailClosed() {
        for (String bad : new String[] {"{\"$ref\":\"https://example.com/s.json\"}", "{\"type\":\"thing\"}", "{\"required\":\"a\"}",
                "{\"minimum\":\"1\"}", "{\"maxLength\":-1}", "{\"pattern\":\"(\"}", "{\"properties\":[]}", "[]", "", "not json",
                "{\"allOf\":[]}", "{\"properties\":{\"a\":{\"if\":{}}}}"}) {
            assertThatThrownBy(() -> TelemetrySchema.compile(bad)).as(bad).isInstanceOf(PalisadeException.class);
        }
        assertThatThrownBy(() -> TelemetrySchema.compile("{\"description\":\"" + "x".repeat(70_000) + "\"}"))
                .isInstanceOf(PalisadeException.class).hasMessageContaining("larger");
        String deep = "{\"items\":".repeat(40) + "{}" + "}".repeat(40);
        assertThatThrownBy(() -> TelemetrySchema.compile(deep)).isInstanceOf(PalisadeException.class);
    }

    @Test
    void booleanSchemas() {
        assertThat(valid(TelemetrySchema.compile("{\"properties\":{\"a\":false}}"), "{\"a\":1}")).isFalse();
        assertThat(valid(TelemetrySchema.compile("{\"properties\":{\"a\":true}}"), "{\"a\":1}")).isTrue();
    }

    @Property(tries = 500)
    void arbitrarySchemaTextEitherCompilesOrIsRefusedClearly(@ForAll @Size(max = 200) String text) {
        try {
            TelemetrySchema.compile(text);
        } catch (PalisadeException e) {
            assertThat(e.getMessage()).startsWith("telemetry schema");
        }
    }
}
