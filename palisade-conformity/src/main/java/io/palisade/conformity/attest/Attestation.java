package io.palisade.conformity.attest;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * A manufacturer's statement for a requirement software cannot observe (secure boot, documentation, secure
 * development). Reports mark verdicts based on it as self-attested. Valid from {@code date} through
 * {@code expires} (inclusive, UTC days).
 *
 * @param claim     IMPLEMENTED, or NOT_APPLICABLE (accepted only for conditional or recommended requirements)
 * @param reference optional link to the supporting document (may be null)
 */
public record Attestation(String requirementId, Claim claim, String owner, String statement, LocalDate date,
        LocalDate expires, String reference) {
    public enum Claim { IMPLEMENTED, NOT_APPLICABLE }

    public Attestation {
        Objects.requireNonNull(requirementId, "requirementId");
        Objects.requireNonNull(claim, "claim");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(statement, "statement");
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(expires, "expires");
        if (expires.isBefore(date)) {
            throw new IllegalArgumentException("attestation for " + requirementId + " expires before its date");
        }
    }

    public boolean expiredAt(Instant now) {
        return LocalDate.ofInstant(now, ZoneOffset.UTC).isAfter(expires);
    }

    public boolean notYetValidAt(Instant now) {
        return LocalDate.ofInstant(now, ZoneOffset.UTC).isBefore(date);
    }
}
