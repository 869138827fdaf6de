package io.palisade.vuln.disclosure;

import java.time.Instant;

/** Something overdue or ending that the server turns into an alert / notification. */
public record Alert(Kind kind, String subject, String step, Instant due, String message) {
    public enum Kind {
        CASE_STAGE_OVERDUE, CRA_EARLY_WARNING_OVERDUE, CRA_NOTIFICATION_OVERDUE, CRA_FINAL_REPORT_OVERDUE,
        SUPPORT_ENDED, SUPPORT_ENDING_SOON, SECURITY_TXT
    }
}
