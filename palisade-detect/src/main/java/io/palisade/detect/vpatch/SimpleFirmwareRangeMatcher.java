package io.palisade.detect.vpatch;

import io.palisade.core.PalisadeException;
import io.palisade.core.version.FirmwareRange;
import io.palisade.core.version.FirmwareVersion;
import java.util.Optional;

/**
 * Default {@link FirmwareRangeMatcher} over the shared dotted numeric {@link FirmwareVersion}s ({@code 1.4.2}, a
 * leading {@code v} allowed): a range is a {@link FirmwareRange}, a comma-separated conjunction of {@code <v},
 * {@code <=v}, {@code >v}, {@code >=v}, {@code =v} (or a bare {@code v}); {@code *} matches everything. A version
 * that is not dotted-numeric is treated as inside the range (fail closed).
 */
public final class SimpleFirmwareRangeMatcher implements FirmwareRangeMatcher {
    @Override
    public boolean contains(String range, String version) {
        if (range == null || range.isBlank() || range.length() > 200) {
            throw PalisadeException.invalid("firmware range must be 1-200 characters such as '>=1.0.0,<1.4.2'");
        }
        if (range.strip().equals("*")) {
            return true;
        }
        Optional<FirmwareVersion> v = parse(version);
        if (v.isEmpty()) {
            return true;
        }
        try {
            return FirmwareRange.parseLenient(range).contains(v.get());
        } catch (IllegalArgumentException e) {
            throw PalisadeException.invalid("firmware range '" + range + "' is invalid: " + e.getMessage());
        }
    }

    static Optional<FirmwareVersion> parse(String s) {
        if (s == null || s.length() > 64) {
            return Optional.empty();
        }
        try {
            return Optional.of(FirmwareVersion.parseLenient(s));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
