package io.palisade.detect.incident;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Related alerts grouped with a timeline of alerts, actions and notes. Jackson-serializable. */
public record Incident(String id, String title, String subject, String model, State state, Instant openedAt,
        Instant updatedAt, List<String> alertIds, List<TimelineEntry> timeline) {
    public enum State { OPEN, CLOSED }

    public enum Kind { ALERT, ACTION, NOTE }

    /** One timeline line; {@code refs} names the alert / action ids it concerns. */
    public record TimelineEntry(Instant at, Kind kind, String text, Map<String, String> refs) {
        public TimelineEntry {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(kind, "kind");
            refs = refs == null ? Map.of() : Map.copyOf(refs);
        }
    }

    public Incident {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(state, "state");
        alertIds = List.copyOf(alertIds);
        timeline = List.copyOf(timeline);
    }
}
