package io.palisade.detect.behaviour;

import io.palisade.core.PalisadeException;
import io.palisade.detect.alert.Severity;
import java.time.Duration;
import java.util.Objects;

/**
 * A static rule {@code <metric> <op> <number> [for <duration>] [severity <level>]}, e.g.
 * {@code messages_in > 100 for 60s} or {@code auth_failures >= 5 severity high}. Operators
 * {@code > >= < <= == !=}; durations are a whole number with {@code s}, {@code m} or {@code h} (at most 24h);
 * the severity defaults to medium. The condition must hold on every sample of the device for the duration
 * (with duration 0, one sample suffices) before the rule fires; it fires once per breach episode.
 */
public record Rule(Metric metric, Comparison op, double threshold, Duration holdFor, Severity severity) {
    public static final int MAX_LENGTH = 200;
    public static final Duration MAX_HOLD = Duration.ofHours(24);

    public Rule {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(holdFor, "holdFor");
        Objects.requireNonNull(severity, "severity");
        threshold = threshold + 0.0;
        if (!Double.isFinite(threshold) || Math.abs(threshold) > Metric.MAX_VALUE) {
            throw PalisadeException.invalid("rule threshold must be a finite number of magnitude at most " + Metric.MAX_VALUE);
        }
        if (holdFor.isNegative() || holdFor.compareTo(MAX_HOLD) > 0) {
            throw PalisadeException.invalid("rule duration must be between 0s and 24h");
        }
    }

    /** Canonical text form, parseable by {@link #parse(String)}. */
    public String text() {
        String t = threshold == Math.rint(threshold) && Math.abs(threshold) < 1e15
                ? Long.toString((long) threshold) : java.math.BigDecimal.valueOf(threshold).toPlainString();
        StringBuilder sb = new StringBuilder(metric.id()).append(' ').append(op.symbol()).append(' ').append(t);
        if (!holdFor.isZero()) {
            sb.append(" for ").append(holdFor.toSeconds()).append('s');
        }
        if (severity != Severity.MEDIUM) {
            sb.append(" severity ").append(severity.label());
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return text();
    }

    /** Parses a rule; errors name the position (1-based column) and what was expected. */
    public static Rule parse(String text) {
        if (text == null) {
            throw PalisadeException.invalid("rule is missing");
        }
        if (text.length() > MAX_LENGTH) {
            throw PalisadeException.invalid("rule is longer than " + MAX_LENGTH + " characters");
        }
        Lexer lx = new Lexer(text);
        String metricTok = lx.word();
        if (metricTok.isEmpty()) {
            throw lx.error("expected a metric name");
        }
        Metric metric = Metric.find(metricTok).orElseThrow(() -> lx.errorAtToken("unknown metric '"
                + Metric.abbreviate(metricTok) + "'"));
        String opTok = lx.operator();
        Comparison op = Comparison.fromSymbol(opTok);
        if (op == null) {
            throw lx.errorAtToken("expected an operator (> >= < <= == !=)");
        }
        String num = lx.word();
        double threshold;
        try {
            if (num.isEmpty() || !num.matches("-?[0-9]{1,16}(\\.[0-9]{1,9})?")) {
                throw new NumberFormatException();
            }
            threshold = Double.parseDouble(num);
        } catch (NumberFormatException e) {
            throw lx.errorAtToken("expected a number (digits with an optional fraction)");
        }
        Duration hold = Duration.ZERO;
        Severity severity = Severity.MEDIUM;
        boolean sawFor = false;
        boolean sawSeverity = false;
        while (true) {
            String kw = lx.word();
            if (kw.isEmpty()) {
                if (!lx.atEnd()) {
                    throw lx.error("unexpected character '" + Metric.abbreviate(String.valueOf(lx.peek())) + "'");
                }
                break;
            }
            if (kw.equals("for") && !sawFor) {
                sawFor = true;
                String d = lx.word();
                hold = parseDuration(d, lx);
            } else if (kw.equals("severity") && !sawSeverity) {
                sawSeverity = true;
                String s = lx.word();
                try {
                    severity = Severity.parse(s);
                } catch (PalisadeException e) {
                    throw lx.errorAtToken("expected a severity (low, medium, high, critical)");
                }
            } else {
                throw lx.errorAtToken("expected 'for <duration>' or 'severity <level>' or the end of the rule");
            }
        }
        return new Rule(metric, op, threshold, hold, severity);
    }

    static Duration parseDuration(String d, Lexer lx) {
        if (!d.matches("[0-9]{1,6}[smh]")) {
            throw lx.errorAtToken("expected a duration such as 30s, 5m or 1h");
        }
        long n = Long.parseLong(d.substring(0, d.length() - 1));
        Duration r = switch (d.charAt(d.length() - 1)) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
        if (r.compareTo(MAX_HOLD) > 0) {
            throw lx.errorAtToken("duration must be at most 24h");
        }
        return r;
    }

    /** Minimal tokenizer over the rule text. */
    static final class Lexer {
        private final String s;
        private int pos;
        private int tokenStart;

        Lexer(String s) {
            this.s = s;
        }

        private void skipSpace() {
            while (pos < s.length() && s.charAt(pos) == ' ' || pos < s.length() && s.charAt(pos) == '\t') {
                pos++;
            }
        }

        String word() {
            skipSpace();
            tokenStart = pos;
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-') {
                    pos++;
                } else {
                    break;
                }
            }
            return s.substring(tokenStart, pos);
        }

        String operator() {
            skipSpace();
            tokenStart = pos;
            while (pos < s.length() && "<>=!".indexOf(s.charAt(pos)) >= 0 && pos - tokenStart < 2) {
                pos++;
            }
            return s.substring(tokenStart, pos);
        }

        boolean atEnd() {
            skipSpace();
            return pos >= s.length();
        }

        char peek() {
            return s.charAt(pos);
        }

        PalisadeException error(String msg) {
            return PalisadeException.invalid("rule '" + Metric.abbreviate(s) + "': " + msg + " at column " + (pos + 1));
        }

        PalisadeException errorAtToken(String msg) {
            return PalisadeException.invalid("rule '" + Metric.abbreviate(s) + "': " + msg + " at column " + (tokenStart + 1));
        }
    }
}
