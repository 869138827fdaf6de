package io.palisade.server.conformity;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.palisade.conformity.assess.AssessmentResult;
import io.palisade.conformity.attest.AttestationParser;
import io.palisade.conformity.report.HtmlReport;
import io.palisade.conformity.report.JsonReport;
import io.palisade.conformity.report.OscalWriter;
import io.palisade.server.http.Bodies;
import io.palisade.server.http.Json;
import io.palisade.server.http.Params;
import io.palisade.server.http.RouteModule;

/**
 * {@code GET /api/v1/conformity?profile&standard&model&format=json|html|oscal}, the OSCAL catalog, manufacturer
 * attestations, model traits and the IoT-device definition of a model.
 */
public final class ConformityRoutes implements RouteModule {
    private final ConformityService conformity;

    public ConformityRoutes(ConformityService conformity) {
        this.conformity = conformity;
    }

    @Override
    public void register(Javalin app) {
        app.get("/api/v1/conformity", this::assess);
        app.get("/api/v1/conformity/catalog", c -> {
            Bodies.choice(c, "format", "oscal");
            c.contentType("application/json").result(conformity.oscalCatalog());
        });
        app.put("/api/v1/attestations", c -> c.json(conformity.setAttestations(Params.actor(c), Bodies.read(c, AttestationParser.MAX_BYTES))));
        app.get("/api/v1/attestations", c -> c.json(conformity.attestations()));
        app.put("/api/v1/models/{name}/traits", c -> c.json(conformity.setTraits(Params.actor(c), c.pathParam("name"),
                Json.body(c, ConformityService.TraitsRequest.class))));
        app.get("/api/v1/models/{name}/device-definition", c -> c.json(conformity.deviceDefinition(c.pathParam("name"))));
    }

    private void assess(Context c) {
        String format = Bodies.choice(c, "format", "json", "html", "oscal");
        AssessmentResult r = conformity.assess(c.queryParam("profile"), c.queryParam("standard"), c.queryParam("model"));
        switch (format) {
            case "html" -> c.contentType("text/html; charset=utf-8").result(HtmlReport.render(r));
            case "oscal" -> c.contentType("application/json").result(OscalWriter.toJson(OscalWriter.assessmentResults(r)));
            default -> c.contentType("application/json").result(JsonReport.write(r));
        }
    }
}
