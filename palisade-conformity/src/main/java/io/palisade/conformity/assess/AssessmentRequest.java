package io.palisade.conformity.assess;

import java.util.Objects;
import java.util.Optional;

/** {@code assess --profile P [--standard S] [--model M]}. */
public record AssessmentRequest(String profile, Optional<String> standard, Optional<String> model) {
    public AssessmentRequest {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(standard, "standard");
        Objects.requireNonNull(model, "model");
    }

    public static AssessmentRequest of(String profile) {
        return new AssessmentRequest(profile, Optional.empty(), Optional.empty());
    }
}
