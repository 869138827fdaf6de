package io.palisade.tuf.metadata;

import java.util.Objects;
import java.util.Optional;

/**
 * A public key as listed in root or a delegating targets role. Keys of unknown type or scheme are kept (they are part
 * of the signed metadata) but never verify a signature, so they never count towards a threshold.
 *
 * @param keyType     {@code keytype}, e.g. ed25519, ecdsa, ecdsa-sha2-nistp256, rsa
 * @param scheme      {@code scheme}, e.g. ed25519, ecdsa-sha2-nistp256, rsassa-pss-sha256
 * @param publicValue {@code keyval.public} when present
 */
public record Key(String keyType, String scheme, Optional<String> publicValue) {
    public Key {
        Objects.requireNonNull(keyType, "keyType");
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(publicValue, "publicValue");
    }
}
