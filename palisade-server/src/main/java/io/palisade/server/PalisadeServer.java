package io.palisade.server;

import io.javalin.Javalin;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.palisade.cli.ServerFiles;
import io.palisade.conformity.assess.Assessor;
import io.palisade.core.audit.AuditAction;
import io.palisade.core.audit.AuditLog;
import io.palisade.core.auth.ApiToken;
import io.palisade.core.auth.Secrets;
import io.palisade.core.device.DeviceId;
import io.palisade.core.registry.DeviceRegistry;
import io.palisade.core.registry.EnrollmentService;
import io.palisade.core.event.DomainEvent;
import io.palisade.core.event.EventBus;
import io.palisade.core.event.InProcessEventBus;
import io.palisade.core.store.Store;
import io.palisade.detect.alert.AlertService;
import io.palisade.detect.alert.Severity;
import io.palisade.detect.alert.Signal;
import io.palisade.detect.audit.AuditChecks;
import io.palisade.detect.audit.AuditSettings;
import io.palisade.detect.behaviour.DetectionEngine;
import io.palisade.detect.behaviour.DetectionSettings;
import io.palisade.detect.incident.IncidentService;
import io.palisade.detect.response.ActionType;
import io.palisade.detect.response.ResponseEngine;
import io.palisade.detect.response.SyslogNotifier;
import io.palisade.detect.response.WebhookNotifier;
import io.palisade.detect.vpatch.SimpleFirmwareRangeMatcher;
import io.palisade.detect.vpatch.VirtualPatchEngine;
import io.palisade.edge.EdgeBroker;
import io.palisade.edge.EdgeConfig;
import io.palisade.mud.policy.DnsCache;
import io.palisade.pki.CaUrls;
import io.palisade.pki.CertificateAuthority;
import io.palisade.pki.KeyPairs;
import io.palisade.server.audit.AuditLogRoutes;
import io.palisade.server.audit.AuditRunRoutes;
import io.palisade.server.audit.AuditRunService;
import io.palisade.server.audit.LiveFleetSnapshot;
import io.palisade.server.config.PlatformContext;
import io.palisade.server.config.ServerConfig;
import io.palisade.server.conformity.ConformityRoutes;
import io.palisade.server.conformity.ConformityService;
import io.palisade.server.conformity.LivePlatformFacts;
import io.palisade.server.detect.AlertRoutes;
import io.palisade.server.detect.CloudSampler;
import io.palisade.server.detect.CommandRoutes;
import io.palisade.server.detect.DetectionRoutes;
import io.palisade.server.detect.DetectionService;
import io.palisade.server.detect.DeviceDirectory;
import io.palisade.server.detect.PlatformResponseActions;
import io.palisade.server.detect.QuietSignals;
import io.palisade.server.detect.RecordActionLog;
import io.palisade.server.detect.RecordAlertRepository;
import io.palisade.server.detect.VirtualPatchRoutes;
import io.palisade.server.detect.VirtualPatches;
import io.palisade.server.fleet.BootEvents;
import io.palisade.server.fleet.DeviceMessages;
import io.palisade.server.fleet.DeviceRoutes;
import io.palisade.server.fleet.EstRoutes;
import io.palisade.server.fleet.ManufacturerRoutes;
import io.palisade.server.fleet.ModelRoutes;
import io.palisade.server.fleet.PkiRoutes;
import io.palisade.server.fleet.PkixCertificatePaths;
import io.palisade.server.fleet.TelemetryRoutes;
import io.palisade.server.http.ApiAuthenticator;
import io.palisade.server.http.ApiServer;
import io.palisade.server.http.Json;
import io.palisade.server.http.PlatformRoutes;
import io.palisade.server.http.RouteModule;
import io.palisade.server.mud.MudRoutes;
import io.palisade.server.mud.MudService;
import io.palisade.server.support.CryptoProviders;
import io.palisade.server.support.Files2;
import io.palisade.server.support.TlsContexts;
import io.palisade.server.update.FirmwareCatalog;
import io.palisade.server.update.FirmwareRoutes;
import io.palisade.server.update.Groups;
import io.palisade.server.update.RolloutRoutes;
import io.palisade.server.update.RolloutService;
import io.palisade.server.update.UpdateRepository;
import io.palisade.server.vuln.AdvisoryStore;
import io.palisade.server.vuln.DisclosureConfig;
import io.palisade.server.vuln.RecordCaseStore;
import io.palisade.server.vuln.SbomStore;
import io.palisade.server.vuln.VulnRoutes;
import io.palisade.server.vuln.VulnService;
import io.palisade.store.JdbcStore;
import io.palisade.store.TelemetryJournal;
import io.palisade.vuln.ingest.AdvisoryIngestor;
import io.palisade.vuln.validate.Validator;
import io.palisade.wire.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds the store, CA, registry, edge broker and API from a {@link ServerConfig}, and
 * nothing else builds them.
 */
public final class PalisadeServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PalisadeServer.class);
    public static final String ADMIN_TOKEN_FILE = ServerFiles.ADMIN_TOKEN_FILE;
    public static final String SERVER_JSON = ServerFiles.SERVER_JSON;

    private final ServerConfig config;
    private final Store store;
    private final CertificateAuthority ca;
    private final DeviceRegistry registry;
    private final EventBus events;
    private final EdgeBroker edge;
    private final Javalin api;
    private final int httpsPort;
    private final int httpPort;
    private final PrometheusMeterRegistry meters;
    /** Everything to close, in opening order (closed in reverse). */
    private final List<AutoCloseable> resources;

    private PalisadeServer(ServerConfig config, Store store, CertificateAuthority ca, DeviceRegistry registry, EventBus events,
            EdgeBroker edge, List<AutoCloseable> resources, Javalin api, int httpsPort, int httpPort, PrometheusMeterRegistry meters) {
        this.resources = List.copyOf(resources);
        this.config = config;
        this.store = store;
        this.ca = ca;
        this.registry = registry;
        this.events = events;
        this.edge = edge;
        this.api = api;
        this.httpsPort = httpsPort;
        this.httpPort = httpPort;
        this.meters = meters;
    }

    public static PalisadeServer start(ServerConfig cfg) {
        Clock clock = Clock.systemUTC();
        Path data = Files2.privateDir(cfg.dataDir().toAbsolutePath().normalize());
        String provider = CryptoProviders.install(cfg.secrets().accp());
        Ports ports = new Ports(cfg.httpsPort() == 0 ? freePort() : cfg.httpsPort(), cfg.httpPort() == 0 ? freePort() : cfg.httpPort(),
                cfg.mqttPort() == 0 ? freePort() : cfg.mqttPort());
        Store store = cfg.dbUrl() == null ? embeddedStore(data) : JdbcStore.postgres(cfg.dbUrl(), cfg.dbUser(), cfg.secrets().dbPassword());
        LOG.info("store: {}", store.describe());
        List<AutoCloseable> opened = new ArrayList<>();
        opened.add(store);
        try {
            char[] passphrase = caPassphrase(cfg.secrets(), data, cfg.production());
            CertificateAuthority ca = certificateAuthority(cfg, data, ports, passphrase, store, clock);
            EventBus events = new InProcessEventBus();
            DeviceRegistry registry = new DeviceRegistry(store, ca, events, clock, Duration.ofMinutes(5));
            ensureAdminToken(store, data, clock);
            ServerTls tls = serverTls(cfg, ca);
            PrometheusMeterRegistry meters = meters();
            opened.add(meters::close);
            ScheduledExecutorService scheduler = daemonScheduler("palisade-scheduler");
            opened.add(scheduler::shutdownNow);
            ThreadPoolExecutor background = backgroundWorkers();
            opened.add(background::shutdownNow);

            Detection detection = detection(store, registry, cfg.secrets(), clock);
            opened.add(detection.closeables());
            TelemetryJournal journal = TelemetryJournal.open(data.resolve("journal"), store.telemetry());
            opened.add(journal);
            DeviceMessages messages = new DeviceMessages(journal::store);
            EdgeBroker edge = EdgeBroker.start(edgeConfig(cfg, data, ports, tls, ca), new EdgeDeviceGate(registry, detection.vpatches()),
                    messages, events, meters);
            opened.add(edge);

            FirmwareCatalog firmware = new FirmwareCatalog(store);
            UpdateRepository updates = new UpdateRepository(data.resolve("tuf"), passphrase, store, clock);
            RolloutService rollouts = rollouts(store, registry, edge, firmware, detection.service(), clock);
            opened.add(rollouts);
            routeDeviceMessages(messages, events, background, registry, rollouts, detection, opened);
            schedule(scheduler, new CloudSampler(detection.service()), edge, updates, clock);

            List<RouteModule> routes = new ArrayList<>();
            routes.add(new PlatformRoutes(meters));
            routes.addAll(fleetRoutes(store, registry, ca, edge, clock));
            routes.add(new AuditLogRoutes(store));
            routes.add(new RolloutRoutes(rollouts, store));
            routes.add(new FirmwareRoutes(updates, firmware, registry, ca));
            routes.addAll(detection.routes());
            routes.add(new CommandRoutes(registry, store, edge, detection.vpatches()));
            MudService mud = new MudService(store, registry, cfg.production(), detection.service()::raiseQuietly,
                    detection.vpatches()::gatewayDenies, () -> platformEndpoints(cfg.publicHost(), ports.https(), edge.port()),
                    new DnsCache(clock), clock);
            routes.add(new MudRoutes(mud));
            PlatformContext platform = new PlatformContext(cfg, data, store, registry, ca, detection.service()::raiseQuietly,
                    updates::status, listeners(cfg, ports, edge), id -> edge.metrics(DeviceId.of(id)).map(m -> m.lastSeen()), clock);
            routes.addAll(evidence(platform, scheduler));

            Javalin api = ApiServer.create(new ApiAuthenticator(store, clock, meters.counter("palisade.api.auth.failures")), routes,
                    connectors(cfg, ports, TlsContexts.httpsServer(tls.key(), tls.chain())));
            api.start();
            opened.add(api::stop);
            PalisadeServer s = new PalisadeServer(cfg, store, ca, registry, events, edge, opened, api, ports.https(), ports.http(), meters);
            s.writeServerJson(data, ports.mqtt(), provider);
            LOG.info("Palisade is up: HTTPS API https://{}:{} | local HTTP http://127.0.0.1:{} | MQTT over mutual TLS {}:{} | data {} | crypto {}",
                    cfg.publicHost(), ports.https(), ports.http(), cfg.publicHost(), edge.port(), data, provider);
            return s;
        } catch (RuntimeException e) {
            for (int i = opened.size() - 1; i >= 0; i--) {
                try {
                    opened.get(i).close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    // ---- wiring, one part at a time ------------------------------------------------------------------------------

    /** The listening ports, free ones chosen for those configured as 0. */
    private record Ports(int https, int http, int mqtt) {
    }

    /** The server's TLS key and certificate chain (HTTPS and MQTT), issued by the platform CA at each start. */
    private record ServerTls(PrivateKey key, List<X509Certificate> chain) {
    }

    private static CertificateAuthority certificateAuthority(ServerConfig cfg, Path data, Ports ports, char[] passphrase, Store store, Clock clock) {
        String base = "http://" + urlHost(cfg.publicHost()) + ":" + ports.http();
        CaUrls urls = new CaUrls(base + "/pki/crl", base + "/pki/ocsp");
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(data.resolve("ca"), passphrase, urls, clock);
        if (ca.createdNow()) {
            Instant now = clock.instant();
            store.transaction(r -> AuditLog.append(r.audit(), now, "system", AuditAction.CA_CREATED, "ca:platform",
                    "root=" + ca.rootCertificate().getSubjectX500Principal().getName() + " issuing="
                            + ca.issuingCertificate().getSubjectX500Principal().getName()));
        }
        return ca;
    }

    private static ServerTls serverTls(ServerConfig cfg, CertificateAuthority ca) {
        KeyPair key = KeyPairs.ecP256();
        X509Certificate cert = ca.issueServerCertificate(List.of(cfg.publicHost(), "localhost"), List.of("127.0.0.1", "::1"),
                key.getPublic(), Duration.ofDays(30));
        return new ServerTls(key.getPrivate(), List.of(cert, ca.issuingCertificate()));
    }

    private static PrometheusMeterRegistry meters() {
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(meters);
        new JvmThreadMetrics().bindTo(meters);
        new ProcessorMetrics().bindTo(meters);
        return meters;
    }

    /** The one scheduler for periodic work (metric sampling, repository refresh, evidence clocks, audit checks). */
    private static ScheduledExecutorService daemonScheduler(String name) {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Workers for device reports that must not hold the broker's threads (bounded: a full queue drops with a warning). */
    private static ThreadPoolExecutor backgroundWorkers() {
        return new ThreadPoolExecutor(1, 2, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(10_000), r -> {
            Thread t = new Thread(r, "palisade-background");
            t.setDaemon(true);
            return t;
        }, (r, ex) -> LOG.warn("background queue full: a device report was dropped"));
    }

    /** Detection and response: the alert service, playbooks, incidents, virtual patches and the behaviour engine. */
    private record Detection(DetectionService service, DeviceDirectory directory, VirtualPatches vpatches, List<RouteModule> routes,
            AutoCloseable closeables) {
    }

    private static Detection detection(Store store, DeviceRegistry registry, ServerConfig.Secrets secrets, Clock clock) {
        DeviceDirectory directory = new DeviceDirectory(store, clock);
        AlertService alerts = new AlertService(new RecordAlertRepository(store, clock), clock);
        alerts.addListener((alert, change) -> LOG.warn("alert {} {} [{}] {}: {} ({})", alert.id(), change.name().toLowerCase(Locale.ROOT),
                alert.severity().name().toLowerCase(Locale.ROOT), alert.type(), alert.title(), alert.subject()));
        QuietSignals signals = new QuietSignals(alerts);
        DetectionService service = new DetectionService(store, registry, directory, signals, new DetectionEngine(DetectionSettings.defaults(),
                signals::raise, id -> Groups.list(store).stream().filter(g -> g.devices().contains(id)).map(Groups.Group::name)
                        .collect(Collectors.toUnmodifiableSet())), clock);
        VirtualPatches vpatches = new VirtualPatches(store, registry, directory, new VirtualPatchEngine(new SimpleFirmwareRangeMatcher(), clock), clock);
        RecordActionLog actionLog = new RecordActionLog(store);
        ResponseEngine response = new ResponseEngine(service.playbooks(), new PlatformResponseActions(registry, directory, vpatches), actionLog,
                service::riskOf, clock);
        IncidentService incidents = new IncidentService(alerts, clock, Duration.ofMinutes(30));
        alerts.addListener(response);
        alerts.addListener(incidents);
        alerts.addListener((alert, change) -> vpatches.engine().onAlert(alert));
        response.addActionListener(incidents::onAction);
        List<AutoCloseable> closeables = new ArrayList<>();
        DetectionService.Notifications n = notifications(secrets);
        if (n.webhook() != null) {
            WebhookNotifier w = new WebhookNotifier(n.webhook(), n.webhookSecret(), clock, Duration.ofSeconds(5), 1000);
            response.registerNotifier(ActionType.NOTIFY_WEBHOOK, w);
            closeables.add(w);
        }
        if (n.syslog() != null) {
            response.registerNotifier(ActionType.NOTIFY_SYSLOG, new SyslogNotifier(n.syslog(), "palisade", clock));
        }
        List<RouteModule> routes = List.of(new AlertRoutes(alerts, incidents, response, actionLog), new DetectionRoutes(service),
                new VirtualPatchRoutes(vpatches));
        return new Detection(service, directory, vpatches, routes, () -> {
            for (AutoCloseable c : closeables) {
                c.close();
            }
        });
    }

    private static EdgeConfig edgeConfig(ServerConfig cfg, Path data, Ports ports, ServerTls tls, CertificateAuthority ca) {
        return new EdgeConfig(Files2.privateDir(data.resolve("broker")), cfg.bindAddress(), ports.mqtt(), tls.key(), tls.chain(),
                List.of(ca.rootCertificate(), ca.issuingCertificate()), cfg.maxPacketBytes(), cfg.maxMessagesPerSecond(),
                (int) Math.min(1_000_000L, Math.max(10L, cfg.maxMessagesPerSecond() * 2L)));
    }

    private static RolloutService rollouts(Store store, DeviceRegistry registry, EdgeBroker edge, FirmwareCatalog firmware,
            DetectionService detection, Clock clock) {
        return new RolloutService(store, registry, (d, kind, json) -> edge.publishCommand(d, kind, json), firmware,
                (r, stats) -> detection.raiseQuietly(new Signal("update.rollout-paused", "rollout:" + r.id(), r.model(), Severity.HIGH,
                        "rollout " + r.id() + " paused automatically", r.reason(), Map.of("rollout", r.id(), "wave", r.wave() + 1,
                        "failed", stats.failed(), "devices", stats.devices()), clock.instant())), clock, Duration.ofSeconds(1));
    }

    /** Accepted device messages, after the journal: to the capability that follows each channel; domain events likewise. */
    private static void routeDeviceMessages(DeviceMessages messages, EventBus events, ThreadPoolExecutor background, DeviceRegistry registry,
            RolloutService rollouts, Detection detection, List<AutoCloseable> opened) {
        messages.on(Topics.UPDATE, rec -> rollouts.report(rec.deviceId(), rec.payload()));
        messages.on(Topics.EVENTS, rec -> background.execute(() -> BootEvents.apply(registry, rec)));
        messages.on(Topics.METRICS, rec -> background.execute(() -> detection.service().onMetricsReport(rec)));
        opened.add(events.subscribe(DomainEvent.SecurityEvent.class, e -> background.execute(() -> detection.service().onSecurityEvent(e))));
        opened.add(events.subscribe(DomainEvent.FirmwareReported.class, e -> detection.vpatches().onFirmware(e.deviceId().value(), e.model(), e.to())));
        opened.add(events.subscribe(DomainEvent.DeviceStateChanged.class, e -> detection.directory().invalidate(e.deviceId().value())));
    }

    private static void schedule(ScheduledExecutorService scheduler, CloudSampler sampler, EdgeBroker edge, UpdateRepository updates, Clock clock) {
        scheduler.scheduleWithFixedDelay(() -> guarded("cloud-side metric sampling", () -> sampler.sample(edge.allMetrics(), clock.instant())),
                10, 10, TimeUnit.SECONDS);
        scheduler.scheduleWithFixedDelay(() -> guarded("update repository timestamp refresh", updates::refresh), 1, 60, TimeUnit.MINUTES);
    }

    private static List<RouteModule> fleetRoutes(Store store, DeviceRegistry registry, CertificateAuthority ca, EdgeBroker edge, Clock clock) {
        return List.of(new ModelRoutes(registry), new DeviceRoutes(registry, ca), new TelemetryRoutes(registry, store, id -> edge.metrics(id)),
                new ManufacturerRoutes(registry, ca), new EstRoutes(registry, new EnrollmentService(registry, new PkixCertificatePaths()), ca), new PkiRoutes(store, ca, clock));
    }

    private static List<PlatformContext.Listener> listeners(ServerConfig cfg, Ports ports, EdgeBroker edge) {
        return List.of(new PlatformContext.Listener("https-api", "https", ports.https(), true, false, cfg.bindAddress()),
                new PlatformContext.Listener("local-http", "http", ports.http(), false, false, "127.0.0.1"),
                new PlatformContext.Listener("mqtt", "mqtts", edge.port(), true, true, cfg.bindAddress()));
    }

    /** How often the case clocks and support periods are checked. */
    static final long CLOCK_PERIOD_SECONDS = 60;
    /** How often the audit checks run. */
    static final long AUDIT_PERIOD_SECONDS = 3600;

    /**
     * The capabilities that read the live platform as evidence: vulnerability handling, conformity assessment and
     * audit checks, with their periodic work (case clocks and end of life every minute, audit checks every hour).
     */
    private static List<RouteModule> evidence(PlatformContext ctx, ScheduledExecutorService scheduler) {
        Validator validator = new Validator();
        DisclosureConfig disclosure = new DisclosureConfig(ctx.dataDir(), ctx.registry());
        RecordCaseStore cases = new RecordCaseStore(ctx.store(), ctx.clock());
        AdvisoryStore advisories = new AdvisoryStore(ctx.store(), new AdvisoryIngestor(validator), ctx.clock());
        SbomStore sboms = new SbomStore(ctx.store(), ctx.registry(), validator, ctx.clock());
        VulnService vuln = new VulnService(ctx.store(), ctx.registry(), advisories, sboms, cases, ctx.signals(), ctx.clock(),
                ctx.config().publicHost());
        AuditRunService audit = new AuditRunService(new AuditChecks(AuditSettings.defaults(), new SimpleFirmwareRangeMatcher()),
                () -> new LiveFleetSnapshot(ctx, vuln), ctx.registry(), ctx.store(), ctx.signals(), ctx.clock());
        ConformityService conformity = new ConformityService(ctx.registry(), ctx.store(), Assessor.withDefaults(),
                () -> new LivePlatformFacts(ctx, disclosure, cases, vuln), ctx.clock());
        scheduler.scheduleWithFixedDelay(() -> guarded("case clocks and end of life", () -> {
            vuln.checkClocks();
            vuln.endOfLife(Period.ofMonths(6), true);
        }), 5, CLOCK_PERIOD_SECONDS, TimeUnit.SECONDS);
        scheduler.scheduleWithFixedDelay(() -> guarded("audit checks", () -> audit.run("system")), 60, AUDIT_PERIOD_SECONDS, TimeUnit.SECONDS);
        return List.of(new VulnRoutes(ctx.store(), disclosure, cases, advisories, sboms, vuln, ctx.clock()), new ConformityRoutes(conformity),
                new AuditRunRoutes(audit));
    }

    private static ApiServer.Connectors connectors(ServerConfig cfg, Ports ports, SSLContext ssl) {
        return (server, http) -> {
            HttpConfiguration https = new HttpConfiguration(http);
            SecureRequestCustomizer src = new SecureRequestCustomizer();
            src.setSniHostCheck(false);
            https.addCustomizer(src);
            SslContextFactory.Server tls = new SslContextFactory.Server();
            tls.setSslContext(ssl);
            tls.setWantClientAuth(true);
            tls.setIncludeProtocols("TLSv1.3", "TLSv1.2");
            ServerConnector httpsConnector = new ServerConnector(server, new SslConnectionFactory(tls, "http/1.1"), new HttpConnectionFactory(https));
            httpsConnector.setHost(cfg.bindAddress());
            httpsConnector.setPort(ports.https());
            ServerConnector local = new ServerConnector(server, new HttpConnectionFactory(http));
            local.setHost("127.0.0.1");
            local.setPort(ports.http());
            return List.of(httpsConnector, local);
        };
    }

    private static void guarded(String what, Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.warn("periodic {} failed: {}", what, e.toString());
        }
    }

    private void writeServerJson(Path data, int mqttPort, String provider) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("apiUrl", "http://127.0.0.1:" + httpPort);
        m.put("httpsUrl", "https://" + urlHost(config.publicHost()) + ":" + httpsPort);
        m.put("estUrl", "https://" + urlHost(config.publicHost()) + ":" + httpsPort + "/.well-known/est/");
        m.put("mqttHost", config.publicHost());
        m.put("mqttPort", edge.port());
        m.put("crlUrl", "http://" + urlHost(config.publicHost()) + ":" + httpPort + "/pki/crl");
        m.put("ocspUrl", "http://" + urlHost(config.publicHost()) + ":" + httpPort + "/pki/ocsp");
        m.put("adminTokenFile", data.resolve(ADMIN_TOKEN_FILE).toString());
        m.put("pid", ProcessHandle.current().pid());
        m.put("crypto", provider);
        try {
            Files2.writePrivate(data.resolve(SERVER_JSON), Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(m));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String urlHost(String host) {
        return host.contains(":") ? "[" + host + "]" : host;
    }

    /**
     * The passphrase that encrypts the CA keys at rest: from PALISADE_CA_PASSPHRASE when set, otherwise generated
     * once into data/secrets/ca.passphrase (0600). Production mode refuses to keep the passphrase next to the keys.
     */
    private static char[] caPassphrase(ServerConfig.Secrets secrets, Path data, boolean production) {
        String env = secrets.caPassphrase();
        if (env != null && !env.isEmpty()) {
            if (env.length() < 16) {
                throw new IllegalStateException("PALISADE_CA_PASSPHRASE must be at least 16 characters");
            }
            return env.toCharArray();
        }
        if (production) {
            throw new IllegalStateException("production mode: set PALISADE_CA_PASSPHRASE (at least 16 characters, from your secrets manager);"
                    + " the CA key passphrase is never stored next to the keys in production");
        }
        Path f = Files2.privateDir(data.resolve("secrets")).resolve("ca.passphrase");
        try {
            if (!Files.exists(f)) {
                Files2.createPrivate(f, Secrets.newSecret());
                LOG.info("generated the CA key passphrase in {} (0600); for production pass it through PALISADE_CA_PASSPHRASE instead", f);
            }
            return Files.readString(f, StandardCharsets.UTF_8).trim().toCharArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f, e);
        }
    }

    /** The file holding the embedded database's password (generated per install, 0600). */
    public static final String DB_PASSWORD_FILE = "secrets/db.password";

    /**
     * The embedded H2 store. A new install gets its own database user and a random password (no default
     * credentials); a data directory created before that keeps H2's default user and says so in the log and in
     * the conformity evidence.
     */
    private static Store embeddedStore(Path data) {
        Path db = Files2.privateDir(data.resolve("db"));
        Files2.privateDir(data.resolve("secrets"));
        Path pw = data.resolve(DB_PASSWORD_FILE);
        try {
            if (!Files.exists(pw)) {
                if (Files.exists(db.resolve("palisade.mv.db"))) {
                    LOG.warn("the embedded database in {} was created with H2's default user and no password; move the data to a new"
                            + " data directory (or PostgreSQL) to get a per-install password", db);
                    return JdbcStore.h2(db);
                }
                Files2.createPrivate(pw, Secrets.newSecret());
            }
            return JdbcStore.h2(db, "palisade", Files.readString(pw, StandardCharsets.UTF_8).trim());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + pw, e);
        }
    }

    /** First start: creates the admin API token, stores its hash and writes the secret once to data/admin.token (0600). */
    private static void ensureAdminToken(Store store, Path data, Clock clock) {
        boolean exists = store.read(r -> !r.apiTokens().list().isEmpty());
        if (exists) {
            return;
        }
        String secret = Secrets.newSecret();
        Path f = data.resolve(ADMIN_TOKEN_FILE);
        Instant now = clock.instant();
        Files2.writePrivate(f, secret + "\n");
        store.transaction(r -> {
            r.apiTokens().insert(new ApiToken("admin", Secrets.hash(secret), "admin", now, null));
            AuditLog.append(r.audit(), now, "system", AuditAction.ADMIN_TOKEN_CREATED, "api-token:admin", "written to " + f);
            return null;
        });
        LOG.info("created the admin API token; its secret is in {} (0600) and is not stored anywhere else", f);
    }

    /** Webhook and syslog targets of playbook notifications, from the environment (the HMAC secret is never stored). */
    private static DetectionService.Notifications notifications(ServerConfig.Secrets secrets) {
        String url = secrets.webhookUrl();
        String secret = secrets.webhookSecret();
        String syslog = secrets.syslog();
        URI webhook = null;
        if (url != null && !url.isBlank()) {
            if (secret == null || secret.length() < 16) {
                throw new IllegalStateException("PALISADE_WEBHOOK_URL needs PALISADE_WEBHOOK_SECRET (at least 16 characters) to sign notifications");
            }
            webhook = URI.create(url);
        }
        java.net.InetSocketAddress sys = null;
        if (syslog != null && !syslog.isBlank()) {
            int colon = syslog.lastIndexOf(':');
            sys = new java.net.InetSocketAddress(colon < 0 ? syslog : syslog.substring(0, colon), colon < 0 ? 514 : Integer.parseInt(syslog.substring(colon + 1)));
        }
        return new DetectionService.Notifications(webhook, secret == null ? null : secret.getBytes(StandardCharsets.UTF_8), sys);
    }

    /** Where a quarantined device may still go: the platform's MQTT and HTTPS endpoints (updates, attestation). */
    static List<io.palisade.mud.policy.QuarantinePolicy.Endpoint> platformEndpoints(String host, int https, int mqtt) {
        List<io.palisade.mud.policy.QuarantinePolicy.Endpoint> out = new ArrayList<>();
        try {
            for (java.net.InetAddress a : java.net.InetAddress.getAllByName(host)) {
                io.palisade.mud.net.IpAddress.parse(a.getHostAddress()).ifPresent(ip -> {
                    out.add(io.palisade.mud.policy.QuarantinePolicy.Endpoint.tcp("palisade-mqtt", ip, mqtt));
                    out.add(io.palisade.mud.policy.QuarantinePolicy.Endpoint.tcp("palisade-https", ip, https));
                });
            }
        } catch (java.net.UnknownHostException e) {
            LOG.warn("cannot resolve {} for the quarantine policy: quarantined devices reach no platform endpoint", host);
        }
        return out;
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ServerConfig config() {
        return config;
    }

    public DeviceRegistry registry() {
        return registry;
    }

    public CertificateAuthority ca() {
        return ca;
    }

    public Store store() {
        return store;
    }

    public EventBus events() {
        return events;
    }

    public EdgeBroker edge() {
        return edge;
    }

    public int httpsPort() {
        return httpsPort;
    }

    public int httpPort() {
        return httpPort;
    }

    public int mqttPort() {
        return edge.port();
    }

    public Path dataDir() {
        return config.dataDir().toAbsolutePath().normalize();
    }

    @Override
    public void close() {
        RuntimeException failure = null;
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("closing Palisade failed", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        LOG.info("Palisade stopped");
        if (failure != null) {
            throw failure;
        }
    }
}
