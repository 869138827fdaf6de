package io.palisade.server.audit;

import io.palisade.core.audit.AuditAction;
import io.palisade.core.audit.AuditLog;
import io.palisade.core.registry.DeviceRegistry;
import io.palisade.core.store.Store;
import io.palisade.detect.alert.Signal;
import io.palisade.detect.audit.AuditChecks;
import io.palisade.detect.audit.FleetSnapshot;
import io.palisade.detect.audit.Finding;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the audit checks over a fresh fleet snapshot; every finding raises a signal and the run is audited. */
public final class AuditRunService {
    private static final Logger LOG = LoggerFactory.getLogger(AuditRunService.class);

    /** The result of one run. */
    public record Run(Instant ranAt, int findings, List<Finding> results) {
    }

    private final AuditChecks checks;
    private final Supplier<FleetSnapshot> snapshots;
    private final DeviceRegistry registry;
    private final Store store;
    private final Consumer<Signal> signals;
    private final Clock clock;

    /** @param snapshots a new snapshot of the live fleet for each run (a snapshot caches what it read) */
    public AuditRunService(AuditChecks checks, Supplier<FleetSnapshot> snapshots, DeviceRegistry registry, Store store,
            Consumer<Signal> signals, Clock clock) {
        this.checks = checks;
        this.snapshots = snapshots;
        this.registry = registry;
        this.store = store;
        this.signals = signals;
        this.clock = clock;
    }

    /** Runs every check and raises each finding as an {@code audit.<check>} signal. */
    public synchronized Run run(String actor) {
        Instant now = clock.instant();
        List<Finding> findings = checks.run(snapshots.get(), clock);
        Set<String> models = new HashSet<>();
        registry.models().forEach(m -> models.add(m.name()));
        for (Finding f : findings) {
            Object evModel = f.evidence().get("model");
            String model = evModel instanceof String s && models.contains(s) ? s : models.contains(f.subject()) ? f.subject() : null;
            try {
                signals.accept(f.toSignal(model, now));
            } catch (RuntimeException e) {
                LOG.warn("could not raise audit finding {}: {}", f.id(), e.toString());
            }
        }
        store.transaction(r -> AuditLog.append(r.audit(), now, actor, AuditAction.CONFORMITY, "audit-checks",
                "audit checks run: " + findings.size() + " finding(s)"));
        return new Run(now, findings.size(), findings);
    }
}
