package io.palisade.conformity.catalog;

import io.palisade.core.PalisadeException;

/**
 * How a requirement is evidenced: observed on the running platform by a collector, attested by the
 * manufacturer (software cannot observe it), or both (the observable part is collected, the rest attested).
 */
public enum EvidenceKind {
    OBSERVED("observed"), ATTESTATION("attestation"), OBSERVED_AND_ATTESTATION("observed+attestation");

    private final String label;

    EvidenceKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public boolean observed() {
        return this != ATTESTATION;
    }

    public boolean needsAttestation() {
        return this != OBSERVED;
    }

    public static EvidenceKind parse(String s) {
        for (EvidenceKind v : values()) {
            if (v.label.equals(s)) {
                return v;
            }
        }
        throw PalisadeException.invalid("unknown evidence kind '" + s + "': use observed, attestation or observed+attestation");
    }
}
