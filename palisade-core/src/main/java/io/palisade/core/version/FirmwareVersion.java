package io.palisade.core.version;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The firmware version of a device, model or hardware revision: a dotted numeric version such as {@code 1.4.2}
 * (1 to {@value #MAX_COMPONENTS} components of 1 to {@value #MAX_COMPONENT_DIGITS} ASCII digits, so at most
 * {@value #MAX_LENGTH} characters). Versions are compared component by component, numerically, with missing
 * components counting as 0: {@code 1.0 == 1.0.0}, {@code 1.9 < 1.10}, {@code 01.2 == 1.2}. {@link #equals} and
 * {@link #hashCode} follow that order (so the order is consistent with equals); {@link #text()} and
 * {@link #toString()} keep the text as written.
 *
 * <p>This is the one firmware version type of Palisade (TUF firmware targets, device update agent, virtual patches,
 * vulnerability matching of dotted versions). Ecosystem version schemes (semver pre-releases, vendor suffixes) are
 * not firmware versions and live with their users.
 */
public record FirmwareVersion(String text) implements Comparable<FirmwareVersion> {
    public static final int MAX_COMPONENTS = 8;
    public static final int MAX_COMPONENT_DIGITS = 9;
    public static final int MAX_LENGTH = MAX_COMPONENTS * MAX_COMPONENT_DIGITS + MAX_COMPONENTS - 1;
    private static final Pattern FORM = Pattern.compile(
            "[0-9]{1," + MAX_COMPONENT_DIGITS + "}(\\.[0-9]{1," + MAX_COMPONENT_DIGITS + "}){0," + (MAX_COMPONENTS - 1) + "}");

    /** @throws IllegalArgumentException when {@code text} is not a dotted numeric version */
    public FirmwareVersion {
        Objects.requireNonNull(text, "text");
        if (!isValid(text)) {
            throw new IllegalArgumentException("not a dotted numeric version (e.g. 1.4.2): '" + shorten(text) + "'");
        }
    }

    /** Parses a dotted numeric version; throws {@link IllegalArgumentException} with a clear message when malformed. */
    public static FirmwareVersion parse(String text) {
        return new FirmwareVersion(text);
    }

    /**
     * Like {@link #parse} but also accepts surrounding white space and one leading {@code v}/{@code V} as in tags
     * ({@code v1.4.2}); {@link #text()} is the version without them.
     */
    public static FirmwareVersion parseLenient(String text) {
        Objects.requireNonNull(text, "text");
        return new FirmwareVersion(stripTag(text));
    }

    /** The version, or empty when {@code text} is null or not a dotted numeric version. */
    public static Optional<FirmwareVersion> tryParse(String text) {
        return isValid(text) ? Optional.of(new FirmwareVersion(text)) : Optional.empty();
    }

    /** True when {@code text} is a valid dotted numeric version (strict form, as {@link #parse}). */
    public static boolean isValid(String text) {
        return text != null && text.length() <= MAX_LENGTH && FORM.matcher(text).matches();
    }

    static String stripTag(String text) {
        String s = text.strip();
        if (s.length() > 1 && (s.charAt(0) == 'v' || s.charAt(0) == 'V') && Character.isDigit(s.charAt(1))) {
            return s.substring(1);
        }
        return s;
    }

    /** The numeric components as written ({@code 1.0} has two). */
    public int[] components() {
        String[] parts = text.split("\\.");
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = Integer.parseInt(parts[i]); // at most 9 digits: fits an int
        }
        return out;
    }

    /** The components without trailing zeros: equal versions have equal significant components. */
    private int[] significant() {
        int[] c = components();
        int n = c.length;
        while (n > 0 && c[n - 1] == 0) {
            n--;
        }
        return n == c.length ? c : Arrays.copyOf(c, n);
    }

    @Override
    public int compareTo(FirmwareVersion o) {
        int[] a = components();
        int[] b = o.components();
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            int x = i < a.length ? a[i] : 0;
            int y = i < b.length ? b[i] : 0;
            if (x != y) {
                return Integer.compare(x, y);
            }
        }
        return 0;
    }

    public boolean isNewerThan(FirmwareVersion o) {
        return compareTo(o) > 0;
    }

    public boolean isOlderThan(FirmwareVersion o) {
        return compareTo(o) < 0;
    }

    /** Equal when they compare equal ({@code 1.0} equals {@code 1.0.0}), whatever the text. */
    @Override
    public boolean equals(Object o) {
        return o instanceof FirmwareVersion v && compareTo(v) == 0;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(significant());
    }

    @Override
    public String toString() {
        return text;
    }

    /** The first 40 characters of {@code s} for error messages. */
    static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
