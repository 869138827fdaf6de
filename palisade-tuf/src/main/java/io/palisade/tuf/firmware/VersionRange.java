package io.palisade.tuf.firmware;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A range of dotted numeric versions: comma-separated constraints that must all hold, each an operator
 * ({@code >=}, {@code >}, {@code <=}, {@code <}, {@code ==}, {@code !=}; none means {@code ==}) and a version, e.g.
 * {@code ">=1.0,<3.0"}. {@code "*"} matches every version. At most 16 constraints, 256 characters.
 */
public record VersionRange(String text, List<Constraint> constraints) {
    public static final int MAX_LENGTH = 256;
    private static final Pattern ONE = Pattern.compile("\\s*(>=|<=|==|!=|>|<|=)?\\s*([0-9.]+)\\s*");

    /** One constraint of a range. */
    public record Constraint(String operator, DottedVersion version) {
        public Constraint {
            Objects.requireNonNull(operator, "operator");
            Objects.requireNonNull(version, "version");
        }

        boolean matches(DottedVersion v) {
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
    }

    public VersionRange {
        Objects.requireNonNull(text, "text");
        constraints = List.copyOf(constraints);
    }

    /** Parses a range; throws {@link IllegalArgumentException} with a clear message when malformed. */
    public static VersionRange parse(String text) {
        Objects.requireNonNull(text, "range");
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("version range longer than " + MAX_LENGTH + " characters");
        }
        if (text.strip().equals("*")) {
            return new VersionRange(text, List.of());
        }
        String[] parts = text.split(",", -1);
        if (parts.length > 16) {
            throw new IllegalArgumentException("version range with more than 16 constraints");
        }
        List<Constraint> out = new ArrayList<>();
        for (String p : parts) {
            Matcher m = ONE.matcher(p);
            if (!m.matches()) {
                throw new IllegalArgumentException("malformed version range '" + DottedVersion.shorten(text)
                        + "': expected constraints such as >=1.0,<3.0");
            }
            String op = m.group(1) == null || m.group(1).equals("=") ? "==" : m.group(1);
            out.add(new Constraint(op, DottedVersion.parse(m.group(2))));
        }
        return new VersionRange(text, out);
    }

    public boolean contains(DottedVersion v) {
        Objects.requireNonNull(v, "version");
        for (Constraint c : constraints) {
            if (!c.matches(v)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return text;
    }
}
