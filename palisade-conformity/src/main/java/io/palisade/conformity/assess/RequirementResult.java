package io.palisade.conformity.assess;

import io.palisade.conformity.attest.Attestation;
import io.palisade.conformity.evidence.Evidence;
import io.palisade.conformity.evidence.Verdict;
import java.util.List;
import java.util.Objects;

/** The verdict for one requirement (with the version of its standard, for reports), its basis, reasons, the evidence it cites and the attestation used (or null). */
public record RequirementResult(String requirementId, String standard, String category, String categoryTitle,
        String title, String status, String condition, Verdict verdict, Basis basis, List<String> reasons,
        List<Evidence> evidence, Attestation attestation, String standardVersion) {
    public RequirementResult(String requirementId, String standard, String category, String categoryTitle,
            String title, String status, String condition, Verdict verdict, Basis basis, List<String> reasons,
            List<Evidence> evidence, Attestation attestation) {
        this(requirementId, standard, category, categoryTitle, title, status, condition, verdict, basis, reasons,
                evidence, attestation, null);
    }

    public RequirementResult {
        Objects.requireNonNull(requirementId, "requirementId");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(basis, "basis");
        reasons = List.copyOf(reasons);
        evidence = List.copyOf(evidence);
    }

    public boolean selfAttested() {
        return basis == Basis.SELF_ATTESTED || basis == Basis.OBSERVED_AND_SELF_ATTESTED;
    }
}
