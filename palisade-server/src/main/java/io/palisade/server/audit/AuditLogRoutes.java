package io.palisade.server.audit;

import io.javalin.Javalin;
import io.palisade.core.audit.AuditLog;
import io.palisade.core.store.Store;
import io.palisade.server.http.Params;
import io.palisade.server.http.RouteModule;

/** /api/v1/audit: the hash-chained audit log, paged, and its verification. */
public final class AuditLogRoutes implements RouteModule {
    private final Store store;

    public AuditLogRoutes(Store store) {
        this.store = store;
    }

    @Override
    public void register(Javalin app) {
        app.get("/api/v1/audit", ctx -> {
            long after = Params.longParam(ctx, "after", 0, 0, Long.MAX_VALUE);
            int limit = (int) Params.longParam(ctx, "limit", 100, 1, 1000);
            ctx.json(store.read(r -> r.audit().list(after, limit)));
        });
        app.get("/api/v1/audit/verify", ctx -> {
            AuditLog.Verification v = store.read(r -> AuditLog.verify(r.audit()));
            ctx.status(v.intact() ? 200 : 409).json(v);
        });
    }
}
