package io.palisade.attest;

/** An attestation key could not be bound to a device identity. */
public final class AkBindingException extends Exception {
    private static final long serialVersionUID = 1L;
    private final ReasonCode code;

    public AkBindingException(ReasonCode code, String message) {
        super(message);
        this.code = code;
    }

    public ReasonCode code() {
        return code;
    }
}
