package io.palisade.tuf.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import io.palisade.tuf.TufException;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * OLPC canonical JSON, as used by TUF and securesystemslib to sign the {@code signed} portion of metadata.
 *
 * <p>Rules: no insignificant whitespace; object keys sorted by Unicode code point; strings written as UTF-8 with only
 * {@code "} and {@code \} escaped (every other character, including control characters, is written raw); only
 * integers (no floating point numbers); {@code true}, {@code false}, {@code null} as usual.
 */
public final class CanonicalJson {
    private CanonicalJson() {
    }

    /** Encodes {@code node} canonically; fails on floating point numbers and unpaired surrogates. */
    public static byte[] encode(JsonNode node) throws TufException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        write(node, out, 0);
        return out.toByteArray();
    }

    private static void write(JsonNode node, ByteArrayOutputStream out, int depth) throws TufException {
        if (depth > MetadataParser.MAX_NESTING_DEPTH) {
            throw new TufException("canonical JSON: nesting deeper than " + MetadataParser.MAX_NESTING_DEPTH);
        }
        switch (node.getNodeType()) {
            case OBJECT -> {
                List<String> names = new ArrayList<>();
                for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                    names.add(it.next());
                }
                names.sort(CanonicalJson::compareCodePoints);
                out.write('{');
                boolean first = true;
                for (String name : names) {
                    if (!first) {
                        out.write(',');
                    }
                    first = false;
                    writeString(name, out);
                    out.write(':');
                    write(node.get(name), out, depth + 1);
                }
                out.write('}');
            }
            case ARRAY -> {
                out.write('[');
                for (int i = 0; i < node.size(); i++) {
                    if (i > 0) {
                        out.write(',');
                    }
                    write(node.get(i), out, depth + 1);
                }
                out.write(']');
            }
            case STRING -> writeString(node.textValue(), out);
            case NUMBER -> {
                if (!node.isIntegralNumber()) {
                    throw new TufException("canonical JSON: floating point numbers are not allowed");
                }
                out.writeBytes(node.bigIntegerValue().toString().getBytes(StandardCharsets.US_ASCII));
            }
            case BOOLEAN -> out.writeBytes((node.booleanValue() ? "true" : "false").getBytes(StandardCharsets.US_ASCII));
            case NULL -> out.writeBytes("null".getBytes(StandardCharsets.US_ASCII));
            default -> throw new TufException("canonical JSON: unsupported value type " + node.getNodeType());
        }
    }

    private static void writeString(String s, ByteArrayOutputStream out) throws TufException {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    throw new TufException("canonical JSON: unpaired surrogate in string");
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                throw new TufException("canonical JSON: unpaired surrogate in string");
            }
        }
        out.write('"');
        StringBuilder escaped = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        out.writeBytes(escaped.toString().getBytes(StandardCharsets.UTF_8));
        out.write('"');
    }

    /** Orders strings by Unicode code point, as Python sorts {@code str} keys. */
    static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    /** Convenience for tests and tools: canonical form of a parsed map-like node as a UTF-8 string. */
    public static String encodeToString(JsonNode node) throws TufException {
        return new String(encode(node), StandardCharsets.UTF_8);
    }
}
