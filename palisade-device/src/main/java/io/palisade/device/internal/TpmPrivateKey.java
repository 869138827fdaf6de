package io.palisade.device.internal;

import java.security.PrivateKey;

/** A handle to the device key inside the TPM: nothing of the private key is in this process. */
final class TpmPrivateKey implements PrivateKey {
    private static final long serialVersionUID = 1L;
    private final transient TpmKeyStorage storage;

    TpmPrivateKey(TpmKeyStorage storage) {
        this.storage = storage;
    }

    TpmKeyStorage storage() {
        return storage;
    }

    @Override
    public String getAlgorithm() {
        return "EC";
    }

    /** Null: the key cannot be exported. */
    @Override
    public String getFormat() {
        return null;
    }

    @Override
    public byte[] getEncoded() {
        return null;
    }
}
