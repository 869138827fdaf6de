package io.palisade.server.detect;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.palisade.core.PalisadeException;
import io.palisade.detect.alert.AlertFilter;
import io.palisade.detect.alert.AlertService;
import io.palisade.detect.alert.AlertState;
import io.palisade.detect.alert.Severity;
import io.palisade.detect.incident.IncidentService;
import io.palisade.detect.response.ResponseEngine;
import io.palisade.server.http.Params;
import io.palisade.server.http.RouteModule;
import io.palisade.server.support.Records;
import java.util.Locale;

/** /api/v1/alerts, /incidents, /responses: triage, incident timelines and the actions playbooks took or propose. */
public final class AlertRoutes implements RouteModule {
    private final AlertService alerts;
    private final IncidentService incidents;
    private final ResponseEngine response;
    private final RecordActionLog actions;

    public AlertRoutes(AlertService alerts, IncidentService incidents, ResponseEngine response, RecordActionLog actions) {
        this.alerts = alerts;
        this.incidents = incidents;
        this.response = response;
        this.actions = actions;
    }

    @Override
    public void register(Javalin app) {
        app.get("/api/v1/alerts", this::listAlerts);
        app.get("/api/v1/alerts/{id}", ctx -> ctx.json(alerts.get(ctx.pathParam("id"))));
        app.post("/api/v1/alerts/{id}/ack", ctx -> ctx.json(alerts.acknowledge(ctx.pathParam("id"), Params.actor(ctx), note(ctx))));
        app.post("/api/v1/alerts/{id}/resolve", ctx -> ctx.json(alerts.resolve(ctx.pathParam("id"), Params.actor(ctx), note(ctx))));
        app.get("/api/v1/incidents", ctx -> ctx.json(incidents.list()));
        app.get("/api/v1/incidents/{id}", ctx -> ctx.json(incidents.get(ctx.pathParam("id"))));
        app.get("/api/v1/incidents/{id}/export", ctx -> ctx.contentType("application/json").result(incidents.export(ctx.pathParam("id"))));
        app.post("/api/v1/incidents/{id}/notes", ctx -> ctx.json(incidents.addNote(ctx.pathParam("id"), Params.actor(ctx), requiredNote(ctx))));
        app.post("/api/v1/incidents/{id}/close", ctx -> ctx.json(incidents.close(ctx.pathParam("id"), Params.actor(ctx))));
        app.get("/api/v1/responses/approvals", ctx -> ctx.json(response.approvals("true".equals(ctx.queryParam("pending")))));
        app.post("/api/v1/responses/approvals/{id}/approve", ctx -> ctx.json(response.approve(ctx.pathParam("id"), Params.actor(ctx))));
        app.post("/api/v1/responses/approvals/{id}/reject", ctx -> ctx.json(response.reject(ctx.pathParam("id"), Params.actor(ctx), note(ctx))));
        app.get("/api/v1/responses/actions", ctx -> ctx.json(actions.list((int) Params.longParam(ctx, "limit", 100, 1, 10_000))));
        app.post("/api/v1/responses/actions/{id}/undo", ctx -> ctx.json(response.undo(ctx.pathParam("id"), Params.actor(ctx))));
    }

    private void listAlerts(Context ctx) {
        AlertState state = ctx.queryParam("state") == null ? null : AlertState.valueOf(enumName(ctx.queryParam("state"), "state"));
        Severity min = ctx.queryParam("severity") == null ? null : Severity.valueOf(enumName(ctx.queryParam("severity"), "severity"));
        ctx.json(alerts.list(new AlertFilter(state, min, ctx.queryParam("type"), ctx.queryParam("device"),
                (int) Params.longParam(ctx, "limit", 100, 1, 1000))));
    }

    private static String enumName(String v, String field) {
        String n = v.toUpperCase(Locale.ROOT).replace('-', '_');
        if (!n.matches("[A-Z_]{1,20}")) {
            throw PalisadeException.invalid("invalid " + field);
        }
        try {
            if (field.equals("state")) {
                AlertState.valueOf(n);
            } else {
                Severity.valueOf(n);
            }
        } catch (IllegalArgumentException e) {
            throw PalisadeException.invalid("unknown " + field + " '" + v + "'");
        }
        return n;
    }

    private static String note(Context ctx) {
        if (ctx.body().isBlank()) {
            return null;
        }
        JsonNode n;
        try {
            n = Records.MAPPER.readTree(ctx.body());
        } catch (java.io.IOException e) {
            throw PalisadeException.invalid("body must be JSON like {\"note\":\"...\"}");
        }
        String note = n.path("note").asText(null);
        if (note != null && note.length() > 2000) {
            throw PalisadeException.invalid("note is longer than 2000 characters");
        }
        return note;
    }

    private static String requiredNote(Context ctx) {
        String n = note(ctx);
        if (n == null || n.isBlank()) {
            throw PalisadeException.invalid("field 'note' is required");
        }
        return n;
    }
}
