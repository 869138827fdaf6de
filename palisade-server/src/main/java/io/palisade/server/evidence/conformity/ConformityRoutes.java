package io.palisade.server.evidence.conformity;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.palisade.conformity.assess.AssessmentRequest;
import io.palisade.conformity.assess.AssessmentResult;
import io.palisade.conformity.assess.Assessor;
import io.palisade.conformity.attest.Attestation;
import io.palisade.conformity.attest.AttestationParser;
import io.palisade.conformity.definition.IotDeviceDefinition;
import io.palisade.conformity.definition.IotTraits;
import io.palisade.conformity.report.HtmlReport;
import io.palisade.conformity.report.JsonReport;
import io.palisade.conformity.report.OscalWriter;
import io.palisade.core.PalisadeException;
import io.palisade.core.audit.AuditAction;
import io.palisade.core.audit.AuditLog;
import io.palisade.server.Records;
import io.palisade.server.api.ApiServer;
import io.palisade.server.api.Json;
import io.palisade.server.evidence.Bodies;
import io.palisade.server.evidence.Capabilities;
import io.palisade.server.evidence.vuln.DisclosureConfig;
import io.palisade.server.evidence.vuln.RecordCaseStore;
import io.palisade.server.evidence.vuln.VulnService;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Conformity assessment from live evidence: {@code GET /api/v1/conformity?profile&standard&model&format=json|html|oscal},
 * the OSCAL catalog, manufacturer attestations ({@code attestation} record), model traits ({@code model-traits}
 * records) and the IoT-device definition of a model.
 */
public final class ConformityRoutes implements ApiServer.RouteModule {
    static final String ATTESTATION_KIND = "attestation";
    static final String ATTESTATION_ID = "current";

    /** {@code PUT /api/v1/models/{name}/traits}. */
    public record TraitsRequest(Integer sensors, Integer actuators, Integer networkInterfaces, String operation,
                                Boolean generalPurposeComputer, String placedOnMarket) {
    }

    private final Capabilities.Context ctx;
    private final DisclosureConfig disclosure;
    private final RecordCaseStore cases;
    private final VulnService vuln;
    private final Assessor assessor = Assessor.withDefaults();

    public ConformityRoutes(Capabilities.Context ctx, DisclosureConfig disclosure, RecordCaseStore cases, VulnService vuln) {
        this.ctx = ctx;
        this.disclosure = disclosure;
        this.cases = cases;
        this.vuln = vuln;
    }

    @Override
    public void register(Javalin app) {
        app.get("/api/v1/conformity", this::assess);
        app.get("/api/v1/conformity/catalog", ctx -> {
            Bodies.choice(ctx, "format", "oscal");
            ctx.contentType("application/json").result(OscalWriter.toJson(OscalWriter.catalog(assessor.catalog(), this.ctx.clock().instant())));
        });
        app.put("/api/v1/attestations", this::putAttestations);
        app.get("/api/v1/attestations", ctx -> ctx.json(attestations()));
        app.put("/api/v1/models/{name}/traits", this::putTraits);
        app.get("/api/v1/models/{name}/device-definition", ctx -> {
            String model = this.ctx.registry().model(ctx.pathParam("name")).name();
            LivePlatformFacts.ModelTraits t = facts().traits(model).orElseThrow(() -> PalisadeException.notFound("model '" + model
                    + "' declares no traits: set them with 'palisade assess traits --model " + model + " --file traits.json'"));
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("model", model);
            out.put("traits", t.traits());
            out.put("placedOnMarket", t.placedOnMarket());
            out.put("definition", IotDeviceDefinition.check(t.traits()));
            ctx.json(out);
        });
    }

    private LivePlatformFacts facts() {
        return new LivePlatformFacts(ctx, disclosure, cases, vuln);
    }

    /** Runs one assessment against the live platform (also used by the CLI's JSON path). */
    public AssessmentResult assess(String profile, String standard, String model) {
        AssessmentRequest req = new AssessmentRequest(profile == null || profile.isBlank() ? "consumer" : profile, Assessor.opt(standard),
                Assessor.opt(model));
        return assessor.assess(req, facts(), attestations());
    }

    private void assess(Context c) {
        String format = Bodies.choice(c, "format", "json", "html", "oscal");
        AssessmentResult r = assess(c.queryParam("profile"), c.queryParam("standard"), c.queryParam("model"));
        switch (format) {
            case "html" -> c.contentType("text/html; charset=utf-8").result(HtmlReport.render(r));
            case "oscal" -> c.contentType("application/json").result(OscalWriter.toJson(OscalWriter.assessmentResults(r)));
            default -> c.contentType("application/json").result(JsonReport.write(r));
        }
    }

    private List<Attestation> attestations() {
        return ctx.store().read(r -> r.records().find(ATTESTATION_KIND, ATTESTATION_ID))
                .map(x -> AttestationParser.parse(x.body().getBytes(StandardCharsets.UTF_8), assessor.catalog())).orElse(List.of());
    }

    private void putAttestations(Context c) {
        byte[] body = Bodies.read(c, AttestationParser.MAX_BYTES);
        List<Attestation> list = AttestationParser.parse(body, assessor.catalog());
        Instant now = ctx.clock().instant();
        String actor = ApiServer.actor(c);
        ctx.store().transaction(r -> {
            r.records().put(ATTESTATION_KIND, ATTESTATION_ID, new String(body, StandardCharsets.UTF_8), now);
            AuditLog.append(r.audit(), now, actor, AuditAction.CONFORMITY, "attestations", list.size() + " manufacturer attestation(s) set");
            return null;
        });
        c.json(Map.of("attestations", list.size(), "requirements", list.stream().map(Attestation::requirementId).toList()));
    }

    private void putTraits(Context c) {
        String model = ctx.registry().model(c.pathParam("name")).name();
        TraitsRequest t = Json.body(c, TraitsRequest.class);
        if (t.sensors() == null || t.actuators() == null || t.networkInterfaces() == null || t.operation() == null
                || t.generalPurposeComputer() == null) {
            throw PalisadeException.invalid("traits need sensors, actuators, networkInterfaces, operation (standalone|needs-companion|"
                    + "component-only) and generalPurposeComputer");
        }
        IotTraits.Operation op;
        try {
            op = IotTraits.Operation.valueOf(t.operation().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw PalisadeException.invalid("operation must be standalone, needs-companion or component-only");
        }
        YearMonth placed = null;
        if (t.placedOnMarket() != null) {
            try {
                placed = YearMonth.parse(t.placedOnMarket());
            } catch (DateTimeParseException e) {
                throw PalisadeException.invalid("placedOnMarket must be a month like 2025-03");
            }
        }
        IotTraits traits;
        try {
            traits = new IotTraits(t.sensors(), t.actuators(), t.networkInterfaces(), op, t.generalPurposeComputer());
        } catch (IllegalArgumentException e) {
            throw PalisadeException.invalid(e.getMessage());
        }
        LivePlatformFacts.ModelTraits stored = new LivePlatformFacts.ModelTraits(traits, placed);
        Instant now = ctx.clock().instant();
        String actor = ApiServer.actor(c);
        ctx.store().transaction(r -> {
            r.records().put(LivePlatformFacts.TRAITS_KIND, model, Records.write(stored), now);
            AuditLog.append(r.audit(), now, actor, AuditAction.CONFORMITY, "model:" + model, "traits declared: " + traits);
            return null;
        });
        c.json(Map.of("model", model, "traits", traits, "definition", IotDeviceDefinition.check(traits)));
    }
}
