package io.palisade.server.detect;

import io.palisade.server.http.Params;
import io.palisade.server.http.RouteModule;
import io.javalin.Javalin;
import io.palisade.core.PalisadeException;
import io.palisade.core.audit.AuditAction;
import io.palisade.core.audit.AuditLog;
import io.palisade.core.device.DeviceId;
import io.palisade.core.registry.DeviceRegistry;
import io.palisade.core.store.Store;
import io.palisade.detect.vpatch.Direction;
import io.palisade.detect.vpatch.PatchDecision;
import io.palisade.edge.EdgeBroker;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code POST /api/v1/devices/{id}/commands/{kind}}: an operator or integration sends a command to a device
 * ({@code cmd/<kind>}). Virtual patches see it first: a command matching an active patch for the device's
 * firmware is refused with 403 and the patch id.
 */
public final class CommandRoutes implements RouteModule {
    private final DeviceRegistry registry;
    private final Store store;
    private final EdgeBroker edge;
    private final VirtualPatches vpatches;

    public CommandRoutes(DeviceRegistry registry, Store store, EdgeBroker edge, VirtualPatches vpatches) {
        this.registry = registry;
        this.store = store;
        this.edge = edge;
        this.vpatches = vpatches;
    }

    @Override
    public void register(Javalin app) {
        app.post("/api/v1/devices/{id}/commands/<kind>", ctx -> {
            DeviceId id = DeviceId.of(ctx.pathParam("id"));
            registry.device(id);
            String kind = ctx.pathParam("kind");
            byte[] body = ctx.bodyAsBytes();
            com.fasterxml.jackson.databind.JsonNode parsed;
            try {
                parsed = io.palisade.server.support.Records.MAPPER.readTree(body);
            } catch (java.io.IOException e) {
                throw PalisadeException.invalid("a command payload must be a JSON object");
            }
            String text = new String(body, StandardCharsets.UTF_8);
            if (parsed == null || !parsed.isObject()) {
                throw PalisadeException.invalid("a command payload must be a JSON object");
            }
            PatchDecision d = vpatches.decide(id.value(), Direction.TO_DEVICE, "cmd/" + kind, body);
            if (d instanceof PatchDecision.Deny deny) {
                store.transaction(r -> AuditLog.append(r.audit(), registry.clock().instant(), Params.actor(ctx), AuditAction.VPATCH,
                        "device:" + id, "command cmd/" + kind + " blocked by virtual patch " + deny.patchId()));
                throw PalisadeException.forbidden("blocked by virtual patch " + deny.patchId() + ": " + deny.reason());
            }
            edge.publishCommand(id, kind, text).get(10, TimeUnit.SECONDS);
            ctx.status(202).json(Map.of("device", id.value(), "topic", io.palisade.wire.Topics.command(id.value(), kind), "status", "sent"));
        });
    }
}
