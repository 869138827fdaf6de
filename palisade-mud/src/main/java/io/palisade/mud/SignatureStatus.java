package io.palisade.mud;

import java.util.Objects;

/**
 * How an imported MUD file met the signature requirement.
 *
 * @param state         VALID, or which override was used
 * @param signerSubject subject DN of the (trusted or overridden) signer; null when unsigned
 * @param detail        the verifier's reason for an overridden signature, null otherwise
 * @param overrideReason the operator's reason when overridden, null otherwise
 */
public record SignatureStatus(State state, String signerSubject, String detail, String overrideReason) {

    /** Outcome of the signature requirement. */
    public enum State {
        /** Signed by a trusted MUD signer, valid at the verification time. */
        VALID,
        /** No signature; accepted by an explicit override. */
        UNSIGNED_OVERRIDDEN,
        /** Signed by a signer that is not trusted; accepted by an explicit override. */
        UNTRUSTED_OVERRIDDEN,
        /** Signed by a trusted signer whose chain is not valid at the time; accepted by an explicit override. */
        EXPIRED_OVERRIDDEN
    }

    public SignatureStatus {
        Objects.requireNonNull(state, "state");
        if (state == State.VALID) {
            Objects.requireNonNull(signerSubject, "signerSubject");
        } else {
            Objects.requireNonNull(overrideReason, "overrideReason");
        }
    }

    public static SignatureStatus valid(String signerSubject) {
        return new SignatureStatus(State.VALID, signerSubject, null, null);
    }

    /** True if the file was accepted only by an override. */
    public boolean overridden() {
        return state != State.VALID;
    }
}
