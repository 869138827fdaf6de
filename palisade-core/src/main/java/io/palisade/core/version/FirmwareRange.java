package io.palisade.core.version;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A range of {@link FirmwareVersion}s: comma-separated constraints that must all hold, each an operator
 * ({@code >=}, {@code >}, {@code <=}, {@code <}, {@code ==}, {@code =}, {@code !=}; none means {@code ==}) and a
 * version, e.g. {@code ">=1.0,<3.0"}. {@code "*"} matches every version. At most {@value #MAX_CONSTRAINTS}
 * constraints and {@value #MAX_LENGTH} characters.
 */
public record FirmwareRange(String text, List<Constraint> constraints) {
    public static final int MAX_LENGTH = 256;
    public static final int MAX_CONSTRAINTS = 16;
    private static final Pattern ONE = Pattern.compile("\\s*(>=|<=|==|!=|>|<|=)?\\s*([0-9.]+)\\s*");
    private static final Pattern ONE_LENIENT = Pattern.compile("\\s*(>=|<=|==|!=|>|<|=)?\\s*[vV]?([0-9.]+)\\s*");

    /** One constraint of a range; {@code operator} is one of {@code >= > <= < == !=}. */
    public record Constraint(String operator, FirmwareVersion version) {
        public Constraint {
            Objects.requireNonNull(operator, "operator");
            Objects.requireNonNull(version, "version");
            if (!List.of(">=", ">", "<=", "<", "==", "!=").contains(operator)) {
                throw new IllegalArgumentException("unknown version operator '" + FirmwareVersion.shorten(operator) + "'");
            }
        }

        public boolean matches(FirmwareVersion v) {
            int c = v.compareTo(version);
            return switch (operator) {
                case ">=" -> c >= 0;
                case ">" -> c > 0;
                case "<=" -> c <= 0;
                case "<" -> c < 0;
                case "!=" -> c != 0;
                default -> c == 0;
            };
        }

        @Override
        public String toString() {
            return operator + version;
        }
    }

    public FirmwareRange {
        Objects.requireNonNull(text, "text");
        constraints = List.copyOf(constraints);
    }

    /** Every version. */
    public static FirmwareRange any() {
        return new FirmwareRange("*", List.of());
    }

    /** Parses a range; throws {@link IllegalArgumentException} with a clear message when malformed. */
    public static FirmwareRange parse(String text) {
        return parse(text, ONE);
    }

    /** Like {@link #parse} but each version may carry a leading {@code v} ({@code <v1.4.2}). */
    public static FirmwareRange parseLenient(String text) {
        return parse(text, ONE_LENIENT);
    }

    private static FirmwareRange parse(String text, Pattern one) {
        Objects.requireNonNull(text, "range");
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("version range longer than " + MAX_LENGTH + " characters");
        }
        if (text.strip().equals("*")) {
            return new FirmwareRange(text, List.of());
        }
        String[] parts = text.split(",", -1);
        if (parts.length > MAX_CONSTRAINTS) {
            throw new IllegalArgumentException("version range with more than " + MAX_CONSTRAINTS + " constraints");
        }
        List<Constraint> out = new ArrayList<>();
        for (String p : parts) {
            Matcher m = one.matcher(p);
            if (!m.matches()) {
                throw new IllegalArgumentException("malformed version range '" + FirmwareVersion.shorten(text)
                        + "': expected constraints such as >=1.0,<3.0");
            }
            String op = m.group(1) == null || m.group(1).equals("=") ? "==" : m.group(1);
            out.add(new Constraint(op, FirmwareVersion.parse(m.group(2))));
        }
        return new FirmwareRange(text, out);
    }

    public boolean contains(FirmwareVersion v) {
        Objects.requireNonNull(v, "version");
        for (Constraint c : constraints) {
            if (!c.matches(v)) {
                return false;
            }
        }
        return true;
    }

    /** True when this range has no constraint ({@code *}). */
    public boolean isAny() {
        return constraints.isEmpty();
    }

    @Override
    public String toString() {
        return text;
    }
}
