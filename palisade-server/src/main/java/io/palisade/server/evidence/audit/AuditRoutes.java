package io.palisade.server.evidence.audit;

import io.javalin.Javalin;
import io.palisade.core.audit.AuditAction;
import io.palisade.core.audit.AuditLog;
import io.palisade.detect.audit.AuditChecks;
import io.palisade.detect.audit.AuditSettings;
import io.palisade.detect.audit.Finding;
import io.palisade.detect.vpatch.SimpleFirmwareRangeMatcher;
import io.palisade.server.api.ApiServer;
import io.palisade.server.evidence.Capabilities;
import io.palisade.server.evidence.vuln.VulnService;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The audit checks on demand ({@code POST /api/v1/audit-checks/run}) and periodically; every finding raises a signal. */
public final class AuditRoutes implements ApiServer.RouteModule {
    private static final Logger LOG = LoggerFactory.getLogger(AuditRoutes.class);

    /** The result of one run. */
    public record Run(Instant ranAt, int findings, List<Finding> results) {
    }

    private final Capabilities.Context ctx;
    private final VulnService vuln;
    private final AuditChecks checks = new AuditChecks(AuditSettings.defaults(), new SimpleFirmwareRangeMatcher());

    public AuditRoutes(Capabilities.Context ctx, VulnService vuln) {
        this.ctx = ctx;
        this.vuln = vuln;
    }

    @Override
    public void register(Javalin app) {
        app.post("/api/v1/audit-checks/run", c -> c.json(run(ApiServer.actor(c))));
    }

    /** Runs every check and raises each finding as an {@code audit.<check>} signal. */
    public synchronized Run run(String actor) {
        Instant now = ctx.clock().instant();
        List<Finding> findings = checks.run(new LiveFleetSnapshot(ctx, vuln), ctx.clock());
        Set<String> models = new HashSet<>();
        ctx.registry().models().forEach(m -> models.add(m.name()));
        for (Finding f : findings) {
            Object evModel = f.evidence().get("model");
            String model = evModel instanceof String s && models.contains(s) ? s : models.contains(f.subject()) ? f.subject() : null;
            try {
                ctx.signals().accept(f.toSignal(model, now));
            } catch (RuntimeException e) {
                LOG.warn("could not raise audit finding {}: {}", f.id(), e.toString());
            }
        }
        ctx.store().transaction(r -> AuditLog.append(r.audit(), now, actor, AuditAction.CONFORMITY, "audit-checks",
                "audit checks run: " + findings.size() + " finding(s)"));
        return new Run(now, findings.size(), findings);
    }
}
