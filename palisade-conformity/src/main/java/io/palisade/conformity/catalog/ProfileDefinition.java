package io.palisade.conformity.catalog;

import io.palisade.core.device.RiskProfile;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A risk profile of the catalog: which standards apply, whether recommendations count, which requirements are
 * excluded, and the parameters. {@code coreProfile} ties it to {@link RiskProfile} of the device models.
 */
public record ProfileDefinition(String id, String title, RiskProfile coreProfile, List<String> standards,
        boolean includeRecommended, Set<String> exclude, ProfileParameters parameters) {
    public ProfileDefinition {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(coreProfile, "coreProfile");
        Objects.requireNonNull(parameters, "parameters");
        standards = List.copyOf(standards);
        exclude = Set.copyOf(exclude);
    }

    /** Whether this profile selects the requirement. */
    public boolean selects(Requirement r) {
        return standards.contains(r.standard()) && !exclude.contains(r.id())
                && (includeRecommended || r.status().mandatory());
    }
}
