package io.palisade.vuln.validate;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Registration checks for BCP 47 tags beyond well-formedness (CSAF 2.0 6.1.12: the language code must exist).
 * 2-letter language subtags must be ISO 639-1 codes and 2-letter regions ISO 3166-1 codes as the JDK knows them,
 * plus codes the IANA registry lists that the JDK omits (deprecated and private-use ones); 3-digit regions must be
 * UN M.49 style numbers. 3-letter languages, scripts, variants, extensions and private use are checked for form only.
 */
final class LanguageTags {
    private static final Set<String> LANGUAGES = new HashSet<>();
    private static final Set<String> REGIONS = new HashSet<>();
    private static final Set<String> GRANDFATHERED = Set.of("art-lojban", "cel-gaulish", "en-gb-oed", "i-ami", "i-bnn",
            "i-default", "i-enochian", "i-hak", "i-klingon", "i-lux", "i-mingo", "i-navajo", "i-pwn", "i-tao", "i-tay",
            "i-tsu", "no-bok", "no-nyn", "sgn-be-fr", "sgn-be-nl", "sgn-ch-de", "zh-guoyu", "zh-hakka", "zh-min",
            "zh-min-nan", "zh-xiang");

    static {
        for (String l : Locale.getISOLanguages()) {
            LANGUAGES.add(l);
        }
        LANGUAGES.addAll(Set.of("in", "iw", "ji", "jw", "mo", "sh"));
        for (String r : Locale.getISOCountries()) {
            REGIONS.add(r);
        }
        // registered but deprecated (BU, CS, DD, FX, NT, SU, TP, YD, YU, ZR) and private use (AA, QM-QZ, XA-XZ, ZZ)
        REGIONS.addAll(Set.of("BU", "CS", "DD", "FX", "NT", "SU", "TP", "YD", "YU", "ZR", "AA", "ZZ", "EU", "EZ", "UN"));
        for (char c = 'M'; c <= 'Z'; c++) {
            REGIONS.add("Q" + c);
        }
        for (char c = 'A'; c <= 'Z'; c++) {
            REGIONS.add("X" + c);
        }
    }

    private LanguageTags() {
    }

    static boolean isGrandfathered(String tag) {
        return GRANDFATHERED.contains(tag.toLowerCase(Locale.ROOT));
    }

    /** The first subtag of a well-formed tag that is not registered, or null. */
    static String unregisteredSubtag(String tag) {
        if (isGrandfathered(tag)) {
            return null;
        }
        String[] parts = tag.split("-");
        String lang = parts[0].toLowerCase(Locale.ROOT);
        if (lang.equals("x")) {
            return null; // private use only
        }
        if (lang.length() == 2 && !LANGUAGES.contains(lang)) {
            return parts[0];
        }
        if (lang.length() == 3 && lang.compareTo("qaa") >= 0 && lang.compareTo("qtz") <= 0) {
            return null; // private use languages
        }
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i];
            if (p.length() == 1) {
                break; // extension or private use: not checked
            }
            if (p.length() == 2 && Character.isLetter(p.charAt(0))) {
                if (!REGIONS.contains(p.toUpperCase(Locale.ROOT))) {
                    return p;
                }
            }
        }
        return null;
    }
}
