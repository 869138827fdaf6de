package io.palisade.core.identity;

import io.palisade.core.device.DeviceId;
import io.palisade.core.device.DeviceModel;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;

/**
 * Port to the certificate authority: signs a device certificate for a public key whose possession was
 * already proven (CSR signature checked) and whose uniqueness the registry already checked.
 */
public interface IdentityIssuer {
    /**
     * Issues the device certificate: CN = id, URI SAN urn:palisade:device:id, EKU clientAuth only, the model's
     * MUD URL in id-pe-mud-url when it has one, validity per the model's risk profile starting at {@code now}.
     */
    X509Certificate issue(DeviceId id, PublicKey key, DeviceModel model, Instant now);
}
