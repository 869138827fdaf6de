package io.palisade.attest;

import io.palisade.attest.tpm.TpmFormatException;
import io.palisade.attest.tpm.TpmtPublic;
import java.time.Instant;
import java.util.HexFormat;

/**
 * An attestation key bound to an enrolled device: the result of {@link AkBinder}. The server stores
 * {@link #akPublic()} (TPM2B_PUBLIC), the method and the time, and restores it with {@link #restore}.
 */
public record BoundAk(String deviceId, TpmtPublic ak, Method method, Instant boundAt) {
    /** How the AK was tied to the device. */
    public enum Method {
        /** An AK certificate chaining to a trusted manufacturer CA names the device. */
        MANUFACTURER_CERTIFICATE,
        /** TPM2 credential activation through the device's (trusted) endorsement key. */
        CREDENTIAL_ACTIVATION
    }

    public BoundAk {
        if (deviceId == null || ak == null || method == null || boundAt == null) {
            throw new IllegalArgumentException("deviceId, ak, method and boundAt are required");
        }
    }

    /** TPM2B_PUBLIC of the AK, to store. */
    public byte[] akPublic() {
        return ak.encodedTpm2b();
    }

    public String akNameHex() {
        return HexFormat.of().formatHex(ak.name());
    }

    /** Restores a binding the server stored earlier. */
    public static BoundAk restore(String deviceId, byte[] akPublicTpm2b, Method method, Instant boundAt)
            throws AkBindingException {
        try {
            return new BoundAk(deviceId, TpmtPublic.parseTpm2b(akPublicTpm2b), method, boundAt);
        } catch (TpmFormatException e) {
            throw new AkBindingException(ReasonCode.AK_INVALID, "stored AK public area: " + e.getMessage());
        }
    }
}
