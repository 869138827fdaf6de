package io.palisade.conformity.evidence;

/** Outcome for one requirement (ETSI TS 103 701 verdicts plus "needs attestation"). */
public enum Verdict {
    PASS("pass"), FAIL("fail"), NOT_APPLICABLE("not-applicable"), NEEDS_ATTESTATION("needs-attestation");

    private final String label;

    Verdict(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
