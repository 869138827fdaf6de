package io.palisade.cli;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

public final class Paths {
    private Paths() {
    }

    /** Encodes one URL path segment (ids are validated by the server; this keeps a bad one from changing the path). */
    public static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
