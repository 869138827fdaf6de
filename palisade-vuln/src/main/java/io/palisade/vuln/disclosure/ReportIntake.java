package io.palisade.vuln.disclosure;

import io.palisade.core.ErrorCode;
import io.palisade.core.PalisadeException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Intake of vulnerability reports ({@code POST /api/v1/vulnerability-reports}): rate-limits per source and
 * overall, opens a case in stage RECEIVED (CRA clock started when the reporter says it is actively exploited) and
 * answers with an unguessable tracking id and an acknowledgement. Validation of the report itself is done by
 * {@link VulnerabilityReport}.
 */
public final class ReportIntake {
    private static final char[] ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789".toCharArray();
    private final CaseStore store;
    private final Clock clock;
    private final RateLimiter limiter;
    private final Duration verifyWithin;
    private final Duration statusUpdateEvery;
    private final SecureRandom random = new SecureRandom();

    public ReportIntake(CaseStore store, Clock clock, RateLimiter limiter, Duration verifyWithin, Duration statusUpdateEvery) {
        this.store = store;
        this.clock = clock;
        this.limiter = limiter;
        this.verifyWithin = verifyWithin;
        this.statusUpdateEvery = statusUpdateEvery;
    }

    /**
     * @param sourceKey an opaque key of the submitting client (e.g. HMAC of its address), used only for rate limiting
     * @throws PalisadeException RATE_LIMITED when the source or the service is over its limit
     */
    public Acknowledgement submit(VulnerabilityReport report, String sourceKey) {
        Instant now = clock.instant();
        if (!limiter.tryAcquire(sourceKey, now)) {
            throw new PalisadeException(ErrorCode.RATE_LIMITED, "too many reports; please retry later or use the e-mail contact");
        }
        String id = newTrackingId(now);
        VulnCase c = VulnCase.open(id, report, now, verifyWithin);
        store.save(c);
        return new Acknowledgement(id, now, now.plus(statusUpdateEvery),
                "Thank you. Your report was received as " + id + ". Quote this id in any follow-up.");
    }

    private String newTrackingId(Instant now) {
        for (int attempt = 0; attempt < 5; attempt++) {
            StringBuilder b = new StringBuilder("VR-").append(now.atZone(ZoneOffset.UTC).getYear()).append('-');
            for (int i = 0; i < 10; i++) {
                b.append(ALPHABET[random.nextInt(ALPHABET.length)]);
            }
            if (store.find(b.toString()).isEmpty()) {
                return b.toString();
            }
        }
        throw new PalisadeException(ErrorCode.INTERNAL, "could not allocate a tracking id");
    }
}
