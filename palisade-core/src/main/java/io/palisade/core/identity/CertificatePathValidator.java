package io.palisade.core.identity;

import io.palisade.core.device.DeviceId;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Port: X.509 certification path validation and the device id a certificate names (implemented by the PKI
 * module). It only answers "does this chain lead to one of these anchors"; which anchors are trusted, what a
 * refusal means and what is audited is decided by the enrollment service.
 */
public interface CertificatePathValidator {
    /** The validated leaf and the anchor (one of those given) its path ends at. */
    record ValidatedPath(X509Certificate leaf, X509Certificate anchor) {
        public ValidatedPath {
            Objects.requireNonNull(leaf, "leaf");
            Objects.requireNonNull(anchor, "anchor");
        }
    }

    /**
     * Validates {@code presented} (leaf first) against {@code anchors} at {@code now}, without revocation checks.
     *
     * @throws io.palisade.core.PalisadeException UNAUTHORIZED with a short reason when the chain is not acceptable
     */
    ValidatedPath validate(X509Certificate[] presented, List<X509Certificate> anchors, Instant now);

    /** The device id the certificate names, empty when it names none (or an ambiguous one). */
    Optional<DeviceId> deviceIdOf(X509Certificate certificate);
}
