package io.palisade.attest;

/** Why an appraisal or an AK binding failed. Stable names: the server records and reports them. */
public enum ReasonCode {
    /** The quote (TPMS_ATTEST) is truncated, oversized, has trailing bytes, a wrong magic or is not a quote. */
    MALFORMED_QUOTE,
    /** The TPMT_SIGNATURE is truncated, oversized or has trailing bytes. */
    MALFORMED_SIGNATURE,
    /** The signature scheme or hash is not accepted, or does not fit the attestation key. */
    WRONG_SIGNATURE_SCHEME,
    /** The signature does not verify with the device's bound attestation key. */
    BAD_SIGNATURE,
    /** The quote's nonce was never issued (or was issued to another device). */
    NONCE_UNKNOWN,
    /** The quote's nonce was already used: a replayed quote. */
    NONCE_REPLAYED,
    /** The quote's nonce expired before the evidence arrived. */
    NONCE_EXPIRED,
    /** The quote does not select every PCR the reference values name (SHA-256 bank). */
    PCR_SELECTION_INCOMPLETE,
    /** The reported PCR values do not hash to the quote's pcrDigest, or do not fit the selection. */
    PCR_DIGEST_MISMATCH,
    /** The PCR values are those of a revoked (older) firmware. */
    FIRMWARE_REVOKED,
    /** The PCR values (or EAT software claims) match no known firmware for this device. */
    FIRMWARE_MISMATCH,
    /** The measured-boot event log cannot be parsed. */
    EVENT_LOG_MALFORMED,
    /** The measured-boot event log does not replay to the quoted PCR values. */
    EVENT_LOG_MISMATCH,
    /** The attestation key is not bound to the enrolled device identity. */
    AK_NOT_BOUND,
    /** The attestation key's public area is malformed or not a restricted signing key. */
    AK_INVALID,
    /** The credential-activation answer was wrong or late. */
    ACTIVATION_FAILED,
    /** The EAT token is malformed, wrongly signed, stale or lacks required claims. */
    EAT_INVALID
}
