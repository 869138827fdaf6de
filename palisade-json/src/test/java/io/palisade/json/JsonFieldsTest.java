package io.palisade.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class JsonFieldsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String s) throws Exception {
        return JSON.readTree(s);
    }

    @Test
    void textFields() throws Exception {
        JsonNode n = json("{\"a\":\" x \",\"n\":5,\"e\":\"\",\"c\":\"a\\u0001\",\"z\":null}");
        assertThat(JsonFields.requiredText(n, "doc", "a", 10)).isEqualTo("x");
        assertThat(JsonFields.optionalText(n, "doc", "missing", 10)).isNull();
        assertThat(JsonFields.optionalText(n, "doc", "z", 10)).isNull();
        assertThatThrownBy(() -> JsonFields.requiredText(n, "doc", "b", 10)).isInstanceOf(JsonFieldException.class)
                .hasMessage("doc: missing field 'b'");
        assertThatThrownBy(() -> JsonFields.requiredText(n, "doc", "n", 10)).hasMessage("doc: field 'n' must be a string");
        assertThatThrownBy(() -> JsonFields.requiredText(n, "doc", "e", 10)).hasMessage("doc: field 'e' must be 1-10 characters");
        assertThatThrownBy(() -> JsonFields.requiredText(n, "doc", "c", 10)).hasMessage("doc: field 'c' contains control characters");
    }

    @Test
    void integersListsAndShapes() throws Exception {
        JsonNode n = json("{\"n\":5,\"big\":99999999999,\"f\":1.5,\"l\":[\"a\",\"b\"],\"m\":[1],\"s\":\"x\"}");
        assertThat(JsonFields.requiredInt(n, "doc", "n", 1, 10)).isEqualTo(5);
        assertThatThrownBy(() -> JsonFields.requiredInt(n, "doc", "big", 1, 10)).hasMessage("doc: field 'big' must be an integer from 1 to 10");
        assertThatThrownBy(() -> JsonFields.requiredInt(n, "doc", "f", 1, 10)).hasMessageContaining("must be an integer");
        assertThat(JsonFields.textList(n, "doc", "l", 2)).containsExactly("a", "b");
        assertThat(JsonFields.textList(n, "doc", "none", 2)).isEmpty();
        assertThatThrownBy(() -> JsonFields.requiredTextList(n, "doc", "none", 2)).hasMessage("doc: missing field 'none'");
        assertThatThrownBy(() -> JsonFields.textList(n, "doc", "l", 1)).hasMessage("doc: field 'l' must be an array of at most 1 strings");
        assertThatThrownBy(() -> JsonFields.textList(n, "doc", "m", 5)).hasMessage("doc: field 'm' entries must be strings");
        assertThat(JsonFields.text(n.get("s"), "$.s")).isEqualTo("x");
        assertThatThrownBy(() -> JsonFields.text(n.get("n"), "$.n")).hasMessage("$.n: expected a string");
        assertThatThrownBy(() -> JsonFields.array(n.get("s"), "$.s")).isInstanceOfSatisfying(JsonFieldException.class,
                e -> assertThat(e.where() + "|" + e.problem()).isEqualTo("$.s|expected an array"));
        assertThatThrownBy(() -> JsonFields.object(null, "$.o")).hasMessage("$.o: expected an object");
    }

    @Test
    void unknownFieldsAreNamedSafely() throws Exception {
        JsonNode n = json("{\"ok\":1,\"bad\\u0007" + "x".repeat(100) + "\":2}");
        assertThat(JsonFields.firstUnknownField(n, Set.of("ok"))).get().asString().startsWith("bad");
        assertThatThrownBy(() -> JsonFields.onlyFields(n, "doc", Set.of("ok")))
                .hasMessageStartingWith("doc: unknown field 'bad?xxx").hasMessageEndingWith("...'");
        JsonFields.onlyFields(json("{\"ok\":1}"), "doc", Set.of("ok"));
    }

    @Property(tries = 200)
    void arbitraryStringsNeverEscapeAsAnythingButJsonFieldException(@ForAll String value) {
        JsonNode n = JSON.createObjectNode().put("f", value);
        try {
            String s = JsonFields.requiredText(n, "doc", "f", 20);
            assertThat(s).isEqualTo(value.strip()).hasSizeBetween(1, 20);
        } catch (JsonFieldException expected) {
            assertThat(expected.getMessage()).startsWith("doc: field 'f' ");
        }
    }
}
