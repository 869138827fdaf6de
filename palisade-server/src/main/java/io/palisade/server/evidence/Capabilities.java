package io.palisade.server.evidence;

import io.javalin.Javalin;
import io.palisade.core.device.DeviceRegistry;
import io.palisade.core.store.Store;
import io.palisade.detect.alert.Signal;
import io.palisade.pki.CertificateAuthority;
import io.palisade.server.ServerConfig;
import io.palisade.server.api.ApiServer;
import io.palisade.server.evidence.audit.AuditRoutes;
import io.palisade.server.evidence.conformity.ConformityRoutes;
import io.palisade.server.evidence.vuln.AdvisoryStore;
import io.palisade.server.evidence.vuln.DisclosureConfig;
import io.palisade.server.evidence.vuln.RecordCaseStore;
import io.palisade.server.evidence.vuln.SbomStore;
import io.palisade.server.evidence.vuln.VulnRoutes;
import io.palisade.server.evidence.vuln.VulnService;
import io.palisade.tuf.repo.RepoStatus;
import io.palisade.vuln.advisory.AdvisoryIngestor;
import io.palisade.vuln.validate.Validator;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Period;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The capabilities that read the live platform as evidence: vulnerability handling (disclosure, reports,
 * advisories, SBOMs, exposure, VEX, end-of-life), conformity assessment and audit checks. Built once by the
 * composition root. Periodic work (case clocks and end of life every minute, audit checks every hour) runs while
 * the API server runs.
 */
public final class Capabilities {
    private static final Logger LOG = LoggerFactory.getLogger(Capabilities.class);
    /** How often the case clocks and support periods are checked. */
    public static final long CLOCK_PERIOD_SECONDS = 60;
    /** How often the audit checks run. */
    public static final long AUDIT_PERIOD_SECONDS = 3600;

    /**
     * What these capabilities may read and call.
     *
     * @param signals          raises alerts (CRA clocks overdue, end of life, exploited firmware, audit findings)
     * @param updateRepository the update repository's status, empty while it is not initialized
     * @param listeners        the platform's network listeners as they run
     * @param lastSeen         when the broker last saw a device (since this server started), by device id
     */
    public record Context(ServerConfig config, Path dataDir, Store store, DeviceRegistry registry, CertificateAuthority ca,
                          Consumer<Signal> signals, Supplier<Optional<RepoStatus>> updateRepository, List<Listener> listeners,
                          java.util.function.Function<String, Optional<java.time.Instant>> lastSeen, Clock clock) {
    }

    /** A network listener of the running platform. */
    public record Listener(String name, String protocol, int port, boolean tls, boolean clientAuth, String bindAddress) {
    }

    private Capabilities() {
    }

    /** The REST modules of these capabilities (the API server registers them). */
    public static List<ApiServer.RouteModule> modules(Context ctx) {
        Validator validator = new Validator();
        DisclosureConfig disclosure = new DisclosureConfig(ctx.dataDir(), ctx.registry());
        RecordCaseStore cases = new RecordCaseStore(ctx.store(), ctx.clock());
        AdvisoryStore advisories = new AdvisoryStore(ctx.store(), new AdvisoryIngestor(validator), ctx.clock());
        SbomStore sboms = new SbomStore(ctx.store(), ctx.registry(), validator, ctx.clock());
        VulnService vuln = new VulnService(ctx.store(), ctx.registry(), advisories, sboms, cases, ctx.signals(), ctx.clock(),
                ctx.config().publicHost());
        AuditRoutes audit = new AuditRoutes(ctx, vuln);
        return List.of(new VulnRoutes(ctx.store(), disclosure, cases, advisories, sboms, vuln, ctx.clock()),
                new ConformityRoutes(ctx, disclosure, cases, vuln), audit, new Periodic(vuln, audit));
    }

    /** Schedules the periodic checks when the API server starts and stops them when it stops. */
    private static final class Periodic implements ApiServer.RouteModule {
        private final VulnService vuln;
        private final AuditRoutes audit;
        private ScheduledExecutorService timer;

        Periodic(VulnService vuln, AuditRoutes audit) {
            this.vuln = vuln;
            this.audit = audit;
        }

        @Override
        public void register(Javalin app) {
            app.events(e -> {
                e.serverStarted(this::start);
                e.serverStopping(this::stop);
            });
        }

        private synchronized void start() {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "palisade-evidence");
                t.setDaemon(true);
                return t;
            });
            timer.scheduleWithFixedDelay(() -> guarded("case clocks and end of life", () -> {
                vuln.checkClocks();
                vuln.endOfLife(Period.ofMonths(6), true);
            }), 5, CLOCK_PERIOD_SECONDS, TimeUnit.SECONDS);
            timer.scheduleWithFixedDelay(() -> guarded("audit checks", () -> audit.run("system")), 60, AUDIT_PERIOD_SECONDS, TimeUnit.SECONDS);
        }

        private synchronized void stop() {
            if (timer != null) {
                timer.shutdownNow();
                try {
                    timer.awaitTermination(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        private static void guarded(String what, Runnable r) {
            try {
                r.run();
            } catch (RuntimeException e) {
                LOG.warn("periodic {} failed: {}", what, e.toString());
            }
        }
    }
}
