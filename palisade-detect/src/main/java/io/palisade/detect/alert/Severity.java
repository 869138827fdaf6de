package io.palisade.detect.alert;

import io.palisade.core.PalisadeException;
import java.util.Locale;

/** Alert and finding severity, ordered from least to most severe. */
public enum Severity {
    LOW,
    MEDIUM,
    HIGH,
    CRITICAL;

    public boolean atLeast(Severity other) {
        return compareTo(other) >= 0;
    }

    public static Severity max(Severity a, Severity b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Severity parse(String s) {
        if (s != null) {
            for (Severity v : values()) {
                if (v.name().equalsIgnoreCase(s.trim())) {
                    return v;
                }
            }
        }
        throw PalisadeException.invalid("unknown severity '" + s + "': use low, medium, high or critical");
    }
}
