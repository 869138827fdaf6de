package io.palisade.detect.alert;

/**
 * Filter for listing alerts; every field is optional (null = any). {@code typePrefix} matches the type's
 * beginning (e.g. {@code behaviour.}). {@code limit} is capped at 1000.
 */
public record AlertFilter(AlertState state, Severity minSeverity, String typePrefix, String subject, int limit) {
    public AlertFilter {
        limit = limit <= 0 ? 100 : Math.min(limit, 1000);
    }

    public static AlertFilter all() {
        return new AlertFilter(null, null, null, null, 1000);
    }

    public boolean matches(Alert a) {
        return (state == null || a.state() == state)
                && (minSeverity == null || a.severity().atLeast(minSeverity))
                && (typePrefix == null || a.type().startsWith(typePrefix))
                && (subject == null || a.subject().equals(subject));
    }
}
