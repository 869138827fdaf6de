package io.palisade.conformity.evidence;

import java.util.List;
import java.util.Objects;

/** A collector's result: PASS, FAIL or NOT_APPLICABLE, the reasons, and the evidence. */
public record Observation(Verdict verdict, List<String> reasons, Evidence evidence) {
    public Observation {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(evidence, "evidence");
        if (verdict == Verdict.NEEDS_ATTESTATION) {
            throw new IllegalArgumentException("a collector observes; it never needs an attestation");
        }
        reasons = List.copyOf(reasons);
    }
}
