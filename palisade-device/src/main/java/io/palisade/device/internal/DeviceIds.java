package io.palisade.device.internal;

import java.util.regex.Pattern;

/**
 * The device id rule of the wire contract: 1–64 characters from {@code A-Z a-z 0-9 . _ -}, starting with a letter or
 * digit, no "..". Such an id is a single MQTT topic level, a valid certificate CN and a valid HTTP Basic user id.
 */
public final class DeviceIds {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private DeviceIds() {
    }

    public static boolean isValid(String id) {
        return id != null && VALID.matcher(id).matches() && !id.contains("..");
    }

    public static String requireValid(String id) {
        if (!isValid(id)) {
            throw new IllegalArgumentException("invalid device id: use 1-64 characters from A-Z a-z 0-9 . _ -,"
                    + " starting with a letter or digit");
        }
        return id;
    }
}
