package io.palisade.tuf.metadata;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A delegated targets role. Exactly one of {@code paths} (glob patterns, matched segment by segment) and
 * {@code pathHashPrefixes} (prefixes of the hex SHA-256 of the target path: hashed bin delegation) is present.
 */
public record DelegatedRole(String name, List<String> keyIds, int threshold, boolean terminating,
                            Optional<List<String>> paths, Optional<List<String>> pathHashPrefixes) {
    public DelegatedRole {
        Objects.requireNonNull(name, "name");
        keyIds = List.copyOf(keyIds);
        paths = paths.map(List::copyOf);
        pathHashPrefixes = pathHashPrefixes.map(List::copyOf);
        if (name.isEmpty()) {
            throw new IllegalArgumentException("delegated role name must not be empty");
        }
        if (threshold < 1) {
            throw new IllegalArgumentException("threshold must be at least 1");
        }
        if (keyIds.stream().distinct().count() != keyIds.size()) {
            throw new IllegalArgumentException("keyids must be unique");
        }
        if (paths.isPresent() == pathHashPrefixes.isPresent()) {
            throw new IllegalArgumentException("exactly one of paths and path_hash_prefixes must be set");
        }
    }

    /** True when this role is trusted for {@code targetPath} (TUF spec §5.6.7.2). */
    public boolean isDelegatedPath(String targetPath) {
        if (paths.isPresent()) {
            for (String pattern : paths.get()) {
                if (matchesPattern(targetPath, pattern)) {
                    return true;
                }
            }
            return false;
        }
        String hash = sha256Hex(targetPath);
        for (String prefix : pathHashPrefixes.orElseThrow()) {
            if (hash.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** Shell-style glob ({@code *}, {@code ?}, {@code [seq]}, {@code [!seq]}) matched per '/'-separated segment. */
    static boolean matchesPattern(String targetPath, String pattern) {
        String[] targetParts = targetPath.split("/", -1);
        String[] patternParts = pattern.split("/", -1);
        if (targetParts.length != patternParts.length) {
            return false;
        }
        for (int i = 0; i < targetParts.length; i++) {
            if (!globToRegex(patternParts[i]).matcher(targetParts[i]).matches()) {
                return false;
            }
        }
        return true;
    }

    private static Pattern globToRegex(String glob) {
        StringBuilder re = new StringBuilder();
        int i = 0;
        int n = glob.length();
        while (i < n) {
            char c = glob.charAt(i++);
            if (c == '*') {
                re.append(".*");
            } else if (c == '?') {
                re.append('.');
            } else if (c == '[') {
                int j = i;
                if (j < n && glob.charAt(j) == '!') {
                    j++;
                }
                if (j < n && glob.charAt(j) == ']') {
                    j++;
                }
                while (j < n && glob.charAt(j) != ']') {
                    j++;
                }
                if (j >= n) {
                    re.append("\\[");
                } else {
                    String body = glob.substring(i, j);
                    i = j + 1;
                    boolean negate = body.startsWith("!");
                    if (negate) {
                        body = body.substring(1);
                    }
                    StringBuilder cls = new StringBuilder("[");
                    if (negate) {
                        cls.append('^');
                    }
                    for (int k = 0; k < body.length(); k++) {
                        char b = body.charAt(k);
                        if (b == '-' && k > 0 && k < body.length() - 1) {
                            cls.append('-');
                        } else {
                            cls.append(escapeClassChar(b));
                        }
                    }
                    cls.append(']');
                    re.append(cls);
                }
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }

    private static String escapeClassChar(char c) {
        return Character.isLetterOrDigit(c) ? String.valueOf(c) : "\\" + c;
    }

    static String sha256Hex(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
