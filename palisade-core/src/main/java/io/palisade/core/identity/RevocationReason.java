package io.palisade.core.identity;

/** CRL reason codes (RFC 5280 §5.3.1) that Palisade uses; {@link #code()} is the ASN.1 enumeration value. */
public enum RevocationReason {
    UNSPECIFIED(0),
    KEY_COMPROMISE(1),
    AFFILIATION_CHANGED(3),
    SUPERSEDED(4),
    CESSATION_OF_OPERATION(5);

    private final int code;

    RevocationReason(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
