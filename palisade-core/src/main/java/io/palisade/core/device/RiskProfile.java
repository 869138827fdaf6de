package io.palisade.core.device;

import io.palisade.core.PalisadeException;
import java.time.Duration;
import java.util.Locale;

/** Risk profiles select controls and their parameters; the higher the risk, the shorter a device certificate lives. */
public enum RiskProfile {
    CONSUMER(Duration.ofDays(397)),
    ENTERPRISE(Duration.ofDays(365)),
    INDUSTRIAL(Duration.ofDays(180)),
    CRITICAL(Duration.ofDays(90));

    private final Duration certificateValidity;

    RiskProfile(Duration certificateValidity) {
        this.certificateValidity = certificateValidity;
    }

    public Duration certificateValidity() {
        return certificateValidity;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RiskProfile parse(String s) {
        if (s == null) {
            throw PalisadeException.invalid("risk profile missing: use consumer, enterprise, industrial or critical");
        }
        for (RiskProfile p : values()) {
            if (p.label().equals(s.toLowerCase(Locale.ROOT)) || ("critical-infrastructure".equalsIgnoreCase(s) && p == CRITICAL)) {
                return p;
            }
        }
        throw PalisadeException.invalid("unknown risk profile '" + s + "': use consumer, enterprise, industrial or critical");
    }
}
