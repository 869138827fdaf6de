package io.palisade.tuf.repo;

import io.palisade.tuf.TufException;

import java.util.regex.Pattern;

/**
 * Target paths the repository accepts: 1-8 '/'-separated segments of {@code [A-Za-z0-9._+-]}, no segment empty,
 * {@code .} or {@code ..} or starting with '.', at most 200 characters. Such a path is safe as a relative file path
 * and needs no percent-encoding in a URL.
 */
public final class TargetPaths {
    public static final int MAX_LENGTH = 200;
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_+-][A-Za-z0-9._+-]{0,99}");

    private TargetPaths() {
    }

    public static String validate(String path) throws TufException {
        if (path == null || path.isEmpty() || path.length() > MAX_LENGTH) {
            throw new TufException("target path must be 1-" + MAX_LENGTH + " characters");
        }
        String[] parts = path.split("/", -1);
        if (parts.length > 8) {
            throw new TufException("target path has more than 8 segments");
        }
        for (String p : parts) {
            if (!SEGMENT.matcher(p).matches()) {
                throw new TufException("target path segments must be letters, digits, '.', '_', '+', '-' and not start"
                        + " with '.': '" + (path.length() > 60 ? path.substring(0, 60) + "..." : path) + "'");
            }
        }
        return path;
    }
}
