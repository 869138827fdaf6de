package io.palisade.server.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.palisade.core.device.DeviceId;
import io.palisade.core.registry.DeviceRegistry;
import io.palisade.core.store.Store;
import io.palisade.core.telemetry.TelemetryRecord;
import io.palisade.server.http.Json;
import io.palisade.server.http.Params;
import io.palisade.server.http.RouteModule;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** /api/v1/devices/{id}/telemetry and /metrics: what a device sent, and what the edge counted about it. */
public final class TelemetryRoutes implements RouteModule {
    private final DeviceRegistry registry;
    private final Store store;
    private final Function<DeviceId, Optional<?>> metrics;

    /** @param metrics a device's edge metrics (any JSON-able value), empty when the edge has not seen it */
    public TelemetryRoutes(DeviceRegistry registry, Store store, Function<DeviceId, Optional<?>> metrics) {
        this.registry = registry;
        this.store = store;
        this.metrics = metrics;
    }

    @Override
    public void register(Javalin app) {
        app.get("/api/v1/devices/{id}/telemetry", this::telemetry);
        app.get("/api/v1/devices/{id}/metrics", ctx -> {
            DeviceId id = Params.deviceId(ctx);
            registry.device(id);
            Optional<?> m = metrics.apply(id);
            ctx.json(m.isPresent() ? m.get() : Map.of("deviceId", id.value(), "messagesIn", 0, "connects", 0, "connected", false));
        });
    }

    private void telemetry(Context ctx) {
        DeviceId id = Params.deviceId(ctx);
        registry.device(id);
        Instant now = registry.clock().instant();
        Instant from = Params.instantParam(ctx, "from", now.minus(Duration.ofHours(1)));
        Instant to = Params.instantParam(ctx, "to", now.plusSeconds(1));
        int limit = (int) Params.longParam(ctx, "limit", 1000, 1, 10000);
        List<TelemetryRecord> recs = store.telemetry().query(id, from, to, limit);
        ctx.json(recs.stream().map(TelemetryRoutes::view).toList());
    }

    private static Dto.TelemetryView view(TelemetryRecord t) {
        JsonNode payload;
        try {
            payload = Json.MAPPER.readTree(t.payload());
        } catch (IOException e) {
            payload = TextNode.valueOf(t.payload());
        }
        return new Dto.TelemetryView(t.id(), t.deviceId().value(), t.receivedAt(), t.channel(), payload);
    }
}
