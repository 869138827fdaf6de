package io.palisade.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Typed, bounded reads of the fields of a Jackson {@link JsonNode} object for the small hand-written parsers
 * (declarations, profiles, playbooks, site files). Every failure is a {@link JsonFieldException} whose message names
 * the place and the field, e.g. {@code declaration #3: field 'status' must be a string}. Field names from the input
 * are clipped and control characters replaced before they appear in a message.
 */
public final class JsonFields {
    private JsonFields() {
    }

    /** The first field of {@code object} that is not in {@code allowed}, if any. */
    public static Optional<String> firstUnknownField(JsonNode object, Set<String> allowed) {
        for (Iterator<String> it = object.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!allowed.contains(f)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** Rejects a field of {@code object} not in {@code allowed}: {@code where: unknown field 'x'}. */
    public static void onlyFields(JsonNode object, String where, Set<String> allowed) {
        Optional<String> unknown = firstUnknownField(object, allowed);
        if (unknown.isPresent()) {
            throw new JsonFieldException(where, "unknown field '" + clip(unknown.get()) + "'");
        }
    }

    /**
     * A required string field, stripped, 1 to {@code maxLength} characters, no control characters other than tab
     * and line feed.
     */
    public static String requiredText(JsonNode object, String where, String field, int maxLength) {
        String s = optionalText(object, where, field, maxLength);
        if (s == null) {
            throw new JsonFieldException(where, "missing field '" + field + "'");
        }
        return s;
    }

    /** Like {@link #requiredText} but {@code null} when the field is absent or JSON null. */
    public static String optionalText(JsonNode object, String where, String field, int maxLength) {
        JsonNode v = object.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new JsonFieldException(where, "field '" + field + "' must be a string");
        }
        String s = v.asText().strip();
        if (s.isEmpty() || s.length() > maxLength) {
            throw new JsonFieldException(where, "field '" + field + "' must be 1-" + maxLength + " characters");
        }
        if (s.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\t')) {
            throw new JsonFieldException(where, "field '" + field + "' contains control characters");
        }
        return s;
    }

    /** A required integer field in {@code [min, max]}. */
    public static int requiredInt(JsonNode object, String where, String field, int min, int max) {
        JsonNode v = object.get(field);
        if (v == null || v.isNull()) {
            throw new JsonFieldException(where, "missing field '" + field + "'");
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < min || v.longValue() > max) {
            throw new JsonFieldException(where, "field '" + field + "' must be an integer from " + min + " to " + max);
        }
        return v.intValue();
    }

    /** An optional array of strings (absent or JSON null: empty), at most {@code maxItems} entries. */
    public static List<String> textList(JsonNode object, String where, String field, int maxItems) {
        JsonNode v = object.get(field);
        if (v == null || v.isNull()) {
            return List.of();
        }
        return texts(v, where, field, maxItems);
    }

    /** Like {@link #textList} but the field must be present. */
    public static List<String> requiredTextList(JsonNode object, String where, String field, int maxItems) {
        JsonNode v = object.get(field);
        if (v == null || v.isNull()) {
            throw new JsonFieldException(where, "missing field '" + field + "'");
        }
        return texts(v, where, field, maxItems);
    }

    private static List<String> texts(JsonNode v, String where, String field, int maxItems) {
        if (!v.isArray() || v.size() > maxItems) {
            throw new JsonFieldException(where, "field '" + field + "' must be an array of at most " + maxItems + " strings");
        }
        List<String> out = new ArrayList<>(v.size());
        for (JsonNode e : v) {
            if (!e.isTextual()) {
                throw new JsonFieldException(where, "field '" + field + "' entries must be strings");
            }
            out.add(e.asText());
        }
        return out;
    }

    /** {@code value} itself must be a string: {@code where: expected a string}. */
    public static String text(JsonNode value, String where) {
        if (value == null || !value.isTextual()) {
            throw new JsonFieldException(where, "expected a string");
        }
        return value.textValue();
    }

    /** {@code value} itself must be an array: {@code where: expected an array}. */
    public static JsonNode array(JsonNode value, String where) {
        if (value == null || !value.isArray()) {
            throw new JsonFieldException(where, "expected an array");
        }
        return value;
    }

    /** {@code value} itself must be an object: {@code where: expected an object}. */
    public static JsonNode object(JsonNode value, String where) {
        if (value == null || !value.isObject()) {
            throw new JsonFieldException(where, "expected an object");
        }
        return value;
    }

    /** Input text made safe for an error message: control characters as '?', at most 80 characters. */
    public static String clip(String s) {
        if (s == null) {
            return "";
        }
        String c = s.replaceAll("\\p{Cntrl}", "?");
        return c.length() > 80 ? c.substring(0, 80) + "..." : c;
    }
}
