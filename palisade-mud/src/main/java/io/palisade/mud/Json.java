package io.palisade.mud;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Bounded JSON reading shared by the MUD, site and flow parsers: size limit, nesting limit, strict UTF-8,
 * duplicate keys rejected, no trailing content. Every failure is a {@link MudException} at path {@code $}.
 */
public final class Json {
    /** Maximum nesting depth of any document this module reads. */
    public static final int MAX_DEPTH = 32;

    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH)
                    .maxNumberLength(40)
                    .maxStringLength(1 << 20)
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Json() {
    }

    /** A copy of the configured mapper (limits, duplicate detection), for callers that read or write JSON. */
    public static ObjectMapper mapper() {
        return MAPPER.copy();
    }

    /**
     * Decodes strict UTF-8 and parses one JSON value.
     *
     * @param what     what the document is, for messages ("MUD file", "flow record")
     * @param maxBytes size limit
     */
    public static JsonNode read(byte[] bytes, int maxBytes, String what) throws MudException {
        if (bytes == null) {
            throw new MudException(MudException.Code.MALFORMED_JSON, "$", what + " is missing");
        }
        if (bytes.length > maxBytes) {
            throw new MudException(MudException.Code.TOO_LARGE, "$", what + " is " + bytes.length
                    + " bytes, larger than the limit of "
                    + maxBytes + " bytes");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new MudException(MudException.Code.NOT_UTF8, "$", what + " is not valid UTF-8");
        }
        return readText(text, what);
    }

    /** Parses one JSON value from already-decoded text (the caller enforces the size limit). */
    public static JsonNode readText(String text, String what) throws MudException {
        if (text.isBlank()) {
            throw new MudException(MudException.Code.MALFORMED_JSON, "$", what + " is empty");
        }
        try {
            JsonNode node = MAPPER.readTree(text);
            if (node == null || node.isMissingNode()) {
                throw new MudException(MudException.Code.MALFORMED_JSON, "$", what + " is empty");
            }
            return node;
        } catch (StreamConstraintsException e) {
            String msg = String.valueOf(e.getOriginalMessage());
            MudException.Code code = msg.contains("nesting depth") ? MudException.Code.TOO_DEEP
                    : MudException.Code.TOO_LARGE;
            throw new MudException(code, "$", what + " is not valid JSON within the parser limits: " + describe(e));
        } catch (JsonProcessingException e) {
            throw new MudException(MudException.Code.MALFORMED_JSON, "$", what + " is not valid JSON: "
                    + describe(e));
        } catch (RuntimeException e) {
            // Jackson reports some constraint violations as unchecked exceptions
            throw new MudException(MudException.Code.MALFORMED_JSON, "$", what + " is not valid JSON: "
                    + e.getClass().getSimpleName());
        }
    }

    private static String describe(JsonProcessingException e) {
        String msg = e.getOriginalMessage();
        if (msg == null) {
            msg = e.getClass().getSimpleName();
        }
        msg = msg.replaceAll("[\\r\\n]+", " ");
        if (msg.length() > 200) {
            msg = msg.substring(0, 200) + "...";
        }
        if (e.getLocation() != null) {
            msg += " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
        }
        return msg;
    }
}
