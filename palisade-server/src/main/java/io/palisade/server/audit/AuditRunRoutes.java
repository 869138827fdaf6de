package io.palisade.server.audit;

import io.javalin.Javalin;
import io.palisade.server.http.Params;
import io.palisade.server.http.RouteModule;

/** {@code POST /api/v1/audit-checks/run}: the audit checks on demand. */
public final class AuditRunRoutes implements RouteModule {
    private final AuditRunService audit;

    public AuditRunRoutes(AuditRunService audit) {
        this.audit = audit;
    }

    @Override
    public void register(Javalin app) {
        app.post("/api/v1/audit-checks/run", c -> c.json(audit.run(Params.actor(c))));
    }
}
