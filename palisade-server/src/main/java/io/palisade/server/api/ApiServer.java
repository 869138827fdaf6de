package io.palisade.server.api;

import io.javalin.Javalin;
import io.javalin.http.ContentTooLargeResponse;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.palisade.core.ErrorCode;
import io.palisade.core.PalisadeException;
import io.palisade.core.audit.AuditAction;
import io.palisade.core.audit.AuditLog;
import io.palisade.core.auth.ApiToken;
import io.palisade.core.auth.Secrets;
import io.palisade.core.device.DeviceId;
import io.palisade.core.device.DeviceRegistry;
import io.palisade.core.device.RiskProfile;
import io.palisade.core.identity.RevocationReason;
import io.palisade.core.store.Store;
import io.palisade.core.telemetry.TelemetryRecord;
import io.palisade.pki.CertificateAuthority;
import io.palisade.pki.Chains;
import io.palisade.pki.CsrPolicy;
import io.palisade.pki.Pem;
import io.palisade.pki.ValidatedCsr;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.jetty.server.Connector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST face: translates HTTP to registry calls and back. Bearer-token auth on every route except health,
 * EST (its own auth), CRL and OCSP: deny by default — a path is public only if listed in {@link #isPublic}.
 */
public final class ApiServer {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    public static final long MAX_REQUEST_BYTES = 64 * 1024;

    /** What the API needs from the rest of the platform. {@code metrics} gives a device's edge metrics (any JSON-able value). */
    public record Services(DeviceRegistry registry, Store store, CertificateAuthority ca, Function<DeviceId, Optional<?>> metrics,
            PrometheusMeterRegistry prometheus, List<RouteModule> modules) {
        public Services {
            modules = List.copyOf(modules);
        }
    }

    /**
     * The routes of one capability (updates, MUD, alerts, vulnerabilities, conformity). Each module translates HTTP
     * to its service and back; the API server applies auth, limits and error mapping to all of them. A module
     * lists the paths it serves without a bearer token (its own authentication, e.g. device mTLS) in
     * {@link #publicPrefixes}.
     */
    public interface RouteModule {
        void register(Javalin app);

        default List<String> publicPrefixes() {
            return List.of();
        }
    }

    /** Builds the connectors given the Jetty server (HTTPS and the loopback HTTP listener). */
    public interface Connectors {
        List<Connector> create(org.eclipse.jetty.server.Server server, org.eclipse.jetty.server.HttpConfiguration http);
    }

    private final Services s;
    private final EstRoutes est;
    /** Failed authentications are audited one by one up to 20 per second; beyond that only counted (no audit-log flooding). */
    private final AuditBudget authFailureAudit = new AuditBudget(20);
    private final AuthThrottle authThrottle = new AuthThrottle();
    private final io.micrometer.core.instrument.Counter authFailures;

    private ApiServer(Services services) {
        this.s = services;
        this.authFailures = services.prometheus().counter("palisade.api.auth.failures");
        this.est = new EstRoutes(services.registry(), services.store(), services.ca());
    }

    public static Javalin create(Services services, Connectors connectors) {
        ApiServer api = new ApiServer(services);
        Javalin app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.http.maxRequestSize = MAX_REQUEST_BYTES;
            config.jsonMapper(new JavalinJackson(Json.MAPPER, false));
            config.jetty.modifyServer(server -> {
                for (Connector c : connectors.create(server, new org.eclipse.jetty.server.HttpConfiguration())) {
                    server.addConnector(c);
                }
            });
        });
        api.routes(app);
        return app;
    }

    static boolean isPublic(String path) {
        return path.equals("/health") || path.startsWith("/.well-known/est/") || path.startsWith("/pki/");
    }

    private boolean isPublicHere(String path) {
        if (isPublic(path)) {
            return true;
        }
        for (RouteModule m : s.modules()) {
            for (String p : m.publicPrefixes()) {
                if (p.endsWith("/") ? path.startsWith(p) : path.equals(p)) {
                    return true;
                }
            }
        }
        return false;
    }

    private void routes(Javalin app) {
        app.before(ctx -> {
            ctx.header("Cache-Control", "no-store");
            ctx.header("X-Content-Type-Options", "nosniff");
            if (!isPublicHere(ctx.path())) {
                authenticate(ctx);
            }
        });
        app.exception(PalisadeException.class, (e, ctx) -> {
            if (e.code() == ErrorCode.UNAUTHORIZED) {
                ctx.header("WWW-Authenticate", ctx.path().startsWith("/.well-known/est/") ? "Basic realm=\"palisade-est\"" : "Bearer realm=\"palisade\"");
            }
            Problems.write(ctx, e.code(), e.getMessage());
        });
        app.exception(ContentTooLargeResponse.class, (e, ctx) -> Problems.write(ctx, ErrorCode.PAYLOAD_TOO_LARGE,
                "request body exceeds " + MAX_REQUEST_BYTES + " bytes"));
        app.exception(HttpResponseException.class, (e, ctx) -> Problems.write(ctx, e.getStatus(), "about:blank",
                e.getMessage(), e.getMessage()));
        app.exception(Exception.class, (e, ctx) -> {
            LOG.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
            Problems.write(ctx, ErrorCode.INTERNAL, "unexpected server error; see the server log");
        });
        app.error(404, ctx -> {
            if (!ctx.res().isCommitted() && (ctx.result() == null || ctx.result().isEmpty())) {
                Problems.write(ctx, ErrorCode.NOT_FOUND, "no such resource: " + ctx.path());
            }
        });
        app.error(405, ctx -> Problems.write(ctx, 405, "about:blank", "Method not allowed", "method " + ctx.method() + " not allowed on " + ctx.path()));

        app.get("/health", ctx -> ctx.json(Map.of("status", "ok")));
        app.get("/openapi.json", ctx -> {
            try (InputStream in = ApiServer.class.getResourceAsStream("/openapi.json")) {
                ctx.contentType("application/json").result(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        });
        app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4").result(s.prometheus().scrape()));

        // models
        app.post("/api/v1/models", this::createModel);
        app.get("/api/v1/models", ctx -> ctx.json(s.registry().models().stream().map(Dto.ModelView::of).toList()));
        app.get("/api/v1/models/{name}", ctx -> ctx.json(Dto.ModelView.of(s.registry().model(ctx.pathParam("name")))));
        app.put("/api/v1/models/{name}/telemetry-schema", ctx -> {
            String schema = ctx.body();
            io.palisade.edge.EdgeBroker.checkTelemetrySchema(schema);
            s.registry().setTelemetrySchema(actor(ctx), ctx.pathParam("name"), schema);
            ctx.json(Map.of("model", ctx.pathParam("name"), "schemaSha256", Secrets.sha256Hex(schema.getBytes(StandardCharsets.UTF_8)),
                    "note", "devices of this model use the schema from their next connection"));
        });
        app.get("/api/v1/models/{name}/telemetry-schema", ctx -> ctx.contentType("application/schema+json").result(
                s.registry().telemetrySchema(ctx.pathParam("name")).orElseThrow(() -> PalisadeException.notFound(
                        "model '" + ctx.pathParam("name") + "' has no telemetry schema: set one with 'palisade model schema'"))));
        app.delete("/api/v1/models/{name}/telemetry-schema", ctx -> {
            s.registry().setTelemetrySchema(actor(ctx), ctx.pathParam("name"), null);
            ctx.status(204);
        });

        // devices
        app.post("/api/v1/devices", this::createDevice);
        app.get("/api/v1/devices", this::listDevices);
        app.get("/api/v1/devices/{id}", ctx -> {
            DeviceId id = id(ctx);
            ctx.json(new Dto.DeviceDetailView(Dto.DeviceView.of(s.registry().device(id)),
                    s.registry().certificates(id).stream().map(Dto.CertificateView::of).toList()));
        });
        app.get("/api/v1/devices/{id}/certificates", ctx -> ctx.json(s.registry().certificates(id(ctx)).stream().map(Dto.CertificateView::of).toList()));
        app.post("/api/v1/devices/{id}/certificate", this::signCsr);
        app.post("/api/v1/devices/{id}/enrollment-token", this::token);
        app.post("/api/v1/devices/{id}/revoke", ctx -> ctx.json(Dto.DeviceView.of(s.registry().revoke(actor(ctx), id(ctx), reason(ctx)))));
        app.post("/api/v1/devices/{id}/quarantine", ctx -> ctx.json(Dto.DeviceView.of(s.registry().quarantine(actor(ctx), id(ctx), optionalReason(ctx)))));
        app.post("/api/v1/devices/{id}/release", ctx -> ctx.json(Dto.DeviceView.of(s.registry().release(actor(ctx), id(ctx)))));
        app.post("/api/v1/devices/{id}/decommission", ctx -> ctx.json(Dto.DeviceView.of(s.registry().decommission(actor(ctx), id(ctx)))));
        app.post("/api/v1/devices/{id}/transfer", ctx -> {
            Dto.TransferRequest r = Json.body(ctx, Dto.TransferRequest.class);
            ctx.json(Dto.DeviceView.of(s.registry().transfer(actor(ctx), id(ctx), r.owner())));
        });
        app.get("/api/v1/devices/{id}/telemetry", this::telemetry);
        app.post("/api/v1/devices/{id}/erase-data", ctx -> ctx.json(Map.of("device", id(ctx).value(), "erased",
                s.registry().eraseData(actor(ctx), id(ctx)))));
        app.get("/api/v1/devices/{id}/metrics", ctx -> {
            DeviceId id = id(ctx);
            s.registry().device(id);
            Optional<?> m = s.metrics().apply(id);
            ctx.json(m.isPresent() ? m.get() : Map.of("deviceId", id.value(), "messagesIn", 0, "connects", 0, "connected", false));
        });

        // manufacturers, CA, audit
        app.post("/api/v1/manufacturers", ctx -> {
            Dto.ManufacturerRequest r = Json.body(ctx, Dto.ManufacturerRequest.class);
            if (r.ca() == null) {
                throw PalisadeException.invalid("field 'ca' (PEM CA certificate) is required");
            }
            X509Certificate anchor = Chains.parseTrustAnchor(r.ca(), s.registry().clock().instant());
            ctx.status(201).json(Dto.ManufacturerView.of(s.registry().trustManufacturer(actor(ctx), r.name(), Chains.fingerprint(anchor), Pem.certificate(anchor))));
        });
        app.get("/api/v1/manufacturers", ctx -> ctx.json(s.registry().manufacturers().stream().map(Dto.ManufacturerView::of).toList()));
        app.post("/api/v1/manufacturers/{fingerprint}/revoke", ctx -> ctx.json(Dto.ManufacturerView.of(
                s.registry().revokeManufacturer(actor(ctx), ctx.pathParam("fingerprint")))));
        app.get("/api/v1/ca", ctx -> ctx.json(new Dto.CaView(Pem.certificate(s.ca().rootCertificate()), Pem.certificate(s.ca().issuingCertificate()))));
        app.get("/api/v1/audit", ctx -> {
            long after = longParam(ctx, "after", 0, 0, Long.MAX_VALUE);
            int limit = (int) longParam(ctx, "limit", 100, 1, 1000);
            ctx.json(s.store().read(r -> r.audit().list(after, limit)));
        });
        app.get("/api/v1/audit/verify", ctx -> {
            AuditLog.Verification v = s.store().read(r -> AuditLog.verify(r.audit()));
            ctx.status(v.intact() ? 200 : 409).json(v);
        });

        est.routes(app);
        new PkiRoutes(s.store(), s.ca(), s.registry().clock()).routes(app);
        for (RouteModule m : s.modules()) {
            m.register(app);
        }
    }

    // ---- auth -------------------------------------------------------------------------------------

    private void authenticate(Context ctx) {
        boolean network = "https".equalsIgnoreCase(ctx.scheme());
        if (network && authThrottle.blocked(ctx.ip(), s.registry().clock().instant())) {
            ctx.header("Retry-After", "60");
            throw new PalisadeException(ErrorCode.RATE_LIMITED, "too many failed authentications from this address: try again in a minute");
        }
        String h = ctx.header("Authorization");
        if (h != null && h.regionMatches(true, 0, "Bearer ", 0, 7) && h.length() < 512) {
            String hash = Secrets.hash(h.substring(7).trim());
            Optional<ApiToken> t = s.store().read(r -> r.apiTokens().findByHash(hash));
            if (t.isPresent() && t.get().active() && Secrets.hashesEqual(hash, t.get().tokenHash())) {
                ctx.attribute("actor", "token:" + t.get().id());
                return;
            }
        }
        Instant now = s.registry().clock().instant();
        String from = ctx.ip();
        authFailures.increment();
        if (network) {
            authThrottle.failed(from, now);
        }
        if (authFailureAudit.tryAcquire(now)) {
            s.store().transaction(r -> AuditLog.append(r.audit(), now, "anonymous@" + from, AuditAction.API_AUTH_FAILED,
                    "api:" + ctx.method() + " " + truncate(ctx.path(), 200), h == null ? "no credentials" : "invalid bearer token"));
            LOG.warn("API authentication failed from {} on {} {}", from, ctx.method(), truncate(ctx.path(), 200));
        }
        throw PalisadeException.unauthorized("missing or invalid bearer token: use the admin token from <data-dir>/admin.token");
    }

    /** Who is calling: "token:<id>" for an authenticated API caller. */
    public static String actor(Context ctx) {
        String a = ctx.attribute("actor");
        return a == null ? "anonymous" : a;
    }

    // ---- handlers ---------------------------------------------------------------------------------

    private void createModel(Context ctx) {
        Dto.ModelRequest r = Json.body(ctx, Dto.ModelRequest.class);
        if (r.supportUntil() == null) {
            throw PalisadeException.invalid("field 'supportUntil' (YYYY-MM, the end of the declared support period) is required");
        }
        YearMonth until;
        try {
            until = YearMonth.parse(r.supportUntil());
        } catch (DateTimeParseException e) {
            throw PalisadeException.invalid("supportUntil must be a month like 2031-12");
        }
        RiskProfile p = r.profile() == null ? RiskProfile.CONSUMER : RiskProfile.parse(r.profile());
        ctx.status(201).json(Dto.ModelView.of(s.registry().createModel(actor(ctx), r.name(), r.manufacturer(), until, r.mudUrl(), p)));
    }

    private void createDevice(Context ctx) {
        Dto.DeviceRequest r = Json.body(ctx, Dto.DeviceRequest.class);
        if (r.model() == null) {
            throw PalisadeException.invalid("field 'model' is required");
        }
        DeviceId id = DeviceId.of(r.id());
        ValidatedCsr csr = r.csr() == null ? null : CsrPolicy.validate(r.csr().getBytes(StandardCharsets.US_ASCII), id);
        DeviceRegistry.Created c = s.registry().create(actor(ctx), id, r.model(), r.owner(), r.firmware(), csr == null ? null : csr.publicKey());
        ctx.status(201).json(enrolled(c.device(), c.certificate()));
    }

    private void signCsr(Context ctx) {
        DeviceId id = id(ctx);
        Dto.CsrRequest r = Json.body(ctx, Dto.CsrRequest.class);
        if (r.csr() == null) {
            throw PalisadeException.invalid("field 'csr' (PEM PKCS#10) is required");
        }
        ValidatedCsr csr = CsrPolicy.validate(r.csr().getBytes(StandardCharsets.US_ASCII), id);
        X509Certificate cert = s.registry().enroll(actor(ctx), id, csr.publicKey());
        ctx.status(201).json(enrolled(s.registry().device(id), cert));
    }

    private Dto.EnrolledView enrolled(io.palisade.core.device.Device d, X509Certificate cert) {
        return new Dto.EnrolledView(Dto.DeviceView.of(d),
                cert == null ? null : Pem.certificates(List.of(cert, s.ca().issuingCertificate())),
                Pem.certificate(s.ca().rootCertificate()));
    }

    private void listDevices(Context ctx) {
        String model = ctx.queryParam("model");
        String state = ctx.queryParam("state");
        ctx.json(s.registry().devices().stream()
                .filter(d -> model == null || d.model().equals(model))
                .filter(d -> state == null || d.state().label().equalsIgnoreCase(state))
                .map(Dto.DeviceView::of).toList());
    }

    private void token(Context ctx) {
        DeviceId id = id(ctx);
        Duration ttl = DeviceRegistry.DEFAULT_TOKEN_TTL;
        if (ctx.bodyAsBytes().length > 0) {
            Dto.TokenRequest r = Json.body(ctx, Dto.TokenRequest.class);
            if (r.ttlMinutes() != null) {
                if (r.ttlMinutes() < 1 || r.ttlMinutes() > 43200) {
                    throw PalisadeException.invalid("ttlMinutes must be between 1 and 43200 (30 days)");
                }
                ttl = Duration.ofMinutes(r.ttlMinutes());
            }
        }
        String secret = s.registry().issueEnrollmentToken(actor(ctx), id, ttl);
        ctx.status(201).json(new Dto.TokenView(id.value(), secret, s.registry().clock().instant().plus(ttl)));
    }

    private void telemetry(Context ctx) {
        DeviceId id = id(ctx);
        s.registry().device(id);
        Instant now = s.registry().clock().instant();
        Instant from = instantParam(ctx, "from", now.minus(Duration.ofHours(1)));
        Instant to = instantParam(ctx, "to", now.plusSeconds(1));
        int limit = (int) longParam(ctx, "limit", 1000, 1, 10000);
        List<TelemetryRecord> recs = s.store().telemetry().query(id, from, to, limit);
        ctx.json(recs.stream().map(ApiServer::view).toList());
    }

    private static Dto.TelemetryView view(TelemetryRecord t) {
        com.fasterxml.jackson.databind.JsonNode payload;
        try {
            payload = Json.MAPPER.readTree(t.payload());
        } catch (IOException e) {
            payload = com.fasterxml.jackson.databind.node.TextNode.valueOf(t.payload());
        }
        return new Dto.TelemetryView(t.id(), t.deviceId().value(), t.receivedAt(), t.channel(), payload);
    }

    // ---- parameters -------------------------------------------------------------------------------

    static DeviceId id(Context ctx) {
        return DeviceId.of(ctx.pathParam("id"));
    }

    private static RevocationReason reason(Context ctx) {
        String r = optionalReason(ctx);
        if (r == null) {
            return RevocationReason.UNSPECIFIED;
        }
        try {
            return RevocationReason.valueOf(r.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw PalisadeException.invalid("unknown revocation reason '" + truncate(r, 40) + "': use unspecified, key-compromise, affiliation-changed, superseded or cessation-of-operation");
        }
    }

    private static String optionalReason(Context ctx) {
        if (ctx.bodyAsBytes().length == 0) {
            return null;
        }
        String r = Json.body(ctx, Dto.ReasonRequest.class).reason();
        if (r != null && (r.length() > 200 || r.chars().anyMatch(Character::isISOControl))) {
            throw PalisadeException.invalid("reason must be at most 200 printable characters");
        }
        return r;
    }

    public static long longParam(Context ctx, String name, long dflt, long min, long max) {
        String v = ctx.queryParam(name);
        if (v == null) {
            return dflt;
        }
        try {
            long l = Long.parseLong(v);
            if (l < min || l > max) {
                throw PalisadeException.invalid(name + " must be between " + min + " and " + max);
            }
            return l;
        } catch (NumberFormatException e) {
            throw PalisadeException.invalid(name + " must be an integer");
        }
    }

    private static Instant instantParam(Context ctx, String name, Instant dflt) {
        String v = ctx.queryParam(name);
        if (v == null) {
            return dflt;
        }
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw PalisadeException.invalid(name + " must be an ISO-8601 instant such as 2026-11-22T04:00:00Z");
        }
    }

    static String truncate(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n) + "...";
    }

    /** At most {@code perSecond} permits in any one-second window. */
    /**
     * Limits authentication attempts per source address on the network (HTTPS) listener (ETSI EN 303 645 5.1-5):
     * after {@link #MAX_FAILURES} failed authentications within a minute, every request from that address that
     * needs a token is refused with 429 until the minute has passed. The loopback HTTP listener of the local CLI is
     * not throttled. At most 10,000 addresses are tracked (then the table is reset).
     */
    static final class AuthThrottle {
        static final int MAX_FAILURES = 10;
        private final java.util.concurrent.ConcurrentHashMap<String, long[]> failures = new java.util.concurrent.ConcurrentHashMap<>();

        boolean blocked(String ip, Instant now) {
            long[] f = failures.get(ip);
            return f != null && now.getEpochSecond() - f[0] < 60 && f[1] >= MAX_FAILURES;
        }

        void failed(String ip, Instant now) {
            if (failures.size() > 10_000) {
                failures.clear();
            }
            failures.compute(ip, (k, f) -> {
                long t = now.getEpochSecond();
                if (f == null || t - f[0] >= 60) {
                    return new long[] {t, 1};
                }
                f[1]++;
                return f;
            });
        }
    }

    static final class AuditBudget {
        private final int perSecond;
        private long windowStart;
        private int used;

        AuditBudget(int perSecond) {
            this.perSecond = perSecond;
        }

        synchronized boolean tryAcquire(Instant now) {
            long second = now.getEpochSecond();
            if (second != windowStart) {
                windowStart = second;
                used = 0;
            }
            return used++ < perSecond;
        }
    }
}
