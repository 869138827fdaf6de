package io.palisade.edge.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.palisade.core.PalisadeException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A well-defined subset of JSON Schema (2020-12 semantics) for telemetry payloads. Validation keywords supported:
 * {@code type} (string or array), {@code properties}, {@code required}, {@code additionalProperties} (boolean or
 * schema), {@code items} (schema), {@code enum}, {@code const}, {@code minimum}, {@code maximum},
 * {@code exclusiveMinimum}, {@code exclusiveMaximum}, {@code minLength}, {@code maxLength}, {@code pattern},
 * {@code minItems}, {@code maxItems}, {@code minProperties}, {@code maxProperties}. Annotations are ignored
 * ({@code $schema}, {@code $id}, {@code $comment}, {@code title}, {@code description}, {@code examples},
 * {@code default}, {@code deprecated}, {@code readOnly}, {@code writeOnly}, {@code format}). Any other keyword
 * (notably {@code $ref}: nothing is ever fetched) makes the schema invalid, so it fails closed.
 */
public final class TelemetrySchema {
    private static final Set<String> ANNOTATIONS = Set.of("$schema", "$id", "$comment", "title", "description", "examples", "default",
            "deprecated", "readOnly", "writeOnly", "format");
    private static final Set<String> KEYWORDS = Set.of("type", "properties", "required", "additionalProperties", "items", "enum", "const",
            "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength", "pattern", "minItems", "maxItems",
            "minProperties", "maxProperties");
    private static final Set<String> TYPES = Set.of("object", "array", "string", "number", "integer", "boolean", "null");
    private static final int MAX_DEPTH = 16;

    private final JsonNode root;
    private final Map<String, Pattern> patterns;

    private TelemetrySchema(JsonNode root, Map<String, Pattern> patterns) {
        this.root = root;
        this.patterns = patterns;
    }

    /** Compiles a schema, or throws PalisadeException(INVALID_INPUT) saying what is wrong. */
    public static TelemetrySchema compile(String text) {
        if (text == null || text.isBlank()) {
            throw PalisadeException.invalid("telemetry schema is empty");
        }
        if (text.length() > EdgeLimits.MAX_SCHEMA_CHARS) {
            throw PalisadeException.invalid("telemetry schema is larger than " + EdgeLimits.MAX_SCHEMA_CHARS + " characters");
        }
        JsonPayloads.Parsed parsed = JsonPayloads.parseObject(text);
        if (!(parsed instanceof JsonPayloads.Parsed.Ok ok)) {
            throw PalisadeException.invalid("telemetry schema is not a JSON object");
        }
        Map<String, Pattern> patterns = new HashMap<>();
        check(ok.node(), "#", 0, patterns);
        return new TelemetrySchema(ok.node(), Map.copyOf(patterns));
    }

    private static void check(JsonNode s, String at, int depth, Map<String, Pattern> patterns) {
        if (depth > MAX_DEPTH) {
            throw PalisadeException.invalid("telemetry schema nests deeper than " + MAX_DEPTH + " at " + at);
        }
        if (s.isBoolean()) {
            return;
        }
        if (!s.isObject()) {
            throw PalisadeException.invalid("telemetry schema at " + at + " must be an object or boolean");
        }
        for (Map.Entry<String, JsonNode> e : s.properties()) {
            String k = e.getKey();
            JsonNode v = e.getValue();
            if (ANNOTATIONS.contains(k)) {
                continue;
            }
            if (!KEYWORDS.contains(k)) {
                throw PalisadeException.invalid("telemetry schema keyword '" + k + "' at " + at + " is not supported");
            }
            switch (k) {
                case "type" -> {
                    if (v.isTextual() ? !TYPES.contains(v.asText()) : !v.isArray() || v.isEmpty() || !allTypes(v)) {
                        throw PalisadeException.invalid("telemetry schema 'type' at " + at + " is invalid");
                    }
                }
                case "properties" -> {
                    if (!v.isObject()) {
                        throw PalisadeException.invalid("telemetry schema 'properties' at " + at + " must be an object");
                    }
                    for (Map.Entry<String, JsonNode> pe : v.properties()) {
                        check(pe.getValue(), at + "/properties/" + pe.getKey(), depth + 1, patterns);
                    }
                }
                case "additionalProperties", "items" -> check(v, at + "/" + k, depth + 1, patterns);
                case "required" -> {
                    if (!v.isArray()) {
                        throw PalisadeException.invalid("telemetry schema 'required' at " + at + " must be an array of strings");
                    }
                    for (JsonNode r : v) {
                        if (!r.isTextual()) {
                            throw PalisadeException.invalid("telemetry schema 'required' at " + at + " must be an array of strings");
                        }
                    }
                }
                case "enum" -> {
                    if (!v.isArray()) {
                        throw PalisadeException.invalid("telemetry schema 'enum' at " + at + " must be an array");
                    }
                }
                case "const" -> {
                    // any value
                }
                case "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum" -> {
                    if (!v.isNumber()) {
                        throw PalisadeException.invalid("telemetry schema '" + k + "' at " + at + " must be a number");
                    }
                }
                case "pattern" -> {
                    if (!v.isTextual()) {
                        throw PalisadeException.invalid("telemetry schema 'pattern' at " + at + " must be a string");
                    }
                    try {
                        patterns.put(v.asText(), Pattern.compile(v.asText()));
                    } catch (PatternSyntaxException ex) {
                        throw PalisadeException.invalid("telemetry schema 'pattern' at " + at + " is not a valid regular expression");
                    }
                }
                default -> {
                    if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < 0) {
                        throw PalisadeException.invalid("telemetry schema '" + k + "' at " + at + " must be a non-negative integer");
                    }
                }
            }
        }
    }

    private static boolean allTypes(JsonNode v) {
        for (JsonNode t : v) {
            if (!t.isTextual() || !TYPES.contains(t.asText())) {
                return false;
            }
        }
        return true;
    }

    /** Empty when valid, else the first violation (a JSON pointer-ish location and the keyword). */
    public Optional<String> validate(JsonNode value) {
        List<String> errors = new ArrayList<>(1);
        validate(root, value, "#", errors);
        return errors.isEmpty() ? Optional.empty() : Optional.of(errors.get(0));
    }

    private void validate(JsonNode s, JsonNode v, String at, List<String> errors) {
        if (!errors.isEmpty()) {
            return;
        }
        if (s.isBoolean()) {
            if (!s.asBoolean()) {
                errors.add(at + ": not allowed");
            }
            return;
        }
        JsonNode type = s.get("type");
        if (type != null && !matchesType(type, v)) {
            errors.add(at + ": type");
            return;
        }
        JsonNode en = s.get("enum");
        if (en != null && !contains(en, v)) {
            errors.add(at + ": enum");
            return;
        }
        JsonNode cn = s.get("const");
        if (cn != null && !jsonEquals(cn, v)) {
            errors.add(at + ": const");
            return;
        }
        if (v.isNumber()) {
            BigDecimal n = v.decimalValue();
            if (below(s, "minimum", n, false) || above(s, "maximum", n, false) || below(s, "exclusiveMinimum", n, true)
                    || above(s, "exclusiveMaximum", n, true)) {
                errors.add(at + ": range");
                return;
            }
        }
        if (v.isTextual()) {
            String text = v.asText();
            int len = text.codePointCount(0, text.length());
            if (s.has("minLength") && len < s.get("minLength").asInt() || s.has("maxLength") && len > s.get("maxLength").asInt()) {
                errors.add(at + ": length");
                return;
            }
            JsonNode p = s.get("pattern");
            if (p != null && (text.length() > EdgeLimits.MAX_PATTERN_INPUT || !patterns.get(p.asText()).matcher(text).find())) {
                errors.add(at + ": pattern");
                return;
            }
        }
        if (v.isArray()) {
            if (s.has("minItems") && v.size() < s.get("minItems").asInt() || s.has("maxItems") && v.size() > s.get("maxItems").asInt()) {
                errors.add(at + ": items count");
                return;
            }
            JsonNode items = s.get("items");
            if (items != null) {
                int i = 0;
                for (JsonNode item : v) {
                    validate(items, item, at + "/" + i++, errors);
                }
            }
        }
        if (v.isObject()) {
            if (s.has("minProperties") && v.size() < s.get("minProperties").asInt()
                    || s.has("maxProperties") && v.size() > s.get("maxProperties").asInt()) {
                errors.add(at + ": property count");
                return;
            }
            JsonNode required = s.get("required");
            if (required != null) {
                for (JsonNode r : required) {
                    if (!v.has(r.asText())) {
                        errors.add(at + ": required " + r.asText());
                        return;
                    }
                }
            }
            JsonNode props = s.get("properties");
            JsonNode additional = s.get("additionalProperties");
            for (Map.Entry<String, JsonNode> e : v.properties()) {
                JsonNode ps = props == null ? null : props.get(e.getKey());
                if (ps != null) {
                    validate(ps, e.getValue(), at + "/" + e.getKey(), errors);
                } else if (additional != null) {
                    validate(additional, e.getValue(), at + "/" + e.getKey(), errors);
                }
                if (!errors.isEmpty()) {
                    return;
                }
            }
        }
    }

    private static boolean matchesType(JsonNode type, JsonNode v) {
        if (type.isTextual()) {
            return isType(type.asText(), v);
        }
        for (JsonNode t : type) {
            if (isType(t.asText(), v)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isType(String t, JsonNode v) {
        return switch (t) {
            case "object" -> v.isObject();
            case "array" -> v.isArray();
            case "string" -> v.isTextual();
            case "number" -> v.isNumber();
            case "integer" -> v.isIntegralNumber() || v.isNumber() && v.decimalValue().stripTrailingZeros().scale() <= 0;
            case "boolean" -> v.isBoolean();
            case "null" -> v.isNull();
            default -> false;
        };
    }

    private static boolean contains(JsonNode array, JsonNode v) {
        for (JsonNode candidate : array) {
            if (jsonEquals(candidate, v)) {
                return true;
            }
        }
        return false;
    }

    private static boolean jsonEquals(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }

    private static boolean below(JsonNode s, String k, BigDecimal n, boolean exclusive) {
        JsonNode limit = s.get(k);
        if (limit == null) {
            return false;
        }
        int c = n.compareTo(limit.decimalValue());
        return exclusive ? c <= 0 : c < 0;
    }

    private static boolean above(JsonNode s, String k, BigDecimal n, boolean exclusive) {
        JsonNode limit = s.get(k);
        if (limit == null) {
            return false;
        }
        int c = n.compareTo(limit.decimalValue());
        return exclusive ? c >= 0 : c > 0;
    }
}
