package io.palisade.conformity.assess;

import io.palisade.conformity.evidence.Verdict;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of one assessment. {@code standard} and {@code model} are null when not filtered.
 * {@code results} are in catalog order; reports order failures first.
 */
public record AssessmentResult(String catalogId, String catalogVersion, String profile, String profileTitle,
        String standard, String model, Instant assessedAt, List<RequirementResult> results,
        List<CategorySummary> categories, Tally totals, List<String> warnings) {
    public AssessmentResult {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(assessedAt, "assessedAt");
        results = List.copyOf(results);
        categories = List.copyOf(categories);
        warnings = List.copyOf(warnings);
    }

    public java.util.Optional<RequirementResult> find(String requirementId) {
        return results.stream().filter(r -> r.requirementId().equals(requirementId)).findFirst();
    }

    public List<RequirementResult> withVerdict(Verdict v) {
        return results.stream().filter(r -> r.verdict() == v).toList();
    }
}
