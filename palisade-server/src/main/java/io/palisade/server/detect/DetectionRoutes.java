package io.palisade.server.detect;

import io.javalin.Javalin;
import io.palisade.server.http.RouteModule;

/** /api/v1/playbooks, /security-profiles and /detection/stats: how detection and response are configured. */
public final class DetectionRoutes implements RouteModule {
    private final DetectionService detection;

    public DetectionRoutes(DetectionService detection) {
        this.detection = detection;
    }

    @Override
    public void register(Javalin app) {
        app.get("/api/v1/playbooks", ctx -> ctx.json(detection.playbooks()));
        app.put("/api/v1/playbooks/{profile}", ctx -> ctx.json(detection.setPlaybook(ctx.pathParam("profile"), ctx.bodyAsBytes())));
        app.put("/api/v1/security-profiles/{name}", ctx -> ctx.json(detection.setSecurityProfile(ctx.pathParam("name"), ctx.bodyAsBytes())));
        app.get("/api/v1/security-profiles", ctx -> ctx.json(detection.engine().profiles()));
        app.delete("/api/v1/security-profiles/{name}", ctx -> {
            detection.deleteSecurityProfile(ctx.pathParam("name"));
            ctx.status(204);
        });
        app.get("/api/v1/detection/stats", ctx -> ctx.json(detection.engine().stats()));
    }
}
