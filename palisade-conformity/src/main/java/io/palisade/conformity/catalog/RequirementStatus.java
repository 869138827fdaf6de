package io.palisade.conformity.catalog;

import io.palisade.core.PalisadeException;

/**
 * Obligation status of a requirement, in ETSI EN 303 645 terms: mandatory, recommended, or either of those only
 * when a condition holds. Requirements of other standards use {@code M} for the baseline Palisade expects.
 */
public enum RequirementStatus {
    M("M"), R("R"), M_C("M C"), R_C("R C");

    private final String label;

    RequirementStatus(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public boolean mandatory() {
        return this == M || this == M_C;
    }

    public boolean conditional() {
        return this == M_C || this == R_C;
    }

    public static RequirementStatus parse(String s) {
        for (RequirementStatus v : values()) {
            if (v.label.equals(s)) {
                return v;
            }
        }
        throw PalisadeException.invalid("unknown requirement status '" + s + "': use M, R, M C or R C");
    }
}
