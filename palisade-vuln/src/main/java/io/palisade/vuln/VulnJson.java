package io.palisade.vuln;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.palisade.core.ErrorCode;
import io.palisade.core.PalisadeException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one JSON reader of the module: every document (advisory, SBOM, security report) goes through here, with
 * hard limits on size, nesting depth and string length, so a hostile file fails fast with a clear error.
 */
public final class VulnJson {
    /** Largest document accepted (CSAF, OSV, CycloneDX, SPDX). */
    public static final int MAX_DOCUMENT_BYTES = 8 * 1024 * 1024;
    /** Deepest nesting accepted (CSAF branches nest a handful of levels; 64 leaves ample room). */
    public static final int MAX_DEPTH = 64;
    /** Longest single string accepted. */
    public static final int MAX_STRING = 1024 * 1024;

    private static final ObjectMapper MAPPER = createMapper();

    private VulnJson() {
    }

    private static ObjectMapper createMapper() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_DEPTH)
                        .maxStringLength(MAX_STRING)
                        .maxNumberLength(64)
                        .maxDocumentLength(MAX_DOCUMENT_BYTES)
                        .build())
                .build();
        ObjectMapper mapper = new ObjectMapper(factory);
        mapper.enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.enable(SerializationFeature.INDENT_OUTPUT);
        mapper.registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule());
        mapper.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        return mapper;
    }

    /** The shared, limit-enforcing mapper (thread-safe). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Parses a document from bytes; throws {@link PalisadeException} (INVALID_INPUT or PAYLOAD_TOO_LARGE). */
    public static JsonNode parse(byte[] bytes, String what) {
        if (bytes.length > MAX_DOCUMENT_BYTES) {
            throw tooLarge(what, bytes.length);
        }
        try {
            JsonNode node = MAPPER.readTree(bytes);
            if (node == null || node.isMissingNode()) {
                throw PalisadeException.invalid(what + ": empty document");
            }
            return node;
        } catch (StreamConstraintsException e) {
            throw PalisadeException.invalid(what + ": document exceeds a parser limit (" + e.getOriginalMessage() + ")");
        } catch (JsonProcessingException e) {
            throw PalisadeException.invalid(what + ": not valid JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw PalisadeException.invalid(what + ": unreadable (" + e.getMessage() + ")");
        }
    }

    public static JsonNode parse(String text, String what) {
        return parse(text.getBytes(StandardCharsets.UTF_8), what);
    }

    /** Reads a file with the size limit checked before reading it. */
    public static byte[] readLimited(Path file) {
        try {
            long size = Files.size(file);
            if (size > MAX_DOCUMENT_BYTES) {
                throw tooLarge(file.getFileName().toString(), size);
            }
            try (InputStream in = Files.newInputStream(file)) {
                byte[] data = in.readNBytes(MAX_DOCUMENT_BYTES + 1);
                if (data.length > MAX_DOCUMENT_BYTES) {
                    throw tooLarge(file.getFileName().toString(), data.length);
                }
                return data;
            }
        } catch (IOException e) {
            throw PalisadeException.invalid("cannot read " + file.getFileName() + ": " + e.getMessage());
        }
    }

    public static JsonNode parse(Path file) {
        return parse(readLimited(file), file.getFileName().toString());
    }

    private static PalisadeException tooLarge(String what, long size) {
        return new PalisadeException(ErrorCode.PAYLOAD_TOO_LARGE,
                what + ": document of " + size + " bytes exceeds the limit of " + MAX_DOCUMENT_BYTES + " bytes");
    }

    /** Text of a member, or null when absent / not textual. */
    public static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v != null && v.isValueNode() && !v.isNull() ? v.asText() : null;
    }
}
