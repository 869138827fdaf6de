package io.palisade.edge.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Strict parsing of device payloads: UTF-8 (malformed input refused), one JSON object, bounded size and nesting. */
public final class JsonPayloads {
    public static final int MAX_DEPTH = 32;

    /** The outcome of parsing a payload: either a JSON object with its text, or the reason it was refused. */
    public sealed interface Parsed {
        record Ok(JsonNode node, String text) implements Parsed {
        }

        record Invalid(String reason) implements Parsed {
        }
    }

    private static final ObjectMapper MAPPER = mapper();

    private JsonPayloads() {
    }

    static ObjectMapper mapper() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_DEPTH)
                        .maxStringLength(EdgeLimits.MAX_STRING)
                        .maxNumberLength(100)
                        .maxNameLength(1024)
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        return JsonMapper.builder(factory)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(JsonParser.Feature.ALLOW_COMMENTS)
                .build();
    }

    static ObjectMapper sharedMapper() {
        return MAPPER;
    }

    public static Parsed parseObject(ByteBuffer payload, int maxBytes) {
        if (payload == null) {
            return new Parsed.Invalid("empty-payload");
        }
        ByteBuffer p = payload.asReadOnlyBuffer();
        if (p.remaining() == 0) {
            return new Parsed.Invalid("empty-payload");
        }
        if (p.remaining() > maxBytes) {
            return new Parsed.Invalid("payload-too-large");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(p)
                    .toString();
        } catch (CharacterCodingException e) {
            return new Parsed.Invalid("not-utf8");
        }
        return parseObject(text);
    }

    public static Parsed parseObject(String text) {
        try {
            JsonNode node = MAPPER.readTree(text);
            if (node == null || !node.isObject()) {
                return new Parsed.Invalid("not-a-json-object");
            }
            return new Parsed.Ok(node, text);
        } catch (IOException | RuntimeException e) {
            return new Parsed.Invalid("invalid-json");
        }
    }
}
