package io.palisade.vuln.disclosure;

import io.palisade.core.PalisadeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * CRA Art. 14(2) reporting clock for an actively exploited vulnerability: early warning within 24 hours of
 * becoming aware, vulnerability notification within 72 hours, final report within 14 days after a corrective or
 * mitigating measure is available. Each step is done when its {@code *SentAt} is set.
 */
public record CraClock(Instant awareAt, Instant earlyWarningSentAt, Instant notificationSentAt, Instant fixAvailableAt,
        Instant finalReportSentAt) {
    public static final Duration EARLY_WARNING = Duration.ofHours(24);
    public static final Duration NOTIFICATION = Duration.ofHours(72);
    public static final Duration FINAL_REPORT = Duration.ofDays(14);

    public enum Step {
        EARLY_WARNING, NOTIFICATION, FINAL_REPORT
    }

    /** A step with its due time (empty for the final report until a fix is available) and when it was sent. */
    public record StepStatus(Step step, Instant due, Instant sentAt) {
    }

    public CraClock {
        Objects.requireNonNull(awareAt, "awareAt");
    }

    public static CraClock start(Instant awareAt) {
        return new CraClock(awareAt, null, null, null, null);
    }

    public Instant earlyWarningDue() {
        return awareAt.plus(EARLY_WARNING);
    }

    public Instant notificationDue() {
        return awareAt.plus(NOTIFICATION);
    }

    public Optional<Instant> finalReportDue() {
        return Optional.ofNullable(fixAvailableAt).map(f -> f.plus(FINAL_REPORT));
    }

    public List<StepStatus> steps() {
        return List.of(new StepStatus(Step.EARLY_WARNING, earlyWarningDue(), earlyWarningSentAt),
                new StepStatus(Step.NOTIFICATION, notificationDue(), notificationSentAt),
                new StepStatus(Step.FINAL_REPORT, finalReportDue().orElse(null), finalReportSentAt));
    }

    public CraClock earlyWarningSent(Instant at) {
        return new CraClock(awareAt, after(at, awareAt), notificationSentAt, fixAvailableAt, finalReportSentAt);
    }

    public CraClock notificationSent(Instant at) {
        if (earlyWarningSentAt == null) {
            throw PalisadeException.illegalState("send the CRA early warning before the notification");
        }
        return new CraClock(awareAt, earlyWarningSentAt, after(at, awareAt), fixAvailableAt, finalReportSentAt);
    }

    public CraClock fixAvailable(Instant at) {
        return new CraClock(awareAt, earlyWarningSentAt, notificationSentAt, after(at, awareAt), finalReportSentAt);
    }

    public CraClock finalReportSent(Instant at) {
        if (fixAvailableAt == null || notificationSentAt == null) {
            throw PalisadeException.illegalState("the CRA final report follows the notification and an available fix");
        }
        return new CraClock(awareAt, earlyWarningSentAt, notificationSentAt, fixAvailableAt, after(at, fixAvailableAt));
    }

    private static Instant after(Instant at, Instant floor) {
        Objects.requireNonNull(at, "at");
        if (at.isBefore(floor)) {
            throw PalisadeException.invalid("time " + at + " precedes " + floor);
        }
        return at;
    }

    /** Steps past due and not yet sent. */
    public List<Alert> overdue(String subject, Instant now) {
        List<Alert> out = new ArrayList<>();
        if (earlyWarningSentAt == null && now.isAfter(earlyWarningDue())) {
            out.add(new Alert(Alert.Kind.CRA_EARLY_WARNING_OVERDUE, subject, Step.EARLY_WARNING.name(), earlyWarningDue(),
                    "CRA Art. 14 early warning for " + subject + " was due at " + earlyWarningDue()));
        }
        if (notificationSentAt == null && now.isAfter(notificationDue())) {
            out.add(new Alert(Alert.Kind.CRA_NOTIFICATION_OVERDUE, subject, Step.NOTIFICATION.name(), notificationDue(),
                    "CRA Art. 14 vulnerability notification for " + subject + " was due at " + notificationDue()));
        }
        finalReportDue().ifPresent(due -> {
            if (finalReportSentAt == null && now.isAfter(due)) {
                out.add(new Alert(Alert.Kind.CRA_FINAL_REPORT_OVERDUE, subject, Step.FINAL_REPORT.name(), due,
                        "CRA Art. 14 final report for " + subject + " was due at " + due));
            }
        });
        return out;
    }
}
