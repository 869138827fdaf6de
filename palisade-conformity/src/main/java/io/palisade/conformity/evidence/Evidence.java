package io.palisade.conformity.evidence;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a collector checked, when, with which values, where it read them and how to re-check.
 * {@code values} keeps insertion order and is bounded (the facts it comes from are aggregated).
 */
public record Evidence(String collector, String check, Instant checkedAt, String source, Map<String, String> values,
        String recheck) {
    public Evidence {
        Objects.requireNonNull(collector, "collector");
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(checkedAt, "checkedAt");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(recheck, "recheck");
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }
}
