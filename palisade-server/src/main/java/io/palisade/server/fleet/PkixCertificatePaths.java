package io.palisade.server.fleet;

import io.palisade.core.device.DeviceId;
import io.palisade.core.identity.CertificatePathValidator;
import io.palisade.pki.Chains;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The core's certificate path port, implemented with the PKI module's chain validation (RFC 5280). */
public final class PkixCertificatePaths implements CertificatePathValidator {
    @Override
    public ValidatedPath validate(X509Certificate[] presented, List<X509Certificate> anchors, Instant now) {
        Chains.Validated v = Chains.validate(presented, anchors, now);
        return new ValidatedPath(v.leaf(), v.anchor());
    }

    @Override
    public Optional<DeviceId> deviceIdOf(X509Certificate certificate) {
        return Chains.deviceIdOf(certificate);
    }
}
