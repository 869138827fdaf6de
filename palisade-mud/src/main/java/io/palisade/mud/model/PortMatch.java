package io.palisade.mud.model;

/**
 * RFC 8519 {@code port-range-or-operator}: a range {@code lower..upper}, or an operator (eq, neq, lte, gte)
 * expressed as the inclusive range it admits ({@code neq} sets {@code negate}).
 */
public record PortMatch(Operator operator, int lower, int upper) {

    /** How the port condition was written. */
    public enum Operator { EQ, NEQ, LTE, GTE, RANGE }

    public PortMatch {
        java.util.Objects.requireNonNull(operator, "operator");
        if (lower < 0 || upper > 65535 || lower > upper) {
            throw new IllegalArgumentException("bad port range " + lower + ".." + upper);
        }
    }

    public static PortMatch eq(int port) {
        return new PortMatch(Operator.EQ, port, port);
    }

    public static PortMatch range(int lower, int upper) {
        return new PortMatch(Operator.RANGE, lower, upper);
    }

    public boolean negate() {
        return operator == Operator.NEQ;
    }

    public boolean matches(int port) {
        boolean in = port >= lower && port <= upper;
        return negate() ? !in : in;
    }
}
