package io.palisade.tuf.metadata;

import java.util.Objects;

/**
 * One entry of the {@code signatures} list.
 *
 * @param keyId the key id the signature claims to be made with
 * @param sig   the signature, hex encoded
 */
public record Signature(String keyId, String sig) {
    public Signature {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(sig, "sig");
    }
}
