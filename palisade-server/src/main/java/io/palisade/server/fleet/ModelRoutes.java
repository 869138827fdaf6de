package io.palisade.server.fleet;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.palisade.core.PalisadeException;
import io.palisade.core.auth.Secrets;
import io.palisade.core.registry.DeviceRegistry;
import io.palisade.core.device.RiskProfile;
import io.palisade.edge.EdgeBroker;
import io.palisade.server.http.Json;
import io.palisade.server.http.Params;
import io.palisade.server.http.RouteModule;
import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.Map;

/** /api/v1/models: device models (support period, MUD URL, risk profile) and their telemetry schemas. */
public final class ModelRoutes implements RouteModule {
    private final DeviceRegistry registry;

    public ModelRoutes(DeviceRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void register(Javalin app) {
        app.post("/api/v1/models", this::create);
        app.get("/api/v1/models", ctx -> ctx.json(registry.models().stream().map(Dto.ModelView::of).toList()));
        app.get("/api/v1/models/{name}", ctx -> ctx.json(Dto.ModelView.of(registry.model(ctx.pathParam("name")))));
        app.put("/api/v1/models/{name}/telemetry-schema", ctx -> {
            String schema = ctx.body();
            EdgeBroker.checkTelemetrySchema(schema);
            registry.setTelemetrySchema(Params.actor(ctx), ctx.pathParam("name"), schema);
            ctx.json(Map.of("model", ctx.pathParam("name"), "schemaSha256", Secrets.sha256Hex(schema.getBytes(StandardCharsets.UTF_8)),
                    "note", "devices of this model use the schema from their next connection"));
        });
        app.get("/api/v1/models/{name}/telemetry-schema", ctx -> ctx.contentType("application/schema+json").result(
                registry.telemetrySchema(ctx.pathParam("name")).orElseThrow(() -> PalisadeException.notFound(
                        "model '" + ctx.pathParam("name") + "' has no telemetry schema: set one with 'palisade model schema'"))));
        app.delete("/api/v1/models/{name}/telemetry-schema", ctx -> {
            registry.setTelemetrySchema(Params.actor(ctx), ctx.pathParam("name"), null);
            ctx.status(204);
        });
    }

    private void create(Context ctx) {
        Dto.ModelRequest r = Json.body(ctx, Dto.ModelRequest.class);
        if (r.supportUntil() == null) {
            throw PalisadeException.invalid("field 'supportUntil' (YYYY-MM, the end of the declared support period) is required");
        }
        YearMonth until;
        try {
            until = YearMonth.parse(r.supportUntil());
        } catch (DateTimeParseException e) {
            throw PalisadeException.invalid("supportUntil must be a month like 2031-12");
        }
        RiskProfile p = r.profile() == null ? RiskProfile.CONSUMER : RiskProfile.parse(r.profile());
        ctx.status(201).json(Dto.ModelView.of(registry.createModel(Params.actor(ctx), r.name(), r.manufacturer(), until, r.mudUrl(), p)));
    }
}
