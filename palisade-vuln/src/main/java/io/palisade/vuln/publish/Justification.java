package io.palisade.vuln.publish;

import java.util.Locale;

/** VEX justification for "not affected" (CSAF 2.0 flag labels), with the CycloneDX analysis justification it maps to. */
public enum Justification {
    COMPONENT_NOT_PRESENT("code_not_present"),
    VULNERABLE_CODE_NOT_PRESENT("code_not_present"),
    VULNERABLE_CODE_CANNOT_BE_CONTROLLED_BY_ADVERSARY("protected_by_mitigating_control"),
    VULNERABLE_CODE_NOT_IN_EXECUTE_PATH("code_not_reachable"),
    INLINE_MITIGATIONS_ALREADY_EXIST("protected_by_mitigating_control");

    private final String cycloneDx;

    Justification(String cycloneDx) {
        this.cycloneDx = cycloneDx;
    }

    public String csafLabel() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String cycloneDx() {
        return cycloneDx;
    }
}
