package io.palisade.server.vuln;

import io.palisade.server.http.Params;
import io.palisade.server.http.RouteModule;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.palisade.core.PalisadeException;
import io.palisade.core.audit.AuditAction;
import io.palisade.core.audit.AuditLog;
import io.palisade.core.store.Store;
import io.palisade.server.http.Json;
import io.palisade.server.http.Bodies;
import io.palisade.vuln.disclosure.CaseNote;
import io.palisade.vuln.disclosure.CaseStage;
import io.palisade.vuln.disclosure.CraClock;
import io.palisade.vuln.disclosure.DisclosurePolicy;
import io.palisade.vuln.disclosure.RateLimiter;
import io.palisade.vuln.disclosure.ReportIntake;
import io.palisade.vuln.disclosure.SafeText;
import io.palisade.vuln.disclosure.VulnCase;
import io.palisade.vuln.disclosure.VulnerabilityReport;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Vulnerability handling over HTTP. Public (no account): {@code GET /.well-known/security.txt},
 * {@code GET /.well-known/vulnerability-disclosure-policy} and {@code POST /api/v1/vulnerability-reports}
 * (rate-limited per source address and globally, size-limited). Everything else needs the bearer token.
 */
public final class VulnRoutes implements RouteModule {
    public static final String SECURITY_TXT = "/.well-known/security.txt";
    public static final String POLICY = "/.well-known/vulnerability-disclosure-policy";
    public static final String REPORTS = "/api/v1/vulnerability-reports";

    /** A case update; every field optional, applied in the order: owner, note, exploited, CRA step, due, stage. */
    public record CaseUpdate(String stage, String reason, String owner, String note, String dueStage, Instant due, Boolean exploited,
                             Instant awareAt, String craStep, Boolean fixAvailable) {
    }

    /** A case in listings: report texts shown as safe one-line text. */
    public record CaseSummary(String trackingId, String stage, String owner, Instant receivedAt, boolean activelyExploited,
                              String affectedProduct, String summary, Map<CaseStage, Instant> dueDates, int notes) {
        static CaseSummary of(VulnCase c) {
            return new CaseSummary(c.trackingId(), c.stage().name().toLowerCase(Locale.ROOT), c.owner(), c.receivedAt(), c.cra().isPresent(),
                    SafeText.plain(c.report().affectedProduct()), SafeText.plain(c.report().summary()), c.dueDates(), c.notes().size());
        }
    }

    public record CaseDetail(VulnCase kase, List<CraClock.StepStatus> craSteps) {
    }

    /** The report as submitted (all fields optional here; {@link VulnerabilityReport} validates). */
    public record ReportRequest(String summary, String affectedProduct, String affectedVersion, String details, String reporterContact,
                                Boolean activelyExploited, String preferredLanguage) {
        VulnerabilityReport toReport() {
            return new VulnerabilityReport(summary, affectedProduct, affectedVersion, details, reporterContact,
                    Boolean.TRUE.equals(activelyExploited), preferredLanguage);
        }
    }

    private final Store store;
    private final DisclosureConfig disclosure;
    private final RecordCaseStore cases;
    private final AdvisoryStore advisories;
    private final SbomStore sboms;
    private final VulnService service;
    private final Clock clock;
    private final RateLimiter limiter = RateLimiter.forReports();
    private final byte[] sourceKey = new byte[32];

    public VulnRoutes(Store store, DisclosureConfig disclosure, RecordCaseStore cases, AdvisoryStore advisories, SbomStore sboms,
                      VulnService service, Clock clock) {
        this.store = store;
        this.disclosure = disclosure;
        this.cases = cases;
        this.advisories = advisories;
        this.sboms = sboms;
        this.service = service;
        this.clock = clock;
        new SecureRandom().nextBytes(sourceKey);
    }

    @Override
    public List<String> publicPrefixes() {
        return List.of(SECURITY_TXT, POLICY, REPORTS);
    }

    @Override
    public void register(Javalin app) {
        app.get(SECURITY_TXT, ctx -> ctx.contentType("text/plain; charset=utf-8").result(published().securityTxt()));
        app.get(POLICY, ctx -> ctx.contentType("text/plain; charset=utf-8").result(published().policyText()));
        app.post(REPORTS, this::submit);

        app.get("/api/v1/disclosure", ctx -> {
            DisclosurePolicy p = published();
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("file", disclosure.file().toString());
            out.put("policy", p);
            out.put("securityTxtCheck", p.check(clock.instant()));
            ctx.json(out);
        });
        app.put("/api/v1/disclosure", ctx -> {
            DisclosurePolicy p = disclosure.save(Bodies.read(ctx, DisclosureConfig.MAX_BYTES));
            audit(Params.actor(ctx), "disclosure:policy", "disclosure policy set, security.txt expires " + p.expires());
            ctx.json(Map.of("policy", p, "securityTxtCheck", p.check(clock.instant())));
        });

        app.get("/api/v1/vuln/cases", ctx -> ctx.json(cases.all().stream().map(CaseSummary::of).toList()));
        app.get("/api/v1/vuln/cases/{id}", ctx -> {
            VulnCase c = cases.find(ctx.pathParam("id")).orElseThrow(() -> PalisadeException.notFound("no vulnerability case " + ctx.pathParam("id")));
            ctx.json(new CaseDetail(c, VulnService.craSteps(c)));
        });
        app.post("/api/v1/vuln/cases/{id}", this::updateCase);
        app.post("/api/v1/vuln/clocks/check", ctx -> ctx.json(Map.of("overdue", service.checkClocks())));

        app.post("/api/v1/advisories", ctx -> ctx.status(201).json(advisories.ingest(Params.actor(ctx),
                Bodies.read(ctx, AdvisoryStore.MAX_BYTES), ctx.queryParam("source"))));
        app.get("/api/v1/advisories", ctx -> ctx.json(advisories.list()));
        app.put("/api/v1/firmware/{model}/{version}/sbom", ctx -> ctx.json(sboms.attach(Params.actor(ctx), ctx.pathParam("model"),
                ctx.pathParam("version"), Bodies.read(ctx, SbomStore.MAX_BYTES))));
        app.get("/api/v1/firmware/{model}/{version}/sbom", ctx -> ctx.json(sboms.find(ctx.pathParam("model"), ctx.pathParam("version"))
                .orElseThrow(() -> PalisadeException.notFound("no SBOM for " + ctx.pathParam("model") + " " + ctx.pathParam("version")))));
        app.get("/api/v1/vuln/exposure", ctx -> ctx.json(service.exposure(ctx.queryParam("advisory"))));
        app.get("/api/v1/vuln/publish", this::publish);
        app.get("/api/v1/vuln/eol", ctx -> {
            int months = (int) Params.longParam(ctx, "warningMonths", 6, 0, 120);
            ctx.json(service.endOfLife(Period.ofMonths(months), true));
        });
    }

    private DisclosurePolicy published() {
        return disclosure.published().orElseThrow(() -> PalisadeException.notFound(
                "no vulnerability disclosure policy is configured: set one with 'palisade vuln disclosure set --file policy.json'"));
    }

    private void submit(Context ctx) {
        byte[] body = Bodies.read(ctx, VulnerabilityReport.MAX_BODY_BYTES);
        ReportRequest request;
        try {
            request = Json.MAPPER.readValue(body, ReportRequest.class);
        } catch (com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException e) {
            throw PalisadeException.invalid("unknown field '" + e.getPropertyName() + "': use summary, affectedProduct, affectedVersion,"
                    + " details, reporterContact, activelyExploited, preferredLanguage");
        } catch (java.io.IOException e) {
            throw PalisadeException.invalid("the report must be a JSON object with at least summary and affectedProduct");
        }
        if (request == null) {
            throw PalisadeException.invalid("the report must be a JSON object");
        }
        VulnerabilityReport report = request.toReport();
        Duration verify = Duration.ofDays(7);
        Duration status = Duration.ofDays(30);
        var policy = disclosure.configured();
        if (policy.isPresent()) {
            verify = Duration.ofDays(policy.get().acknowledgeWithinDays());
            status = Duration.ofDays(policy.get().statusUpdateEveryDays());
        }
        ReportIntake intake = new ReportIntake(cases, clock, limiter, verify, status);
        ctx.status(202).json(intake.submit(report, sourceKey(ctx.ip())));
    }

    /** A keyed hash of the client address: the limiter never holds the address itself. */
    private String sourceKey(String ip) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(sourceKey, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(String.valueOf(ip).getBytes(StandardCharsets.UTF_8)), 0, 16);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    private void updateCase(Context ctx) {
        String id = ctx.pathParam("id");
        CaseUpdate u = Json.body(ctx, CaseUpdate.class);
        String actor = Params.actor(ctx);
        Instant now = clock.instant();
        List<String> changes = new ArrayList<>();
        VulnCase updated = cases.update(id, actor, c -> {
            VulnCase x = c;
            if (u.owner() != null) {
                x = x.assign(u.owner());
                changes.add("owner=" + u.owner());
            }
            if (u.note() != null) {
                x = x.addNote(new CaseNote(now, actor, u.note()));
                changes.add("note");
            }
            if (Boolean.TRUE.equals(u.exploited()) || u.awareAt() != null) {
                Instant aware = u.awareAt() == null ? now : u.awareAt();
                if (aware.isAfter(now)) {
                    throw PalisadeException.invalid("awareAt must not be in the future");
                }
                x = x.flagActivelyExploited(aware);
                changes.add("actively-exploited aware=" + aware);
            }
            if (Boolean.TRUE.equals(u.fixAvailable()) || u.craStep() != null) {
                CraClock k = x.cra().orElseThrow(() -> PalisadeException.illegalState("case " + id + " is not flagged actively exploited"));
                if (Boolean.TRUE.equals(u.fixAvailable())) {
                    k = k.fixAvailable(now);
                    changes.add("fix-available");
                }
                if (u.craStep() != null) {
                    k = switch (u.craStep().toLowerCase(Locale.ROOT)) {
                        case "early-warning" -> k.earlyWarningSent(now);
                        case "notification" -> k.notificationSent(now);
                        case "final-report" -> k.finalReportSent(now);
                        default -> throw PalisadeException.invalid("craStep must be early-warning, notification or final-report");
                    };
                    changes.add("cra " + u.craStep() + " sent");
                }
                x = x.withCraClock(k);
            }
            if (u.due() != null) {
                CaseStage target = u.dueStage() != null ? stage(u.dueStage()) : next(x.stage());
                x = x.due(target, u.due());
                changes.add("due " + target + " " + u.due());
            }
            if (u.stage() != null) {
                CaseStage to = stage(u.stage());
                x = x.moveTo(to, actor, now, u.reason() != null ? u.reason() : u.note());
                changes.add("stage " + c.stage() + " -> " + to);
            }
            if (changes.isEmpty()) {
                throw PalisadeException.invalid("nothing to update: give stage, owner, note, due, exploited, craStep or fixAvailable");
            }
            return x;
        }, () -> String.join(", ", changes));
        ctx.json(new CaseDetail(updated, VulnService.craSteps(updated)));
    }

    private static CaseStage stage(String s) {
        try {
            return CaseStage.valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw PalisadeException.invalid("stage must be one of received, verified, remediation, released, closed");
        }
    }

    private static CaseStage next(CaseStage s) {
        return switch (s) {
            case RECEIVED -> CaseStage.VERIFIED;
            case VERIFIED -> CaseStage.REMEDIATION;
            case REMEDIATION -> CaseStage.RELEASED;
            case RELEASED, CLOSED -> CaseStage.CLOSED;
        };
    }

    private void publish(Context ctx) {
        String advisory = ctx.queryParam("advisory");
        if (advisory == null || advisory.isBlank()) {
            throw PalisadeException.invalid("query parameter 'advisory' is required");
        }
        VulnService.Format f = VulnService.Format.parse(ctx.queryParam("format"));
        byte[] doc = service.publish(advisory, f, ctx.queryParam("publisher"), ctx.queryParam("namespace"));
        ctx.contentType("application/json").result(doc);
    }

    private void audit(String actor, String subject, String detail) {
        Instant now = clock.instant();
        store.transaction(r -> AuditLog.append(r.audit(), now, actor, AuditAction.VULN, subject, detail));
    }
}
