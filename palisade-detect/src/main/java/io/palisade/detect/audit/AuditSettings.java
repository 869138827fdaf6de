package io.palisade.detect.audit;

import java.time.Duration;

/**
 * Thresholds of the audit checks: certificates expiring within {@code expiryWarning}, older than
 * {@code maxCertificateAge}, RSA below {@code minRsaBits}, EC below {@code minEcBits}; devices silent for
 * {@code silentAfter}; models whose support ends within {@code supportWarningMonths} are warned about.
 */
public record AuditSettings(Duration expiryWarning, Duration maxCertificateAge, int minRsaBits, int minEcBits,
        Duration silentAfter, int supportWarningMonths) {
    public static AuditSettings defaults() {
        return new AuditSettings(Duration.ofDays(30), Duration.ofDays(398), 2048, 256, Duration.ofDays(7), 3);
    }
}
