package io.palisade.attest;

/**
 * A TPM quote as a device sends it: {@code attest} (TPMS_ATTEST, as {@code tpm2_quote -m} writes it),
 * {@code signature} (TPMT_SIGNATURE, {@code tpm2_quote -s}), {@code pcrValues} (the SHA-256 values of the selected
 * PCRs concatenated in ascending index order, as {@code tpm2_pcrread -o} writes them) and an optional measured-boot
 * {@code eventLog} ({@link EventLog} JSON lines; null when the device keeps none).
 */
public record QuoteEvidence(String deviceId, byte[] attest, byte[] signature, byte[] pcrValues, byte[] eventLog) {
    public QuoteEvidence {
        if (deviceId == null || attest == null || signature == null || pcrValues == null) {
            throw new IllegalArgumentException("deviceId, attest, signature and pcrValues are required");
        }
    }
}
