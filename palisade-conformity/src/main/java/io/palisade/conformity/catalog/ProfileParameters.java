package io.palisade.conformity.catalog;

import java.time.Duration;

/**
 * The thresholds a risk profile sets for the collectors.
 *
 * @param maxCertificateLifetimeDays longest allowed device-certificate validity
 * @param updateSigningThreshold     minimum signatures on targets metadata (TUF threshold)
 * @param rootThreshold              minimum signatures on root metadata
 * @param mudRequired                whether every model must declare a valid MUD profile (RFC 8520)
 * @param minSupportMonths           minimum declared support period, from placing on market to end of support
 * @param minMetadataValidityHours   update metadata must stay valid at least this long from now (freshness)
 * @param vulnAcknowledgeDays        a vulnerability report must be acknowledged within this many days
 * @param earlyWarningHours          CRA Art. 14 early-warning clock
 * @param notificationHours          CRA Art. 14 notification clock
 * @param finalReportDays            CRA Art. 14 final-report clock (after a fix is available)
 * @param securityTxtMinValidityDays security.txt must not expire within this many days
 * @param minTlsVersion              lowest TLS version a listener may accept ("TLSv1.2" or "TLSv1.3")
 * @param anomalyDetectionRequired   whether telemetry anomaly detection must be on (else only recommended)
 */
public record ProfileParameters(int maxCertificateLifetimeDays, int updateSigningThreshold, int rootThreshold,
        boolean mudRequired, int minSupportMonths, int minMetadataValidityHours, int vulnAcknowledgeDays,
        int earlyWarningHours, int notificationHours, int finalReportDays, int securityTxtMinValidityDays,
        String minTlsVersion, boolean anomalyDetectionRequired) {
    public ProfileParameters {
        if (maxCertificateLifetimeDays < 1 || updateSigningThreshold < 1 || rootThreshold < 1 || minSupportMonths < 0
                || minMetadataValidityHours < 0 || vulnAcknowledgeDays < 1 || earlyWarningHours < 1
                || notificationHours < 1 || finalReportDays < 1 || securityTxtMinValidityDays < 0) {
            throw new IllegalArgumentException("profile parameters out of range");
        }
        if (!"TLSv1.2".equals(minTlsVersion) && !"TLSv1.3".equals(minTlsVersion)) {
            throw new IllegalArgumentException("minTlsVersion must be TLSv1.2 or TLSv1.3");
        }
    }

    /** The vulnerability-handling clocks, for {@code PlatformFacts.vulnHandling}. */
    public VulnClocks clocks() {
        return new VulnClocks(Duration.ofDays(vulnAcknowledgeDays), Duration.ofHours(earlyWarningHours),
                Duration.ofHours(notificationHours), Duration.ofDays(finalReportDays));
    }

    /** Deadlines measured from receipt (acknowledge, early warning, notification) or from fix availability (final). */
    public record VulnClocks(Duration acknowledge, Duration earlyWarning, Duration notification, Duration finalReport) {
    }
}
