package io.palisade.server.detect;

import io.javalin.Javalin;
import io.palisade.server.http.Json;
import io.palisade.server.http.Params;
import io.palisade.server.http.RouteModule;
import java.util.Map;

/** /api/v1/vpatches: virtual patches and their staged application (canary, all devices, held, retired). */
public final class VirtualPatchRoutes implements RouteModule {
    private final VirtualPatches vpatches;

    public VirtualPatchRoutes(VirtualPatches vpatches) {
        this.vpatches = vpatches;
    }

    @Override
    public void register(Javalin app) {
        app.post("/api/v1/vpatches", ctx -> ctx.status(201).json(vpatches.create(Params.actor(ctx), Json.body(ctx, VirtualPatches.PatchRequest.class))));
        app.get("/api/v1/vpatches", ctx -> ctx.json(vpatches.engine().list()));
        app.get("/api/v1/vpatches/{id}", ctx -> ctx.json(Map.of("status", vpatches.engine().status(ctx.pathParam("id")),
                "patch", vpatches.stored(ctx.pathParam("id")).request())));
        app.post("/api/v1/vpatches/{id}/promote", ctx -> ctx.json(vpatches.change(Params.actor(ctx), ctx.pathParam("id"), "promoted to all devices",
                () -> vpatches.engine().promote(ctx.pathParam("id")))));
        app.post("/api/v1/vpatches/{id}/hold", ctx -> ctx.json(vpatches.change(Params.actor(ctx), ctx.pathParam("id"), "held",
                () -> vpatches.engine().hold(ctx.pathParam("id"), "held by " + Params.actor(ctx)))));
        app.post("/api/v1/vpatches/{id}/resume", ctx -> ctx.json(vpatches.change(Params.actor(ctx), ctx.pathParam("id"), "resumed",
                () -> vpatches.engine().resume(ctx.pathParam("id")))));
        app.post("/api/v1/vpatches/{id}/retire", ctx -> ctx.json(vpatches.retire(Params.actor(ctx), ctx.pathParam("id"))));
    }
}
