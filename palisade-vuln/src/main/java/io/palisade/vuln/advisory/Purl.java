package io.palisade.vuln.advisory;

import io.palisade.core.PalisadeException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A package URL ({@code pkg:type/namespace/name@version?qualifiers#subpath}). {@link #key()} is the identity used
 * for matching: lower-case type, namespace and name (name case kept for types whose names are case-sensitive is
 * not worth the false negatives here), without version, qualifiers or subpath.
 */
public record Purl(String type, String namespace, String name, String version) {
    private static final Pattern TYPE = Pattern.compile("[a-zA-Z.+-][a-zA-Z0-9.+-]*");
    public static final int MAX_LENGTH = 2048;

    public static Purl parse(String s) {
        return tryParse(s).orElseThrow(() -> PalisadeException.invalid("invalid package URL (purl): "
                + (s == null ? "null" : s.substring(0, Math.min(80, s.length())))));
    }

    public static Optional<Purl> tryParse(String s) {
        if (s == null || s.length() > MAX_LENGTH || !s.regionMatches(true, 0, "pkg:", 0, 4)
                || s.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            return Optional.empty();
        }
        String rest = s.substring(4);
        while (rest.startsWith("/")) {
            rest = rest.substring(1);
        }
        int hash = rest.indexOf('#');
        if (hash >= 0) {
            rest = rest.substring(0, hash);
        }
        int q = rest.indexOf('?');
        if (q >= 0) {
            rest = rest.substring(0, q);
        }
        String version = null;
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            version = decode(rest.substring(at + 1));
            rest = rest.substring(0, at);
            if (version == null || version.isEmpty()) {
                return Optional.empty();
            }
        }
        int slash = rest.indexOf('/');
        if (slash <= 0) {
            return Optional.empty();
        }
        String type = rest.substring(0, slash);
        if (!TYPE.matcher(type).matches()) {
            return Optional.empty();
        }
        String path = rest.substring(slash + 1);
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        int last = path.lastIndexOf('/');
        String name = decode(last >= 0 ? path.substring(last + 1) : path);
        String ns = last >= 0 ? decode(path.substring(0, last)) : null;
        if (name == null || name.isEmpty() || (last >= 0 && ns == null)) {
            return Optional.empty();
        }
        return Optional.of(new Purl(type.toLowerCase(Locale.ROOT), ns, name, version));
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public String key() {
        return (type + "/" + (namespace == null ? "" : namespace + "/") + name).toLowerCase(Locale.ROOT);
    }
}
