package io.palisade.core.update;

import io.palisade.core.PalisadeException;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A published firmware image: a signed TUF target of the update repository.
 *
 * @param targetPath the TUF target path ({@code <model>/<version>/<file>})
 * @param hardware   the hardware-revision range the image is built for, e.g. {@code ">=1.0,<3.0"}; null = any
 * @param sbomTarget TUF target path of the SBOM published with it, or null
 */
public record FirmwareRelease(String model, String version, String targetPath, long length, String sha256,
                              boolean securityUpdate, String hardware, String sbomTarget, Instant publishedAt) {
    private static final Pattern VERSION = Pattern.compile("[0-9A-Za-z][0-9A-Za-z.+_-]{0,63}");

    public FirmwareRelease {
        Objects.requireNonNull(model, "model");
        checkVersion(version);
        Objects.requireNonNull(targetPath, "targetPath");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(publishedAt, "publishedAt");
        if (length < 0) {
            throw PalisadeException.invalid("length must not be negative");
        }
    }

    public static void checkVersion(String version) {
        if (version == null || !VERSION.matcher(version).matches()) {
            throw PalisadeException.invalid("invalid firmware version: use 1-64 characters from 0-9 A-Z a-z . + _ -, starting with a letter or digit");
        }
    }
}
