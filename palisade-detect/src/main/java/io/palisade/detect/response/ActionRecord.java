package io.palisade.detect.response;

import java.time.Instant;
import java.util.Objects;

/**
 * One response action as recorded in the {@link ActionLog}. {@code undoable} says whether
 * {@link ResponseEngine#undo} can reverse it (a quarantine can be released).
 */
public record ActionRecord(String id, String alertId, String alertType, String subject, ActionType type,
        String parameter, Status status, String actor, Instant at, String detail, boolean undoable, String undoneBy,
        Instant undoneAt, String approvalId) {
    public enum Status { EXECUTED, FAILED, SKIPPED, PENDING_APPROVAL, REJECTED, UNDONE }

    public ActionRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(at, "at");
        detail = detail == null ? "" : detail;
    }

    ActionRecord undone(String by, Instant when) {
        return new ActionRecord(id, alertId, alertType, subject, type, parameter, Status.UNDONE, actor, at, detail,
                false, by, when, approvalId);
    }
}
