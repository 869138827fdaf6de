package io.palisade.tuf.metadata;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

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

    /**
     * Shell-style glob ({@code *}, {@code ?}, {@code [seq]}, {@code [!seq]}, as Python's fnmatch) matched per
     * '/'-separated segment: the target and the pattern must have the same number of segments.
     */
    static boolean matchesPattern(String targetPath, String pattern) {
        String[] targetParts = targetPath.split("/", -1);
        String[] patternParts = pattern.split("/", -1);
        if (targetParts.length != patternParts.length) {
            return false;
        }
        for (int i = 0; i < targetParts.length; i++) {
            if (!globMatches(targetParts[i].codePoints().toArray(), patternParts[i].codePoints().toArray())) {
                return false;
            }
        }
        return true;
    }

    /**
     * Wildcard matching in O(text x pattern) time (no regular expressions, so no catastrophic backtracking on
     * patterns such as {@code *a*a*a*a*b}): on a mismatch, only the most recent {@code *} is extended.
     */
    private static boolean globMatches(int[] text, int[] pat) {
        int t = 0;
        int p = 0;
        int starP = -1;
        int starT = -1;
        while (t < text.length) {
            if (p < pat.length) {
                if (pat[p] == '*') {
                    starP = p++;
                    starT = t;
                    continue;
                }
                int consumed = matchOne(pat, p, text[t]);
                if (consumed > 0) {
                    p += consumed;
                    t++;
                    continue;
                }
            }
            if (starP < 0) {
                return false;
            }
            p = starP + 1;
            t = ++starT;
        }
        while (p < pat.length && pat[p] == '*') {
            p++;
        }
        return p == pat.length;
    }

    /** Pattern elements consumed when {@code c} matches the element at {@code p}, or -1. */
    private static int matchOne(int[] pat, int p, int c) {
        if (pat[p] == '?') {
            return 1;
        }
        if (pat[p] == '[') {
            int j = p + 1;
            boolean negate = j < pat.length && pat[j] == '!';
            if (negate) {
                j++;
            }
            int first = j;
            if (j < pat.length && pat[j] == ']') {
                j++;
            }
            while (j < pat.length && pat[j] != ']') {
                j++;
            }
            if (j < pat.length) {
                boolean member = false;
                for (int k = first; k < j; k++) {
                    if (k + 2 < j && pat[k + 1] == '-') {
                        member |= c >= pat[k] && c <= pat[k + 2];
                        k += 2;
                    } else {
                        member |= c == pat[k];
                    }
                }
                return member != negate ? j - p + 1 : -1;
            }
            // no closing bracket: '[' is a literal
        }
        return pat[p] == c ? 1 : -1;
    }

    static String sha256Hex(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
