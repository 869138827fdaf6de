package io.palisade.mud;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.palisade.mud.model.MudProfile;
import java.util.List;
import java.util.Objects;

/**
 * A MUD file accepted by {@link MudImporter}. Everything except {@link #profile()} is plain JSON (Jackson without
 * extra modules); nullable members are absent leaves of the file.
 *
 * @param mudUrl             the file's {@code mud-url}
 * @param mudVersion         always {@link MudProfile#MUD_VERSION}
 * @param lastUpdate         {@code last-update} as ISO-8601 with offset
 * @param cacheValidityHours {@code cache-validity} (1..168, default 48)
 * @param supported          {@code is-supported}; false means the manufacturer no longer supports the device
 * @param systemInfo         {@code systeminfo}, nullable
 * @param manufacturerName   {@code mfg-name}, nullable
 * @param modelName          {@code model-name}, nullable
 * @param manufacturer       authority of the MUD URL (what {@code manufacturer} abstractions match)
 * @param signature          how the signature requirement was met
 * @param mode               STRICT if the file is RFC-shaped, LENIENT if it had to be normalized
 * @param normalizations     lenient rewrites applied, {@code "<json path>: <change>"}
 * @param ignoredExtensions  members of foreign YANG modules that were ignored
 * @param warnings           things an operator should know (not supported any more, an override was used)
 * @param sha256             hex SHA-256 of the exact imported bytes (the version key for storage)
 * @param size               number of bytes
 */
public record ImportResult(@JsonIgnore MudProfile profile, String mudUrl, int mudVersion, String lastUpdate,
                           int cacheValidityHours, boolean supported, String systemInfo, String manufacturerName,
                           String modelName, String manufacturer, SignatureStatus signature, ParseMode mode,
                           List<String> normalizations, List<String> ignoredExtensions, List<String> warnings,
                           String sha256, int size) {
    public ImportResult {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(mudUrl, "mudUrl");
        Objects.requireNonNull(lastUpdate, "lastUpdate");
        Objects.requireNonNull(manufacturer, "manufacturer");
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(sha256, "sha256");
        normalizations = List.copyOf(normalizations);
        ignoredExtensions = List.copyOf(ignoredExtensions);
        warnings = List.copyOf(warnings);
    }

    /** True when the file was read in lenient mode (draft shape normalized). */
    @JsonIgnore
    public boolean lenient() {
        return mode == ParseMode.LENIENT;
    }
}
