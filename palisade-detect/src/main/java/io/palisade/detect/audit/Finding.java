package io.palisade.detect.audit;

import io.palisade.detect.alert.Severity;
import io.palisade.detect.alert.Signal;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/** One audit finding; {@code id} is stable ({@code check:subject}) so repeated runs deduplicate. */
public record Finding(String id, String check, Severity severity, String subject, Map<String, Object> evidence,
        String mitigation) {
    public Finding {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(subject, "subject");
        evidence = evidence == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(evidence));
        Objects.requireNonNull(mitigation, "mitigation");
    }

    /** The finding as an alert signal of type {@code audit.<check>}. */
    public Signal toSignal(String model, Instant at) {
        return new Signal("audit." + check, subject, model, severity, check + ": " + subject, mitigation, evidence, at);
    }
}
