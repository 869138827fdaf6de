package io.palisade.vuln.match;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/** Normalization of vendor and product names for matching advisories that carry neither purl nor CPE. */
public final class Names {
    private static final Pattern SUFFIX = Pattern.compile(
            "\\b(inc|incorporated|ltd|limited|llc|gmbh|ag|co|corp|corporation|company|sa|s a|plc|kg|se|bv|nv|oy|ab|srl|spa|kk)\\b");

    private Names() {
    }

    private static final int CACHE_LIMIT = 100_000;
    private static final java.util.concurrent.ConcurrentHashMap<String, String> PRODUCTS = new java.util.concurrent.ConcurrentHashMap<>();
    private static final java.util.concurrent.ConcurrentHashMap<String, String> VENDORS = new java.util.concurrent.ConcurrentHashMap<>();

    private static String cached(java.util.concurrent.ConcurrentHashMap<String, String> cache, String key,
            java.util.function.UnaryOperator<String> f) {
        String v = cache.get(key);
        if (v == null) {
            v = f.apply(key);
            if (cache.size() >= CACHE_LIMIT) {
                cache.clear();
            }
            cache.put(key, v);
        }
        return v;
    }

    /** Lower case, accents removed, only letters and digits. */
    public static String product(String s) {
        return s == null ? "" : cached(PRODUCTS, s, Names::normalizeProduct);
    }

    private static String normalizeProduct(String s) {
        String n = Normalizer.normalize(s, Normalizer.Form.NFKD).replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT);
        return n.replaceAll("[^\\p{Alnum}]", "");
    }

    /** Like {@link #product(String)} but without corporate suffixes ("Example Corp." → "example"). */
    public static String vendor(String s) {
        return s == null ? "" : cached(VENDORS, s, Names::normalizeVendor);
    }

    private static String normalizeVendor(String s) {
        String n = Normalizer.normalize(s, Normalizer.Form.NFKD).replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{Alnum}]+", " ");
        n = SUFFIX.matcher(n).replaceAll(" ");
        return n.replaceAll("\\s+", "");
    }

    /** Whether two normalized vendor names denote the same vendor (equal, or one a prefix of the other). */
    public static boolean sameVendor(String a, String b) {
        if (a.isEmpty() || b.isEmpty()) {
            return false;
        }
        return a.equals(b) || (a.length() >= 3 && b.startsWith(a)) || (b.length() >= 3 && a.startsWith(b));
    }
}
