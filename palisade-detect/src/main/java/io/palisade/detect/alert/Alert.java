package io.palisade.detect.alert;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A deduplicated alert: every signal with the same dedup key folds into the active (open or acknowledged)
 * alert with that key, raising {@code count}, moving {@code lastSeen}, escalating the severity and keeping the
 * last {@value #MAX_SAMPLES} samples.
 */
public record Alert(String id, String type, String subject, String model, Severity severity, AlertState state,
        String dedupKey, String title, String detail, long count, Instant firstSeen, Instant lastSeen,
        List<Sample> samples, String incidentId, String ackBy, String ackNote, Instant ackAt, String resolvedBy,
        String resolvedNote, Instant resolvedAt) {
    public static final int MAX_SAMPLES = 20;

    /** One triggering observation kept as evidence. */
    public record Sample(Instant at, Severity severity, String detail, Map<String, Object> values) {
        public Sample {
            Objects.requireNonNull(at, "at");
            values = values == null ? Map.of() : values;
        }
    }

    public Alert {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(dedupKey, "dedupKey");
        Objects.requireNonNull(firstSeen, "firstSeen");
        Objects.requireNonNull(lastSeen, "lastSeen");
        samples = samples == null ? List.of() : List.copyOf(samples);
    }

    static Alert open(String id, Signal s) {
        return new Alert(id, s.type(), s.subject(), s.model(), s.severity(), AlertState.OPEN, s.dedupKey(), s.title(),
                s.detail(), 1, s.at(), s.at(), List.of(sampleOf(s)), null, null, null, null, null, null, null);
    }

    private static Sample sampleOf(Signal s) {
        return new Sample(s.at(), s.severity(), s.detail(), s.sample());
    }

    /** This alert with one more occurrence folded in. */
    Alert fold(Signal s) {
        List<Sample> next = new ArrayList<>(samples.size() + 1);
        int skip = Math.max(0, samples.size() + 1 - MAX_SAMPLES);
        next.addAll(samples.subList(skip, samples.size()));
        next.add(sampleOf(s));
        Instant last = s.at().isAfter(lastSeen) ? s.at() : lastSeen;
        Severity sev = Severity.max(severity, s.severity());
        String m = model != null ? model : s.model();
        return new Alert(id, type, subject, m, sev, state, dedupKey, sev != severity ? s.title() : title,
                s.detail(), count + 1, firstSeen, last, next, incidentId, ackBy, ackNote, ackAt, resolvedBy,
                resolvedNote, resolvedAt);
    }

    Alert acknowledged(String actor, String note, Instant at) {
        return new Alert(id, type, subject, model, severity, AlertState.ACKNOWLEDGED, dedupKey, title, detail, count,
                firstSeen, lastSeen, samples, incidentId, actor, note, at, null, null, null);
    }

    Alert resolved(String actor, String note, Instant at) {
        return new Alert(id, type, subject, model, severity, AlertState.RESOLVED, dedupKey, title, detail, count,
                firstSeen, lastSeen, samples, incidentId, ackBy, ackNote, ackAt, actor, note, at);
    }

    Alert withIncident(String incident) {
        return new Alert(id, type, subject, model, severity, state, dedupKey, title, detail, count, firstSeen,
                lastSeen, samples, incident, ackBy, ackNote, ackAt, resolvedBy, resolvedNote, resolvedAt);
    }
}
