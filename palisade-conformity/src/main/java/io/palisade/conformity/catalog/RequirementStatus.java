package io.palisade.conformity.catalog;

import io.palisade.core.PalisadeException;

/**
 * Obligation status of a requirement, in the terms of ETSI EN 303 645 Annex B (Table B.1): mandatory (M) or
 * recommended (R), optionally conditional (C: applies only when a numbered condition holds) and, since V3, applying
 * to a feature (F: applies only where a lettered feature, capability or mechanism exists). A C or F requirement may
 * be declared not applicable, with a reason. Requirements of other standards use {@code M} for the baseline Palisade
 * expects, and {@code M C} where the text itself makes the requirement depend on a condition.
 */
public enum RequirementStatus {
    M("M"), R("R"), M_C("M C"), R_C("R C"), M_F("M F"), R_F("R F"), M_C_F("M C F"), R_C_F("R C F");

    private final String label;

    RequirementStatus(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public boolean mandatory() {
        return label.startsWith("M");
    }

    /** Whether not-applicable may be declared: conditional (C) or feature-dependent (F). */
    public boolean conditional() {
        return hasCondition() || hasFeature();
    }

    /** Carries numbered conditions (C). */
    public boolean hasCondition() {
        return label.contains("C");
    }

    /** Applies to a feature (F). */
    public boolean hasFeature() {
        return label.contains("F");
    }

    public static RequirementStatus parse(String s) {
        for (RequirementStatus v : values()) {
            if (v.label.equals(s)) {
                return v;
            }
        }
        throw PalisadeException.invalid("unknown requirement status '" + s + "': use M, R, M C, R C, M F, R F, M C F or R C F");
    }
}
