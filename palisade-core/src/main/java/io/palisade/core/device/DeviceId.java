package io.palisade.core.device;

import io.palisade.core.PalisadeException;
import java.util.regex.Pattern;

/**
 * A device identifier: 1–64 characters, letters, digits, '.', '_' and '-', starting with a letter or digit.
 * No path separators, no control characters, no whitespace, so an id is safe in a file name, a URL path,
 * an MQTT topic level and a certificate CN.
 */
public record DeviceId(String value) implements Comparable<DeviceId> {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public DeviceId {
        if (value == null || !VALID.matcher(value).matches() || value.contains("..")) {
            throw PalisadeException.invalid("invalid device id: use 1-64 characters from A-Z a-z 0-9 . _ -,"
                    + " starting with a letter or digit (no path or control characters)");
        }
    }

    public static DeviceId of(String value) {
        return new DeviceId(value);
    }

    public static boolean isValid(String value) {
        return value != null && VALID.matcher(value).matches() && !value.contains("..");
    }

    /** The URI SAN every Palisade device certificate carries. */
    public String uri() {
        return "urn:palisade:device:" + value;
    }

    @Override
    public int compareTo(DeviceId o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
