package io.palisade.vuln.version;

import io.palisade.core.PalisadeException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A {@code vers:} version range specifier ({@code vers:<scheme>/<constraint>|<constraint>...}, from the
 * package-url project): comparators {@code = != < <= > >=} and {@code *}. Versions are ordered by
 * {@link Version} whatever the scheme (semver precedence where both sides are semver, the generic order otherwise).
 *
 * <p>Evaluation follows the specification: an equal "=" constraint includes, an equal "!=" excludes; the
 * remaining bounds, sorted, form alternating intervals. A range made only of "!=" constraints contains every
 * other version.
 */
public record VersRange(String scheme, List<Constraint> constraints) implements VersionRange {
    private static final Pattern SCHEME = Pattern.compile("[a-z0-9][a-z0-9.+-]{0,31}");
    private static final int MAX_CONSTRAINTS = 64;

    public enum Op {
        EQ("="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">="), ANY("*");

        private final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    public record Constraint(Op op, String version) {
        public Constraint {
            if (op == null || (op != Op.ANY && (version == null || version.isEmpty()))) {
                throw PalisadeException.invalid("vers constraint needs a comparator and a version");
            }
        }

        @Override
        public String toString() {
            return op == Op.ANY ? "*" : (op == Op.EQ ? "" : op.symbol()) + version;
        }
    }

    public VersRange {
        if (scheme == null || !SCHEME.matcher(scheme).matches()) {
            throw PalisadeException.invalid("vers: invalid versioning scheme");
        }
        constraints = List.copyOf(constraints);
        if (constraints.isEmpty() || constraints.size() > MAX_CONSTRAINTS) {
            throw PalisadeException.invalid("vers: between 1 and " + MAX_CONSTRAINTS + " constraints required");
        }
        if (constraints.stream().anyMatch(c -> c.op() == Op.ANY) && constraints.size() != 1) {
            throw PalisadeException.invalid("vers: '*' must be the only constraint");
        }
    }

    /** Parses {@code vers:<scheme>/<constraints>}; whitespace is ignored, versions are percent-decoded. */
    public static VersRange parse(String text) {
        if (text == null || text.length() > MAX_EXPRESSION) {
            throw PalisadeException.invalid("vers: missing or longer than " + MAX_EXPRESSION + " characters");
        }
        String s = text.replaceAll("\\s+", "");
        if (!s.regionMatches(true, 0, "vers:", 0, 5)) {
            throw PalisadeException.invalid("vers: must start with 'vers:'");
        }
        int slash = s.indexOf('/', 5);
        if (slash < 0) {
            throw PalisadeException.invalid("vers: missing '/' after the versioning scheme");
        }
        String scheme = s.substring(5, slash).toLowerCase(Locale.ROOT);
        String body = s.substring(slash + 1);
        if (body.isEmpty()) {
            throw PalisadeException.invalid("vers: no constraints");
        }
        List<Constraint> out = new ArrayList<>();
        for (String part : body.split("\\|", -1)) {
            out.add(constraint(part));
        }
        return new VersRange(scheme, out);
    }

    private static Constraint constraint(String part) {
        if (part.isEmpty()) {
            throw PalisadeException.invalid("vers: empty constraint");
        }
        if (part.equals("*")) {
            return new Constraint(Op.ANY, null);
        }
        Op op;
        String v;
        if (part.startsWith(">=")) {
            op = Op.GE;
            v = part.substring(2);
        } else if (part.startsWith("<=")) {
            op = Op.LE;
            v = part.substring(2);
        } else if (part.startsWith("!=")) {
            op = Op.NE;
            v = part.substring(2);
        } else if (part.startsWith("<")) {
            op = Op.LT;
            v = part.substring(1);
        } else if (part.startsWith(">")) {
            op = Op.GT;
            v = part.substring(1);
        } else if (part.startsWith("=")) {
            op = Op.EQ;
            v = part.substring(1);
        } else {
            op = Op.EQ;
            v = part;
        }
        String decoded;
        try {
            decoded = URLDecoder.decode(v.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw PalisadeException.invalid("vers: bad percent-encoding in '" + v + "'");
        }
        if (decoded.isEmpty() || decoded.startsWith("<") || decoded.startsWith(">") || decoded.startsWith("=")
                || decoded.startsWith("!")) {
            throw PalisadeException.invalid("vers: malformed constraint '" + part + "'");
        }
        Version.of(decoded);
        return new Constraint(op, decoded);
    }

    @Override
    public Verdict test(String version) {
        Version v;
        try {
            v = Version.of(version);
        } catch (PalisadeException e) {
            return Verdict.UNKNOWN;
        }
        if (constraints.get(0).op() == Op.ANY) {
            return Verdict.AFFECTED;
        }
        boolean onlyNe = true;
        List<Constraint> bounds = new ArrayList<>();
        for (Constraint c : constraints) {
            int cmp = v.compareTo(Version.of(c.version()));
            switch (c.op()) {
                case EQ -> {
                    onlyNe = false;
                    if (cmp == 0) {
                        return Verdict.AFFECTED;
                    }
                }
                case NE -> {
                    if (cmp == 0) {
                        return Verdict.NOT_AFFECTED;
                    }
                }
                default -> {
                    onlyNe = false;
                    bounds.add(c);
                }
            }
        }
        if (bounds.isEmpty()) {
            return onlyNe ? Verdict.AFFECTED : Verdict.NOT_AFFECTED;
        }
        if (bounds.size() > 1) {
            bounds.sort(Comparator.comparing(c -> Version.of(c.version())));
        }
        for (int i = 0; i < bounds.size(); i++) {
            Constraint c = bounds.get(i);
            boolean lower = c.op() == Op.GT || c.op() == Op.GE;
            if (i == 0 && !lower && satisfies(v, c)) {
                return Verdict.AFFECTED;
            }
            if (i == bounds.size() - 1 && lower && satisfies(v, c)) {
                return Verdict.AFFECTED;
            }
            if (lower && i + 1 < bounds.size()) {
                Constraint next = bounds.get(i + 1);
                boolean nextUpper = next.op() == Op.LT || next.op() == Op.LE;
                if (nextUpper && satisfies(v, c) && satisfies(v, next)) {
                    return Verdict.AFFECTED;
                }
            }
        }
        return Verdict.NOT_AFFECTED;
    }

    private static boolean satisfies(Version v, Constraint c) {
        int cmp = v.compareTo(Version.of(c.version()));
        return switch (c.op()) {
            case LT -> cmp < 0;
            case LE -> cmp <= 0;
            case GT -> cmp > 0;
            case GE -> cmp >= 0;
            case EQ -> cmp == 0;
            case NE -> cmp != 0;
            case ANY -> true;
        };
    }

    @Override
    public Confidence confidence() {
        return Confidence.MEDIUM;
    }

    @Override
    public String expression() {
        StringBuilder b = new StringBuilder("vers:").append(scheme).append('/');
        for (int i = 0; i < constraints.size(); i++) {
            if (i > 0) {
                b.append('|');
            }
            b.append(constraints.get(i));
        }
        return b.toString();
    }
}
