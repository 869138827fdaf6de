package io.palisade.vuln.version;

import io.palisade.core.PalisadeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A version range written in prose, as ICS advisories do: "&lt;= 2.3.1", "prior to 4.0", "versions 1.0 through
 * 1.4", "all versions", "before V3.2 SP1", "3.x", "2.0 and later", "&gt;=1.0, &lt;2.0". Parsed into intervals; a
 * text that no pattern understands keeps {@code understood() == false} and answers {@link Verdict#UNKNOWN}.
 * Always {@link Confidence#LOW}.
 */
public record FreeTextRange(String text, List<Interval> intervals, boolean understood) implements VersionRange {

    /** One interval; a null bound is open; {@code prefix} (for "3.x") replaces both bounds when set. */
    public record Interval(String lower, boolean lowerInclusive, String upper, boolean upperInclusive, String prefix) {
        static Interval all() {
            return new Interval(null, false, null, false, null);
        }

        boolean contains(Version v) {
            if (prefix != null) {
                return v.hasPrefix(Version.of(prefix));
            }
            if (lower != null) {
                int c = v.compareTo(Version.of(lower));
                if (c < 0 || (c == 0 && !lowerInclusive)) {
                    return false;
                }
            }
            if (upper != null) {
                int c = v.compareTo(Version.of(upper));
                return c < 0 || (c == 0 && upperInclusive);
            }
            return true;
        }

        Interval intersect(Interval o) {
            String lo = lower;
            boolean loInc = lowerInclusive;
            if (o.lower != null && (lo == null || Version.of(o.lower).compareTo(Version.of(lo)) > 0
                    || (Version.of(o.lower).compareTo(Version.of(lo)) == 0 && !o.lowerInclusive))) {
                lo = o.lower;
                loInc = o.lowerInclusive;
            }
            String hi = upper;
            boolean hiInc = upperInclusive;
            if (o.upper != null && (hi == null || Version.of(o.upper).compareTo(Version.of(hi)) < 0
                    || (Version.of(o.upper).compareTo(Version.of(hi)) == 0 && !o.upperInclusive))) {
                hi = o.upper;
                hiInc = o.upperInclusive;
            }
            return new Interval(lo, loInc, hi, hiInc, null);
        }
    }

    private static final String V = "(v?\\d[0-9a-z._+\\-]*(?:\\s+(?:sp|update|patch|build|rev|r|u)\\s*\\d+[a-z0-9._]*)?)";
    private static final Pattern ALL = Pattern.compile("(?:all|any|every|\\*)(?:\\s+(?:versions?|releases?))?|vers:all/\\*");
    private static final Pattern COMPARATOR = Pattern.compile("(<=|>=|<|>|==|=)\\s*" + V);
    private static final Pattern COMPARATORS = Pattern.compile("(?:(?:<=|>=|<|>|==|=)\\s*" + V + "\\s*(?:,|&|and)?\\s*)+");
    private static final Pattern BEFORE = Pattern.compile(
            "(?:prior to|before|earlier than|older than|below|lower than|less than|up to but not including|until|till)\\s+" + V);
    private static final Pattern UP_TO = Pattern.compile("(?:up to(?: and including)?|through|thru|to)\\s+" + V);
    private static final Pattern AND_PRIOR = Pattern.compile(V + "\\s*(?:and|or|&)\\s+(?:all\\s+)?(?:prior|earlier|before|below|lower|older|previous)(?:\\s+(?:versions?|releases?))?");
    private static final Pattern AND_LATER = Pattern.compile(V + "\\s*(?:and|or|&)\\s+(?:all\\s+)?(?:later|above|higher|newer|after|greater|up)(?:\\s+(?:versions?|releases?))?");
    private static final Pattern SINCE = Pattern.compile("(?:from|since|starting with|starting from|starting at)\\s+" + V + "(?:\\s+onwards?)?|" + V + "\\s*\\+");
    private static final Pattern AFTER = Pattern.compile("(?:after|later than|newer than|greater than|above)\\s+" + V);
    private static final Pattern BETWEEN = Pattern.compile("(?:from\\s+|between\\s+)?" + V + "\\s*(?:through|thru|to|until|up to and including|up to|-|and)\\s*" + V);
    private static final Pattern PREFIX = Pattern.compile("v?(\\d+(?:\\.\\d+)*)\\.(?:x|\\*)");
    private static final Pattern EXACT = Pattern.compile("(?:=\\s*)?" + V);

    public FreeTextRange {
        if (text == null || text.length() > MAX_EXPRESSION) {
            throw PalisadeException.invalid("free-text range missing or longer than " + MAX_EXPRESSION + " characters");
        }
        intervals = List.copyOf(intervals);
    }

    public static FreeTextRange parse(String text) {
        if (text == null || text.length() > MAX_EXPRESSION) {
            throw PalisadeException.invalid("free-text range missing or longer than " + MAX_EXPRESSION + " characters");
        }
        String s = normalize(text);
        List<Interval> whole = clause(s);
        if (whole != null) {
            return new FreeTextRange(text, whole, true);
        }
        List<Interval> union = new ArrayList<>();
        for (String part : s.split("\\s*(?:;|,|\\bor\\b|\\|)\\s*")) {
            if (part.isBlank()) {
                continue;
            }
            List<Interval> p = clause(part.strip());
            if (p == null) {
                return new FreeTextRange(text, List.of(), false);
            }
            union.addAll(p);
        }
        return new FreeTextRange(text, union, !union.isEmpty());
    }

    private static String normalize(String text) {
        String s = text.toLowerCase(Locale.ROOT)
                .replace('\u2264', '\u0001').replace('\u2265', '\u0002')
                .replace('\u2013', '-').replace('\u2014', '-')
                .replaceAll("[\\p{Cntrl}&&[^\\u0001\\u0002]]", " ");
        s = s.replace("\u0001", "<=").replace("\u0002", ">=");
        s = s.replaceAll("\\b(?:firmware|software|fw|releases?|ver\\.|revision)\\b", " ");
        s = s.replaceAll("\\bversions?\\b", " ");
        s = s.replaceAll("\\s+", " ").strip();
        if (s.startsWith("all ") && s.length() > 4 && !ALL.matcher(s).matches()) {
            s = s.substring(4).strip();
        }
        if (s.endsWith(".") && !s.matches(".*\\d\\.$")) {
            s = s.substring(0, s.length() - 1).strip();
        }
        return s;
    }

    /** Parses one clause; null when no pattern matches. */
    private static List<Interval> clause(String s) {
        if (s.isEmpty()) {
            return null;
        }
        Matcher m;
        if (ALL.matcher(s).matches()) {
            return List.of(Interval.all());
        }
        if (COMPARATORS.matcher(s).matches()) {
            Interval acc = Interval.all();
            Matcher c = COMPARATOR.matcher(s);
            int count = 0;
            while (c.find()) {
                count++;
                String v = clean(c.group(2));
                Interval one = switch (c.group(1)) {
                    case "<" -> new Interval(null, false, v, false, null);
                    case "<=" -> new Interval(null, false, v, true, null);
                    case ">" -> new Interval(v, false, null, false, null);
                    case ">=" -> new Interval(v, true, null, false, null);
                    default -> new Interval(v, true, v, true, null);
                };
                acc = acc.intersect(one);
            }
            return count == 0 ? null : List.of(acc);
        }
        if ((m = BEFORE.matcher(s)).matches()) {
            return List.of(new Interval(null, false, clean(m.group(1)), false, null));
        }
        if ((m = UP_TO.matcher(s)).matches() || (m = AND_PRIOR.matcher(s)).matches()) {
            return List.of(new Interval(null, false, clean(m.group(1)), true, null));
        }
        if ((m = AND_LATER.matcher(s)).matches()) {
            return List.of(new Interval(clean(m.group(1)), true, null, false, null));
        }
        if ((m = SINCE.matcher(s)).matches()) {
            String v = m.group(1) != null ? m.group(1) : m.group(2);
            return List.of(new Interval(clean(v), true, null, false, null));
        }
        if ((m = AFTER.matcher(s)).matches()) {
            return List.of(new Interval(clean(m.group(1)), false, null, false, null));
        }
        if ((m = PREFIX.matcher(s)).matches()) {
            return List.of(new Interval(null, false, null, false, m.group(1)));
        }
        if ((m = BETWEEN.matcher(s)).matches()) {
            return List.of(new Interval(clean(m.group(1)), true, clean(m.group(2)), true, null));
        }
        if ((m = EXACT.matcher(s)).matches()) {
            String v = clean(m.group(1));
            return List.of(new Interval(v, true, v, true, null));
        }
        return null;
    }

    private static String clean(String v) {
        String t = v.strip();
        while (t.endsWith(".") || t.endsWith(",") || t.endsWith("-")) {
            t = t.substring(0, t.length() - 1);
        }
        Version.of(t);
        return t;
    }

    @Override
    public Verdict test(String version) {
        if (!understood) {
            return Verdict.UNKNOWN;
        }
        Version v;
        try {
            v = Version.of(version);
        } catch (PalisadeException e) {
            return Verdict.UNKNOWN;
        }
        for (Interval i : intervals) {
            if (i.contains(v)) {
                return Verdict.AFFECTED;
            }
        }
        return Verdict.NOT_AFFECTED;
    }

    @Override
    public Confidence confidence() {
        return Confidence.LOW;
    }

    @Override
    public String expression() {
        return text;
    }
}
