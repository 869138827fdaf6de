package io.palisade.core.identity;

import java.time.Instant;
import java.util.Objects;

/**
 * A manufacturer trust anchor: the CA that signs a maker's IDevID certificates. A device presenting an IDevID
 * chaining to an active anchor may enroll without a token. {@code fingerprint} is the hex SHA-256 of the CA
 * certificate (DER).
 */
public record ManufacturerAnchor(String name, String fingerprint, String certificatePem, Instant addedAt,
        boolean revoked) {
    public ManufacturerAnchor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(certificatePem, "certificatePem");
        Objects.requireNonNull(addedAt, "addedAt");
    }
}
