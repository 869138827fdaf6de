package io.palisade.device;

import io.palisade.device.internal.Pkcs11KeyStorage;
import io.palisade.device.internal.TpmKeyStorage;

/** Where a device key was generated and is held; the agent reports it so the platform can weigh the identity. */
public enum KeyOrigin {
    /** Generated inside a TPM 2.0; never leaves it (signs through the TPM). */
    TPM,
    /** Generated inside a PKCS#11 token or secure element, sensitive and non-extractable. */
    PKCS11,
    /** Generated in software (process memory or a PEM file). */
    SOFTWARE;

    public static KeyOrigin of(KeyStorage storage) {
        if (storage instanceof TpmKeyStorage) {
            return TPM;
        }
        if (storage instanceof Pkcs11KeyStorage) {
            return PKCS11;
        }
        return SOFTWARE;
    }
}
