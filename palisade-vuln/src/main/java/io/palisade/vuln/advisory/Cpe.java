package io.palisade.vuln.advisory;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** A CPE 2.3 formatted string or CPE 2.2 URI reduced to what matching needs: part, vendor, product, version. */
public record Cpe(String part, String vendor, String product, String version) {
    public static final int MAX_LENGTH = 1024;

    public static Optional<Cpe> tryParse(String s) {
        if (s == null || s.length() > MAX_LENGTH || s.chars().anyMatch(Character::isISOControl)) {
            return Optional.empty();
        }
        List<String> f;
        if (s.regionMatches(true, 0, "cpe:2.3:", 0, 8)) {
            f = split(s.substring(8));
        } else if (s.regionMatches(true, 0, "cpe:/", 0, 5)) {
            f = split(s.substring(5));
        } else {
            return Optional.empty();
        }
        if (f.size() < 3 || f.get(0).isEmpty() || !"aoh*".contains(f.get(0).toLowerCase(Locale.ROOT))
                || f.get(1).isEmpty() || f.get(2).isEmpty()) {
            return Optional.empty();
        }
        String v = f.size() > 3 ? f.get(3) : "*";
        if (v.isEmpty() || v.equals("-")) {
            v = "*";
        }
        return Optional.of(new Cpe(f.get(0).toLowerCase(Locale.ROOT), unescape(f.get(1)), unescape(f.get(2)), unescape(v)));
    }

    private static List<String> split(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                cur.append(c).append(s.charAt(++i));
            } else if (c == ':') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }

    private static String unescape(String s) {
        return s.replaceAll("\\\\(.)", "$1");
    }

    /** Identity for matching: vendor:product in lower case. */
    public String key() {
        return (vendor + ":" + product).toLowerCase(Locale.ROOT);
    }

    public boolean hasVersion() {
        return !version.equals("*");
    }
}
