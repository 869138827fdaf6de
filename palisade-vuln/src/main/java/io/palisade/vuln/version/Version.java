package io.palisade.vuln.version;

import io.palisade.core.PalisadeException;
import io.palisade.core.version.FirmwareVersion;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A version string with a total ordering.
 *
 * <p>Two versions that both follow Semantic Versioning 2.0 are ordered by semver precedence (pre-release lower
 * than release, numeric identifiers numerically, build metadata ignored). Anything else is ordered by a generic
 * token comparison that works for dotted numeric versions with any number of parts ("1.2.3.4" &lt; "1.10"),
 * vendor styles ("V3.2 SP1", "4.0.0-rc1", "2.3b") and treats missing trailing parts as zero ("1.0" == "1.0.0").
 * A leading "v"/"V" is ignored. In the generic order a letter token that follows "-" or "~" or that is a well-known
 * pre-release word (alpha, beta, rc, pre, preview, dev, snapshot, a, b) sorts below the release; any other letter
 * token ("sp", "patch", "p") sorts above it. Two plain dotted numeric versions (firmware versions such as
 * "1.4.2", see {@link FirmwareVersion}) are compared by the shared firmware version order, which both orders above
 * agree with.
 */
public final class Version implements Comparable<Version> {
    public static final int MAX_LENGTH = 128;
    private static final Pattern SEMVER = Pattern.compile(
            "(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)"
                    + "(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?");
    private static final Set<String> PRE_WORDS = Set.of("alpha", "beta", "rc", "pre", "preview", "dev", "snapshot",
            "a", "b", "cr", "m", "milestone", "ea");

    private final String raw;
    private final String[] semver; // major, minor, patch, pre (nullable) or null when not semver
    private final List<Token> tokens;
    private final FirmwareVersion firmware; // when the version is plain dotted numeric, else null

    private Version(String raw) {
        this.raw = raw;
        String s = stripPrefix(raw.strip());
        Matcher m = SEMVER.matcher(s);
        this.semver = m.matches() ? new String[] {m.group(1), m.group(2), m.group(3), m.group(4)} : null;
        this.tokens = tokenize(s);
        this.firmware = FirmwareVersion.tryParse(s).orElse(null);
    }

    private static final int CACHE_LIMIT = 200_000;
    private static final java.util.concurrent.ConcurrentHashMap<String, Version> CACHE = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Parses a version; rejects null, blank, over-long or control-character input. Parsed versions are immutable
     * and memoized in a bounded cache (matching evaluates the same range bounds many times).
     */
    public static Version of(String raw) {
        if (raw != null) {
            Version cached = CACHE.get(raw);
            if (cached != null) {
                return cached;
            }
        }
        Version v = parse(raw);
        if (CACHE.size() >= CACHE_LIMIT) {
            CACHE.clear();
        }
        CACHE.put(raw, v);
        return v;
    }

    private static Version parse(String raw) {
        if (raw == null || raw.isBlank()) {
            throw PalisadeException.invalid("version must not be blank");
        }
        if (raw.length() > MAX_LENGTH) {
            throw PalisadeException.invalid("version longer than " + MAX_LENGTH + " characters");
        }
        if (raw.chars().anyMatch(Character::isISOControl)) {
            throw PalisadeException.invalid("version contains control characters");
        }
        return new Version(raw);
    }

    public String raw() {
        return raw;
    }

    public boolean isSemver() {
        return semver != null;
    }

    private static String stripPrefix(String s) {
        if (s.length() > 1 && (s.charAt(0) == 'v' || s.charAt(0) == 'V') && Character.isDigit(s.charAt(1))) {
            return s.substring(1);
        }
        return s;
    }

    /** Token of the generic order: class 0 pre-release word, 1 number, 2 other word. */
    private record Token(int cls, String value) {
        int compareTo(Token o) {
            if (cls != o.cls) {
                return Integer.compare(cls, o.cls);
            }
            if (cls == 1) {
                return compareNumeric(value, o.value);
            }
            return value.compareTo(o.value);
        }
    }

    private static final Token PAD = new Token(1, "0");

    private static List<Token> tokenize(String s) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = s.length();
        boolean afterHyphen = false;
        while (i < n) {
            char c = s.charAt(i);
            if (Character.isDigit(c)) {
                int j = i;
                while (j < n && Character.isDigit(s.charAt(j))) {
                    j++;
                }
                out.add(new Token(1, stripZeros(s.substring(i, j))));
                i = j;
                afterHyphen = false;
            } else if (Character.isLetter(c)) {
                int j = i;
                while (j < n && Character.isLetter(s.charAt(j))) {
                    j++;
                }
                String w = s.substring(i, j).toLowerCase(Locale.ROOT);
                out.add(new Token(afterHyphen || PRE_WORDS.contains(w) ? 0 : 2, w));
                i = j;
                afterHyphen = false;
            } else {
                afterHyphen = c == '-' || c == '~';
                i++;
            }
        }
        return Collections.unmodifiableList(out);
    }

    private static String stripZeros(String digits) {
        int k = 0;
        while (k < digits.length() - 1 && digits.charAt(k) == '0') {
            k++;
        }
        return digits.substring(k);
    }

    static int compareNumeric(String a, String b) {
        String x = stripZeros(a);
        String y = stripZeros(b);
        if (x.length() != y.length()) {
            return Integer.compare(x.length(), y.length());
        }
        return x.compareTo(y);
    }

    @Override
    public int compareTo(Version o) {
        if (firmware != null && o.firmware != null) {
            return firmware.compareTo(o.firmware);
        }
        if (semver != null && o.semver != null) {
            return compareSemver(semver, o.semver);
        }
        int n = Math.max(tokens.size(), o.tokens.size());
        for (int i = 0; i < n; i++) {
            Token a = i < tokens.size() ? tokens.get(i) : PAD;
            Token b = i < o.tokens.size() ? o.tokens.get(i) : PAD;
            int c = a.compareTo(b);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static int compareSemver(String[] a, String[] b) {
        for (int i = 0; i < 3; i++) {
            int c = compareNumeric(a[i], b[i]);
            if (c != 0) {
                return c;
            }
        }
        if (a[3] == null || b[3] == null) {
            return a[3] == null ? (b[3] == null ? 0 : 1) : -1;
        }
        String[] x = a[3].split("\\.");
        String[] y = b[3].split("\\.");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            boolean xn = x[i].chars().allMatch(Character::isDigit);
            boolean yn = y[i].chars().allMatch(Character::isDigit);
            int c;
            if (xn && yn) {
                c = compareNumeric(x[i], y[i]);
            } else if (xn != yn) {
                c = xn ? -1 : 1;
            } else {
                c = x[i].compareTo(y[i]);
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    }

    /** Whether this version starts with the given dotted prefix ("3" or "3.1" for "3.x" / "3.1.*"). */
    public boolean hasPrefix(Version prefix) {
        List<Token> p = prefix.tokens;
        if (p.size() > tokens.size()) {
            return false;
        }
        for (int i = 0; i < p.size(); i++) {
            if (p.get(i).compareTo(tokens.get(i)) != 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Version v && compareTo(v) == 0;
    }

    /** Consistent with equals across both orders: equal versions always share their first token. */
    @Override
    public int hashCode() {
        return (tokens.isEmpty() ? PAD : tokens.get(0)).hashCode();
    }

    @Override
    public String toString() {
        return raw;
    }
}
