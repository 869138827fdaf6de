package io.palisade.detect.vpatch;

import io.palisade.core.PalisadeException;

/**
 * Default {@link FirmwareRangeMatcher} over dotted numeric versions ({@code 1.4.2}): a range is a comma-separated
 * conjunction of {@code <v}, {@code <=v}, {@code >v}, {@code >=v}, {@code =v} (or a bare {@code v}); {@code *}
 * matches everything. A version that is not dotted-numeric is treated as inside the range (fail closed).
 */
public final class SimpleFirmwareRangeMatcher implements FirmwareRangeMatcher {
    @Override
    public boolean contains(String range, String version) {
        if (range == null || range.isBlank() || range.length() > 200) {
            throw PalisadeException.invalid("firmware range must be 1-200 characters such as '>=1.0.0,<1.4.2'");
        }
        if (range.trim().equals("*")) {
            return true;
        }
        long[] v = parse(version);
        if (v == null) {
            return true;
        }
        for (String part : range.split(",")) {
            String p = part.trim();
            String op;
            if (p.startsWith("<=") || p.startsWith(">=")) {
                op = p.substring(0, 2);
            } else if (p.startsWith("<") || p.startsWith(">") || p.startsWith("=")) {
                op = p.substring(0, 1);
            } else {
                op = "=";
            }
            String ver = p.substring(p.startsWith(op) ? op.length() : 0).trim();
            long[] bound = parse(ver);
            if (bound == null) {
                throw PalisadeException.invalid("firmware range '" + range + "' has a non-numeric version '" + ver + "'");
            }
            int c = compare(v, bound);
            boolean ok = switch (op) {
                case "<" -> c < 0;
                case "<=" -> c <= 0;
                case ">" -> c > 0;
                case ">=" -> c >= 0;
                default -> c == 0;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    static long[] parse(String s) {
        if (s == null || s.isEmpty() || s.length() > 64) {
            return null;
        }
        String t = s.startsWith("v") ? s.substring(1) : s;
        if (!t.matches("[0-9]{1,9}(\\.[0-9]{1,9}){0,5}")) {
            return null;
        }
        String[] parts = t.split("\\.");
        long[] out = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = Long.parseLong(parts[i]);
        }
        return out;
    }

    static int compare(long[] a, long[] b) {
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            long x = i < a.length ? a[i] : 0;
            long y = i < b.length ? b[i] : 0;
            if (x != y) {
                return Long.compare(x, y);
            }
        }
        return 0;
    }
}
