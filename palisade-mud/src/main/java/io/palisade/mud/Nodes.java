package io.palisade.mud;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** Typed accessors over Jackson nodes that fail with a {@link MudException} naming the JSON path. */
final class Nodes {
    private Nodes() {
    }

    static String child(String path, String key) {
        return path + "." + key;
    }

    static String index(String path, int i) {
        return path + "[" + i + "]";
    }

    static String type(JsonNode n) {
        if (n == null || n.isMissingNode()) {
            return "nothing";
        }
        if (n.isNull()) {
            return "null";
        }
        if (n.isTextual()) {
            return "a string";
        }
        if (n.isBoolean()) {
            return "a boolean";
        }
        if (n.isIntegralNumber()) {
            return "an integer";
        }
        if (n.isNumber()) {
            return "a decimal number";
        }
        if (n.isArray()) {
            return "an array";
        }
        if (n.isObject()) {
            return "an object";
        }
        return n.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
    }

    static JsonNode object(JsonNode n, String path) throws MudException {
        if (n == null || !n.isObject()) {
            throw new MudException(MudException.Code.WRONG_TYPE, path, "expected an object, got " + type(n));
        }
        return n;
    }

    static JsonNode array(JsonNode n, String path) throws MudException {
        if (n == null || !n.isArray()) {
            throw new MudException(MudException.Code.WRONG_TYPE, path, "expected an array, got " + type(n));
        }
        return n;
    }

    static JsonNode required(JsonNode parent, String key, String path) throws MudException {
        JsonNode n = parent.get(key);
        if (n == null) {
            throw new MudException(MudException.Code.MISSING_MEMBER, child(path, key),
                    "required member '" + key + "' is missing");
        }
        return n;
    }

    static String string(JsonNode n, String path, int maxLength) throws MudException {
        if (n == null || !n.isTextual()) {
            throw new MudException(MudException.Code.WRONG_TYPE, path, "expected a string, got " + type(n));
        }
        String s = n.textValue();
        if (s.isEmpty()) {
            throw new MudException(path, "must not be empty");
        }
        if (s.length() > maxLength) {
            throw new MudException(path, "longer than " + maxLength + " characters");
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                throw new MudException(path, "contains a control character");
            }
        }
        return s;
    }

    static Optional<String> optString(JsonNode parent, String key, String path, int maxLength) throws MudException {
        JsonNode n = parent.get(key);
        return n == null ? Optional.empty() : Optional.of(string(n, child(path, key), maxLength));
    }

    static int integer(JsonNode n, String path, long min, long max) throws MudException {
        if (n == null || !n.isIntegralNumber()) {
            throw new MudException(MudException.Code.WRONG_TYPE, path, "expected an integer, got " + type(n));
        }
        if (!n.canConvertToLong() || n.longValue() < min || n.longValue() > max) {
            throw new MudException(path, "value " + abbreviate(n.asText()) + " is out of range " + min + ".." + max);
        }
        return n.intValue();
    }

    static OptionalInt optInteger(JsonNode parent, String key, String path, long min, long max) throws MudException {
        JsonNode n = parent.get(key);
        return n == null ? OptionalInt.empty() : OptionalInt.of(integer(n, child(path, key), min, max));
    }

    static boolean bool(JsonNode n, String path) throws MudException {
        if (n == null || !n.isBoolean()) {
            throw new MudException(MudException.Code.WRONG_TYPE, path, "expected a boolean, got " + type(n));
        }
        return n.booleanValue();
    }

    /** The RFC 7951 encoding of a YANG {@code empty} leaf: {@code [null]}. */
    static boolean empty(JsonNode n, String path) throws MudException {
        if (n == null || !n.isArray() || n.size() != 1 || !n.get(0).isNull()) {
            throw new MudException(MudException.Code.WRONG_TYPE, path,
                    "expected the YANG empty value [null], got " + type(n));
        }
        return true;
    }

    static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    static List<String> names(JsonNode obj) {
        List<String> out = new java.util.ArrayList<>();
        obj.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
