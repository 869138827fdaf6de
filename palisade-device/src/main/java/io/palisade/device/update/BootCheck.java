package io.palisade.device.update;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/** Decides whether a newly installed image "boots" in the A/B simulation. */
@FunctionalInterface
public interface BootCheck {
    /** Every image boots. */
    BootCheck ALWAYS = (deviceId, version, image) -> true;

    boolean boots(String deviceId, String version, Path image);

    /** Images whose bytes contain {@code marker} fail to boot (a "bad build" a test publishes on purpose). */
    static BootCheck failIfImageContains(byte[] marker) {
        byte[] m = Objects.requireNonNull(marker, "marker").clone();
        if (m.length == 0) {
            throw new IllegalArgumentException("marker must not be empty");
        }
        return (deviceId, version, image) -> !contains(image, m);
    }

    private static boolean contains(Path file, byte[] marker) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] window = new byte[64 * 1024 + marker.length];
            int carry = 0;
            int n;
            while ((n = in.read(window, carry, window.length - carry)) > 0) {
                int len = carry + n;
                for (int i = 0; i + marker.length <= len; i++) {
                    if (Arrays.equals(window, i, i + marker.length, marker, 0, marker.length)) {
                        return true;
                    }
                }
                carry = Math.min(marker.length - 1, len);
                System.arraycopy(window, len - carry, window, 0, carry);
            }
            return false;
        } catch (IOException e) {
            return true; // unreadable image: treat as not booting (fail closed)
        }
    }
}
