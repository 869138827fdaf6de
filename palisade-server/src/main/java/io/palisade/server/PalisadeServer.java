package io.palisade.server;

import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.palisade.core.audit.AuditAction;
import io.palisade.core.audit.AuditLog;
import io.palisade.core.auth.ApiToken;
import io.palisade.core.auth.Secrets;
import io.palisade.core.device.Access;
import io.palisade.core.device.DeviceId;
import io.palisade.core.device.DeviceRegistry;
import io.palisade.core.event.EventBus;
import io.palisade.core.event.InProcessEventBus;
import io.palisade.core.store.Store;
import io.palisade.edge.DeviceGate;
import io.palisade.edge.EdgeBroker;
import io.palisade.edge.EdgeConfig;
import io.palisade.pki.CaUrls;
import io.palisade.pki.CertificateAuthority;
import io.palisade.pki.KeyPairs;
import io.palisade.server.api.ApiServer;
import io.palisade.server.detect.CloudSampler;
import io.palisade.server.evidence.Capabilities;
import io.palisade.server.mud.MudModule;
import io.palisade.server.detect.CommandRoutes;
import io.palisade.server.detect.DetectionModule;
import io.palisade.server.detect.DeviceDirectory;
import io.palisade.detect.alert.Severity;
import io.palisade.detect.alert.Signal;
import io.palisade.detect.vpatch.Direction;
import io.palisade.detect.vpatch.PatchDecision;
import io.palisade.detect.vpatch.SimpleFirmwareRangeMatcher;
import io.palisade.core.event.DomainEvent;
import java.net.URI;
import io.palisade.server.update.FirmwareCatalog;
import io.palisade.server.update.FirmwareRoutes;
import io.palisade.server.update.UpdateRepository;
import io.palisade.server.update.RolloutRoutes;
import io.palisade.server.update.RolloutService;
import io.palisade.server.api.Json;
import io.palisade.store.JdbcStore;
import io.palisade.store.TelemetryJournal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    public static final String ADMIN_TOKEN_FILE = "admin.token";
    public static final String SERVER_JSON = "server.json";

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
        String provider = CryptoProviders.install();
        int httpPort = cfg.httpPort() == 0 ? freePort() : cfg.httpPort();
        int httpsPort = cfg.httpsPort() == 0 ? freePort() : cfg.httpsPort();
        int mqttPort = cfg.mqttPort() == 0 ? freePort() : cfg.mqttPort();

        Store store = cfg.dbUrl() == null ? embeddedStore(data)
                : JdbcStore.postgres(cfg.dbUrl(), cfg.dbUser(), System.getenv("PALISADE_DB_PASSWORD"));
        LOG.info("store: {}", store.describe());
        List<AutoCloseable> opened = new ArrayList<>();
        opened.add(store);
        try {
            String base = "http://" + urlHost(cfg.publicHost()) + ":" + httpPort;
            CaUrls urls = new CaUrls(base + "/pki/crl", base + "/pki/ocsp");
            char[] passphrase = caPassphrase(data, cfg.production());
            CertificateAuthority ca = CertificateAuthority.loadOrCreate(data.resolve("ca"), passphrase, urls, clock);
            if (ca.createdNow()) {
                Instant now = clock.instant();
                store.transaction(r -> AuditLog.append(r.audit(), now, "system", AuditAction.CA_CREATED, "ca:platform",
                        "root=" + ca.rootCertificate().getSubjectX500Principal().getName() + " issuing="
                                + ca.issuingCertificate().getSubjectX500Principal().getName()));
            }
            EventBus events = new InProcessEventBus();
            DeviceRegistry registry = new DeviceRegistry(store, ca, events, clock, Duration.ofMinutes(5));
            ensureAdminToken(store, data, clock);

            KeyPair tlsKey = KeyPairs.ecP256();
            X509Certificate tlsCert = ca.issueServerCertificate(List.of(cfg.publicHost(), "localhost"), List.of("127.0.0.1", "::1"),
                    tlsKey.getPublic(), Duration.ofDays(30));
            List<X509Certificate> tlsChain = List.of(tlsCert, ca.issuingCertificate());

            PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            new io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics().bindTo(meters);
            new io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics().bindTo(meters);
            new io.micrometer.core.instrument.binder.system.ProcessorMetrics().bindTo(meters);
            DeviceDirectory directory = new DeviceDirectory(store, clock);
            DetectionModule detection = new DetectionModule(store, registry, directory, new SimpleFirmwareRangeMatcher(), notifications(), clock);
            opened.add(detection);
            DeviceGate gate = new DeviceGate() {
                @Override
                public boolean inspectsPublishes() {
                    return detection.vpatches().active();
                }

                @Override
                public Optional<String> refusePublish(DeviceId id, String topic, byte[] payload) {
                    PatchDecision d = detection.decide(id.value(), Direction.FROM_DEVICE, topic, payload);
                    return d instanceof PatchDecision.Deny deny ? Optional.of("virtual-patch:" + deny.patchId()) : Optional.empty();
                }

                @Override
                public Access access(DeviceId id, BigInteger serial) {
                    return registry.access(id, serial);
                }

                @Override
                public void connected(DeviceId id, String remoteAddress) {
                    registry.markActive(id);
                }

                @Override
                public Optional<String> telemetrySchema(DeviceId id) {
                    return registry.telemetrySchemaOf(id);
                }
            };
            TelemetryJournal sink = TelemetryJournal.open(data.resolve("journal"), store.telemetry());
            opened.add(sink);
            DeviceMessages messages = new DeviceMessages(sink::store);
            java.util.concurrent.ThreadPoolExecutor background = new java.util.concurrent.ThreadPoolExecutor(1, 2, 30, java.util.concurrent.TimeUnit.SECONDS,
                    new java.util.concurrent.ArrayBlockingQueue<>(10_000), r -> {
                        Thread t = new Thread(r, "palisade-background");
                        t.setDaemon(true);
                        return t;
                    }, (r, ex) -> LOG.warn("background queue full: a device report was dropped"));
            opened.add(background::shutdownNow);
            EdgeBroker edge = EdgeBroker.start(new EdgeConfig(Files2.privateDir(data.resolve("broker")), cfg.bindAddress(), mqttPort,
                    tlsKey.getPrivate(), tlsChain, List.of(ca.rootCertificate(), ca.issuingCertificate()), cfg.maxPacketBytes(),
                    cfg.maxMessagesPerSecond(), (int) Math.min(1_000_000L, Math.max(10L, cfg.maxMessagesPerSecond() * 2L))), gate,
                    messages, events, meters);
            opened.add(edge);

            FirmwareCatalog firmware = new FirmwareCatalog(store);
            UpdateRepository updates = new UpdateRepository(data.resolve("tuf"), passphrase, store, clock);
            java.util.function.Supplier<Optional<io.palisade.tuf.repo.RepoStatus>> updateStatus = updates::status;
            RolloutService rollouts = new RolloutService(store, registry, (d, kind, json) -> edge.publishCommand(d, kind, json), firmware,
                    (r, stats) -> detection.raiseQuietly(new Signal("update.rollout-paused", "rollout:" + r.id(), r.model(), Severity.HIGH,
                            "rollout " + r.id() + " paused automatically", r.reason(), Map.of("rollout", r.id(), "wave", r.wave() + 1,
                            "failed", stats.failed(), "devices", stats.devices()), clock.instant())), clock, Duration.ofSeconds(1));
            opened.add(rollouts);
            messages.on(io.palisade.wire.Topics.UPDATE, rec -> rollouts.report(rec.deviceId(), rec.payload()));
            messages.on(io.palisade.wire.Topics.EVENTS, rec -> background.execute(() -> BootEvents.apply(registry, rec)));
            messages.on(io.palisade.wire.Topics.METRICS, rec -> background.execute(() -> detection.onMetricsReport(rec)));
            opened.add(events.subscribe(DomainEvent.SecurityEvent.class, e -> background.execute(() -> detection.onSecurityEvent(e))));
            opened.add(events.subscribe(DomainEvent.FirmwareReported.class, e -> detection.vpatches().onFirmware(e.deviceId().value(), e.model(), e.to())));
            opened.add(events.subscribe(DomainEvent.DeviceStateChanged.class, e -> directory.invalidate(e.deviceId().value())));
            CloudSampler sampler = new CloudSampler(detection);
            java.util.concurrent.ScheduledExecutorService ticker = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "palisade-sampler");
                t.setDaemon(true);
                return t;
            });
            opened.add(ticker::shutdownNow);
            ticker.scheduleWithFixedDelay(() -> {
                try {
                    sampler.sample(edge.allMetrics(), clock.instant());
                } catch (RuntimeException e) {
                    LOG.warn("cloud-side metric sampling failed: {}", e.toString());
                }
            }, 10, 10, java.util.concurrent.TimeUnit.SECONDS);
            ticker.scheduleWithFixedDelay(updates::refresh, 1, 60, java.util.concurrent.TimeUnit.MINUTES);
            List<ApiServer.RouteModule> modules = new ArrayList<>();
            modules.add(new RolloutRoutes(rollouts, store));
            modules.add(new FirmwareRoutes(updates, firmware, registry, ca));
            modules.add(detection);
            int mqttListen = edge.port();
            modules.add(new MudModule(store, registry, cfg.production(), detection::raiseQuietly, detection.vpatches()::gatewayDenies,
                    () -> platformEndpoints(cfg.publicHost(), httpsPort, mqttListen), clock));
            modules.add(new CommandRoutes(registry, store, edge, detection.vpatches()));
            List<Capabilities.Listener> listeners = List.of(
                    new Capabilities.Listener("https-api", "https", httpsPort, true, false, cfg.bindAddress()),
                    new Capabilities.Listener("local-http", "http", httpPort, false, false, "127.0.0.1"),
                    new Capabilities.Listener("mqtt", "mqtts", edge.port(), true, true, cfg.bindAddress()));
            modules.addAll(Capabilities.modules(new Capabilities.Context(cfg, data, store, registry, ca, detection::raiseQuietly,
                    updateStatus, listeners, id -> edge.metrics(DeviceId.of(id)).map(m -> m.lastSeen()), clock)));

            SSLContext ssl = TlsContexts.httpsServer(tlsKey.getPrivate(), tlsChain);
            ApiServer.Services services = new ApiServer.Services(registry, store, ca, id -> edge.metrics(id), meters, modules);
            Javalin api = ApiServer.create(services, (server, http) -> {
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
                httpsConnector.setPort(httpsPort);
                ServerConnector local = new ServerConnector(server, new HttpConnectionFactory(http));
                local.setHost("127.0.0.1");
                local.setPort(httpPort);
                return List.of(httpsConnector, local);
            });
            api.start();
            opened.add(api::stop);
            opened.add(1, meters::close);
            PalisadeServer s = new PalisadeServer(cfg, store, ca, registry, events, edge, opened, api, httpsPort, httpPort, meters);
            s.writeServerJson(data, mqttPort, provider);
            LOG.info("Palisade is up: HTTPS API https://{}:{} | local HTTP http://127.0.0.1:{} | MQTT over mutual TLS {}:{} | data {} | crypto {}",
                    cfg.publicHost(), httpsPort, httpPort, cfg.publicHost(), edge.port(), data, provider);
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
    private static char[] caPassphrase(Path data, boolean production) {
        String env = System.getenv("PALISADE_CA_PASSPHRASE");
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
    private static DetectionModule.Notifications notifications() {
        String url = System.getenv("PALISADE_WEBHOOK_URL");
        String secret = System.getenv("PALISADE_WEBHOOK_SECRET");
        String syslog = System.getenv("PALISADE_SYSLOG");
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
        return new DetectionModule.Notifications(webhook, secret == null ? null : secret.getBytes(StandardCharsets.UTF_8), sys);
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
