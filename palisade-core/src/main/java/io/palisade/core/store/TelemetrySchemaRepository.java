package io.palisade.core.store;

import java.util.Optional;

/** The optional JSON schema that a model's telemetry must satisfy (text, validated by the edge before it is stored). */
public interface TelemetrySchemaRepository {
    /** Sets or replaces the schema of an existing model. */
    void put(String model, String schema, java.time.Instant at);

    Optional<String> find(String model);

    /** @return whether a schema was removed */
    boolean remove(String model);
}
