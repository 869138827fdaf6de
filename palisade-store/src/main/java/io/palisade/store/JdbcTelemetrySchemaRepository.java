package io.palisade.store;

import io.palisade.core.PalisadeException;
import io.palisade.core.store.TelemetrySchemaRepository;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** The JDBC {@link TelemetrySchemaRepository} (telemetry schemas per model) of one handle; see {@link JdbcRepositories}. */
final class JdbcTelemetrySchemaRepository extends JdbcRepository implements TelemetrySchemaRepository {
    JdbcTelemetrySchemaRepository(Handle h, boolean writable) {
        super(h, writable);
    }

    @Override
    public void put(String model, String schema, java.time.Instant at) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(schema, "schema");
        requireWritable();
        if (!exists("SELECT 1 FROM device_models WHERE name = :k", "k", model)) {
            throw PalisadeException.notFound("model '" + model + "' does not exist");
        }
        Sql.exec("remove telemetry schema", () -> h.createUpdate("DELETE FROM model_telemetry_schemas WHERE model = :m").bind("m", model).execute());
        Sql.exec("store telemetry schema", () -> h.createUpdate("INSERT INTO model_telemetry_schemas (model, schema_text, updated_at) "
                + "VALUES (:m, :s, :at)").bind("m", model).bind("s", schema).bind("at", Sql.ts(at)).execute());
    }

    @Override
    public Optional<String> find(String model) {
        if (model == null) {
            return Optional.empty();
        }
        return Sql.run("find telemetry schema", () -> h.createQuery("SELECT schema_text FROM model_telemetry_schemas WHERE model = :m")
                .bind("m", model).mapTo(String.class).findOne());
    }

    @Override
    public boolean remove(String model) {
        requireWritable();
        return Sql.run("remove telemetry schema", () -> h.createUpdate("DELETE FROM model_telemetry_schemas WHERE model = :m")
                .bind("m", model).execute()) > 0;
    }
}
