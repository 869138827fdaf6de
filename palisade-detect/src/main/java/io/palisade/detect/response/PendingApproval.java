package io.palisade.detect.response;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** Destructive actions waiting for a human decision. */
public record PendingApproval(String id, String alertId, String alertType, String subject,
        List<PlaybookEntry.Action> actions, String reason, Instant createdAt, State state, String decidedBy,
        Instant decidedAt, String note) {
    public enum State { PENDING, APPROVED, REJECTED }

    public PendingApproval {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(state, "state");
        actions = List.copyOf(actions);
    }

    PendingApproval decided(State s, String by, Instant at, String why) {
        return new PendingApproval(id, alertId, alertType, subject, actions, reason, createdAt, s, by, at, why);
    }
}
