package io.palisade.tuf.firmware;

import java.util.Arrays;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A dotted numeric version such as {@code 1.4.2} (1 to 8 components of at most 9 digits). Compared component by
 * component, missing components counting as 0 ({@code 1.0 == 1.0.0}).
 */
public record DottedVersion(String text) implements Comparable<DottedVersion> {
    private static final Pattern FORM = Pattern.compile("\\d{1,9}(\\.\\d{1,9}){0,7}");

    public DottedVersion {
        Objects.requireNonNull(text, "text");
        if (!FORM.matcher(text).matches()) {
            throw new IllegalArgumentException("not a dotted numeric version (e.g. 1.4.2): '" + shorten(text) + "'");
        }
    }

    public static DottedVersion parse(String text) {
        return new DottedVersion(text);
    }

    /** True when {@code text} is a valid dotted numeric version. */
    public static boolean isValid(String text) {
        return text != null && FORM.matcher(text).matches();
    }

    private long[] parts() {
        return Arrays.stream(text.split("\\.")).mapToLong(Long::parseLong).toArray();
    }

    @Override
    public int compareTo(DottedVersion o) {
        long[] a = parts();
        long[] b = o.parts();
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            long x = i < a.length ? a[i] : 0;
            long y = i < b.length ? b[i] : 0;
            if (x != y) {
                return Long.compare(x, y);
            }
        }
        return 0;
    }

    public boolean isNewerThan(DottedVersion o) {
        return compareTo(o) > 0;
    }

    @Override
    public String toString() {
        return text;
    }

    static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
