package io.palisade.vuln.publish;

import io.palisade.core.PalisadeException;

final class Texts {
    static final int MAX = 16_384;

    private Texts() {
    }

    /** Non-blank, bounded, no leading/trailing whitespace (CSAF string pattern), no control characters except newlines in prose. */
    static String require(String s, String what) {
        if (s == null || s.isBlank()) {
            throw PalisadeException.invalid(what + " must not be blank");
        }
        if (s.length() > MAX) {
            throw PalisadeException.invalid(what + " longer than " + MAX + " characters");
        }
        if (s.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t')) {
            throw PalisadeException.invalid(what + " contains control characters");
        }
        return s.strip();
    }
}
