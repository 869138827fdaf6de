package io.palisade.mud;

import io.palisade.mud.model.MudProfile;
import java.util.List;
import java.util.Objects;

/**
 * Result of {@link MudParser#parse}: the profile, the mode used, the normalizations applied in lenient mode
 * (each {@code "<json path>: <what was changed>"}; always empty in strict mode) and the members of foreign YANG
 * modules that were ignored (e.g. {@code $.ietf-mud:mud.ietf-mud-reporter-extension:reporter}).
 */
public record MudParseResult(MudProfile profile, ParseMode mode, List<String> normalizations,
                             List<String> ignoredExtensions) {
    public MudParseResult {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(mode, "mode");
        normalizations = List.copyOf(normalizations);
        ignoredExtensions = List.copyOf(ignoredExtensions);
    }

    /** True when the file was in the RFC shape (nothing had to be normalized). */
    public boolean rfcShaped() {
        return normalizations.isEmpty();
    }
}
