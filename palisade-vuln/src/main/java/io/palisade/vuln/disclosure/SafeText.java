package io.palisade.vuln.disclosure;

/**
 * Safe display of untrusted text (vulnerability reports are stored verbatim): HTML escaping, and a plain-text form
 * for terminals and logs where control, bidirectional-override and other format characters are shown as
 * {@code \\u{XXXX}} escapes so they can neither move the cursor nor reorder what the reader sees.
 */
public final class SafeText {
    private SafeText() {
    }

    public static String html(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        s.codePoints().forEach(cp -> {
            switch (cp) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> {
                    if (unsafe(cp) && cp != '\n' && cp != '\t') {
                        b.append("&#x").append(Integer.toHexString(cp).toUpperCase(java.util.Locale.ROOT)).append(';');
                    } else {
                        b.appendCodePoint(cp);
                    }
                }
            }
        });
        return b.toString();
    }

    /** One-line plain text: newlines and every control/format character escaped. */
    public static String plain(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            if (unsafe(cp) || cp == '\\') {
                b.append(cp == '\\' ? "\\\\" : String.format("\\u{%04X}", cp));
            } else {
                b.appendCodePoint(cp);
            }
        });
        return b.toString();
    }

    static boolean unsafe(int cp) {
        int type = Character.getType(cp);
        return Character.isISOControl(cp) || type == Character.FORMAT || type == Character.SURROGATE
                || type == Character.UNASSIGNED || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                || type == Character.PRIVATE_USE;
    }
}
