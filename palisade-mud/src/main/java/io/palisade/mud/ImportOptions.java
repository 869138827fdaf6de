package io.palisade.mud;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@link MudImporter} treats one MUD file.
 *
 * @param lenientAllowed          accept the pre-RFC draft shapes, normalized and reported (otherwise only the RFC shape)
 * @param signatureOverrideReason an operator's explicit, logged override of the signature requirement (accepts an
 *                                unsigned file, or one whose signer is untrusted or not valid at the time); never
 *                                accepts a signature that does not verify over the bytes; refused in production
 * @param production              production mode: an override is refused
 * @param verificationTime        instant at which the signer's certificate chain must be valid
 * @param expectedMudUrl          the MUD URL the device presented (certificate extension, DHCP, LLDP) or the file was
 *                                fetched from; the file's {@code mud-url} must equal it
 */
public record ImportOptions(boolean lenientAllowed, Optional<String> signatureOverrideReason, boolean production,
                            Instant verificationTime, Optional<URI> expectedMudUrl) {
    /** Limit of an override reason. */
    public static final int MAX_REASON_LENGTH = 500;

    public ImportOptions {
        Objects.requireNonNull(signatureOverrideReason, "signatureOverrideReason");
        Objects.requireNonNull(verificationTime, "verificationTime");
        Objects.requireNonNull(expectedMudUrl, "expectedMudUrl");
        if (signatureOverrideReason.isPresent()) {
            String r = signatureOverrideReason.get();
            if (r.isBlank() || r.length() > MAX_REASON_LENGTH || r.chars().anyMatch(c -> c < 0x20 || c == 0x7F)) {
                throw new IllegalArgumentException("an override reason is 1.." + MAX_REASON_LENGTH
                        + " printable characters");
            }
        }
    }

    /** Strict shape, signature required, no override, not production, verified at {@code at}. */
    public static ImportOptions strictAt(Instant at) {
        return new ImportOptions(false, Optional.empty(), false, at, Optional.empty());
    }

    /** Production defaults at {@code at}: signature required, no override possible, lenient shape allowed. */
    public static ImportOptions productionAt(Instant at) {
        return new ImportOptions(true, Optional.empty(), true, at, Optional.empty());
    }

    public ImportOptions withLenient(boolean allowed) {
        return new ImportOptions(allowed, signatureOverrideReason, production, verificationTime, expectedMudUrl);
    }

    /** With an operator's override of the signature requirement (the reason is logged and returned). */
    public ImportOptions withSignatureOverride(String reason) {
        return new ImportOptions(lenientAllowed, Optional.of(reason), production, verificationTime, expectedMudUrl);
    }

    public ImportOptions withProduction(boolean production) {
        return new ImportOptions(lenientAllowed, signatureOverrideReason, production, verificationTime,
                expectedMudUrl);
    }

    public ImportOptions withExpectedMudUrl(URI url) {
        return new ImportOptions(lenientAllowed, signatureOverrideReason, production, verificationTime,
                Optional.of(url));
    }
}
