package io.palisade.detect.vpatch;

import com.fasterxml.jackson.databind.JsonNode;
import io.palisade.core.PalisadeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A predicate on one value of a JSON payload: a simple path ({@code $.cmd}, {@code $.args.path},
 * {@code $.items[0].name}) and an operator: {@code equals}, {@code contains}, {@code matches} (regex of at
 * most 200 characters, tested against at most the first 4096 characters), {@code gt}, {@code lt}. A missing
 * value never matches.
 */
public record JsonPredicate(String path, Op op, String value) {
    public enum Op { EQUALS, CONTAINS, MATCHES, GT, LT }

    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_-]{1,64}(\\[[0-9]{1,4}\\])?");

    public JsonPredicate {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(value, "value");
        if (path == null || !path.startsWith("$.") || path.length() > 200) {
            throw PalisadeException.invalid("JSON path must start with '$.' and be at most 200 characters");
        }
        for (String seg : path.substring(2).split("\\.", -1)) {
            if (!SEGMENT.matcher(seg).matches()) {
                throw PalisadeException.invalid("JSON path '" + path + "': segments are names with an optional [index]");
            }
        }
        if (value.length() > 1000) {
            throw PalisadeException.invalid("predicate value must be at most 1000 characters");
        }
        if (op == Op.MATCHES) {
            if (value.length() > 200) {
                throw PalisadeException.invalid("predicate regex must be at most 200 characters");
            }
            try {
                Pattern.compile(value);
            } catch (java.util.regex.PatternSyntaxException e) {
                throw PalisadeException.invalid("predicate regex is invalid: " + e.getDescription());
            }
        }
        if ((op == Op.GT || op == Op.LT)) {
            try {
                Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw PalisadeException.invalid("predicate gt/lt needs a numeric value");
            }
        }
    }

    /** A compiled form for the hot path. */
    Compiled compile() {
        List<Object> steps = new ArrayList<>();
        for (String seg : path.substring(2).split("\\.")) {
            int b = seg.indexOf('[');
            if (b < 0) {
                steps.add(seg);
            } else {
                steps.add(seg.substring(0, b));
                steps.add(Integer.parseInt(seg.substring(b + 1, seg.length() - 1)));
            }
        }
        return new Compiled(steps.toArray(), op, value, op == Op.MATCHES ? Pattern.compile(value) : null,
                op == Op.GT || op == Op.LT ? Double.parseDouble(value) : 0);
    }

    record Compiled(Object[] steps, Op op, String value, Pattern regex, double number) {
        boolean test(JsonNode root) {
            JsonNode n = root;
            for (Object s : steps) {
                n = s instanceof String f ? n.get(f) : n.get((Integer) s);
                if (n == null) {
                    return false;
                }
            }
            String text = n.isValueNode() ? n.asText() : n.toString();
            return switch (op) {
                case EQUALS -> text.equals(value);
                case CONTAINS -> text.contains(value);
                case MATCHES -> regex.matcher(text.length() > 4096 ? text.substring(0, 4096) : text).find();
                case GT -> n.isNumber() ? n.asDouble() > number : false;
                case LT -> n.isNumber() ? n.asDouble() < number : false;
            };
        }
    }
}
