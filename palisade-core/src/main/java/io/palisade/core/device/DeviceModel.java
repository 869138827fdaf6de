package io.palisade.core.device;

import io.palisade.core.PalisadeException;
import java.net.URI;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A device model: the manufacturer's product line. It declares the support period (end month, ETSI 5.3-13,
 * CRA Annex II) and optionally a MUD URL (RFC 8520) that goes into every device certificate of the model.
 */
public record DeviceModel(String name, String manufacturer, YearMonth supportUntil, String mudUrl,
        RiskProfile profile, Instant createdAt) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public DeviceModel {
        if (name == null || !NAME.matcher(name).matches()) {
            throw PalisadeException.invalid("invalid model name: use 1-64 characters from A-Z a-z 0-9 . _ -");
        }
        if (manufacturer == null || manufacturer.isBlank() || manufacturer.length() > 128
                || manufacturer.chars().anyMatch(Character::isISOControl)) {
            throw PalisadeException.invalid("manufacturer must be 1-128 printable characters");
        }
        Objects.requireNonNull(supportUntil, "supportUntil");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(createdAt, "createdAt");
        if (mudUrl != null) {
            validateMudUrl(mudUrl);
        }
    }

    /** RFC 8520 §10: the MUD URL must use the https scheme. */
    public static void validateMudUrl(String mudUrl) {
        try {
            URI uri = new URI(mudUrl);
            if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null || mudUrl.length() > 2048) {
                throw PalisadeException.invalid("MUD URL must be an absolute https URL (RFC 8520 section 10)");
            }
        } catch (java.net.URISyntaxException e) {
            throw PalisadeException.invalid("MUD URL is not a valid URI: " + e.getReason());
        }
    }

    public Optional<String> mud() {
        return Optional.ofNullable(mudUrl);
    }

    /** Whether the declared support period has ended at the given month. */
    public boolean supportEnded(YearMonth now) {
        return now.isAfter(supportUntil);
    }
}
