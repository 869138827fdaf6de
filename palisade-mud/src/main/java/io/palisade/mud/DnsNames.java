package io.palisade.mud;

import java.util.Locale;
import java.util.Optional;

/** DNS host name normalization: lower-case, no trailing dot, LDH labels of 1..63 characters, at most 253. */
public final class DnsNames {
    private DnsNames() {
    }

    /** The normalized name, or empty if {@code name} is not a valid host name. */
    public static Optional<String> normalize(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        if (n.isEmpty() || n.length() > 253) {
            return Optional.empty();
        }
        int labelLength = 0;
        for (int i = 0; i < n.length(); i++) {
            char c = n.charAt(i);
            if (c == '.') {
                if (labelLength == 0 || n.charAt(i - 1) == '-') {
                    return Optional.empty();
                }
                labelLength = 0;
                continue;
            }
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_';
            if (!ok || (c == '-' && labelLength == 0) || ++labelLength > 63) {
                return Optional.empty();
            }
        }
        if (labelLength == 0 || n.charAt(n.length() - 1) == '-') {
            return Optional.empty();
        }
        return Optional.of(n.toLowerCase(Locale.ROOT));
    }
}
