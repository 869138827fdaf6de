package io.palisade.server.detect;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.palisade.core.PalisadeException;
import io.palisade.core.device.DeviceId;
import io.palisade.core.device.DeviceRegistry;
import io.palisade.core.device.RiskProfile;
import io.palisade.core.event.DomainEvent;
import io.palisade.core.identity.RevocationReason;
import io.palisade.core.store.Store;
import io.palisade.core.telemetry.TelemetryRecord;
import io.palisade.detect.alert.Alert;
import io.palisade.detect.alert.AlertFilter;
import io.palisade.detect.alert.AlertService;
import io.palisade.detect.alert.AlertState;
import io.palisade.detect.alert.Severity;
import io.palisade.detect.alert.Signal;
import io.palisade.detect.behaviour.DetectionEngine;
import io.palisade.detect.behaviour.DetectionSettings;
import io.palisade.detect.behaviour.Metric;
import io.palisade.detect.behaviour.SecurityProfile;
import io.palisade.detect.incident.IncidentService;
import io.palisade.detect.response.ActionType;
import io.palisade.detect.response.Playbook;
import io.palisade.detect.response.ResponseActions;
import io.palisade.detect.response.ResponseEngine;
import io.palisade.detect.response.SyslogNotifier;
import io.palisade.detect.response.WebhookNotifier;
import io.palisade.detect.vpatch.Direction;
import io.palisade.detect.vpatch.FirmwareRangeMatcher;
import io.palisade.detect.vpatch.PatchDecision;
import io.palisade.detect.vpatch.VirtualPatchEngine;
import io.palisade.server.Records;
import io.palisade.server.api.ApiServer;
import io.palisade.server.update.Groups;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Detection and response in the running platform: one alert service that every capability raises signals
 * through (MUD violations, edge security events, behaviour rules and baselines, rollouts, audit checks,
 * vulnerability clocks), the playbooks that answer alerts with actions on the registry, incidents, and virtual
 * patches enforced at the edge. Also the REST face of all of it.
 */
public final class DetectionModule implements ApiServer.RouteModule, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DetectionModule.class);
    static final String PROFILE_KIND = "security-profile";
    static final String PLAYBOOK_KIND = "playbook";
    static final String ACTOR = ResponseEngine.SYSTEM_ACTOR;

    private final Store store;
    private final DeviceRegistry registry;
    private final Clock clock;
    private final DeviceDirectory directory;
    private final AlertService alerts;
    private final ResponseEngine response;
    private final IncidentService incidents;
    private final DetectionEngine engine;
    private final VirtualPatches vpatches;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    /** Where notifications go: a webhook (HMAC secret from the environment, never stored) and/or syslog. */
    public record Notifications(URI webhook, byte[] webhookSecret, InetSocketAddress syslog) {
        public static Notifications none() {
            return new Notifications(null, null, null);
        }
    }

    public DetectionModule(Store store, DeviceRegistry registry, DeviceDirectory directory, FirmwareRangeMatcher ranges,
                           Notifications notifications, Clock clock) {
        this.store = store;
        this.registry = registry;
        this.clock = clock;
        this.directory = directory;
        this.alerts = new AlertService(new RecordAlertRepository(store, clock), clock);
        this.response = new ResponseEngine(playbooks(), new PlatformActions(), new RecordActionLog(store), this::riskOf, clock);
        this.incidents = new IncidentService(alerts, clock, Duration.ofMinutes(30));
        this.vpatches = new VirtualPatches(store, registry, directory, ranges, clock);
        alerts.addListener(response);
        alerts.addListener(incidents);
        alerts.addListener((alert, change) -> vpatches.engine().onAlert(alert));
        alerts.addListener((alert, change) -> LOG.warn("alert {} {} [{}] {}: {} ({})", alert.id(), change.name().toLowerCase(Locale.ROOT),
                alert.severity().name().toLowerCase(Locale.ROOT), alert.type(), alert.title(), alert.subject()));
        response.addActionListener(incidents::onAction);
        if (notifications.webhook() != null) {
            WebhookNotifier w = new WebhookNotifier(notifications.webhook(), notifications.webhookSecret(), clock, Duration.ofSeconds(5), 1000);
            response.registerNotifier(ActionType.NOTIFY_WEBHOOK, w);
            closeables.add(w);
        }
        if (notifications.syslog() != null) {
            response.registerNotifier(ActionType.NOTIFY_SYSLOG, new SyslogNotifier(notifications.syslog(), "palisade", clock));
        }
        this.engine = new DetectionEngine(DetectionSettings.defaults(), this::raiseQuietly,
                id -> Groups.list(store).stream().filter(g -> g.devices().contains(id)).map(Groups.Group::name)
                        .collect(java.util.stream.Collectors.toUnmodifiableSet()));
        engine.setProfiles(loadProfiles());
    }

    public AlertService alerts() {
        return alerts;
    }

    public VirtualPatches vpatches() {
        return vpatches;
    }

    public DetectionEngine engine() {
        return engine;
    }

    /** Raises a signal; never throws (a broken signal is logged, detection goes on). */
    public Optional<Alert> raiseQuietly(Signal s) {
        try {
            return Optional.of(alerts.raise(s).alert());
        } catch (RuntimeException e) {
            LOG.warn("signal {} about {} not raised: {}", s.type(), s.subject(), e.toString());
            return Optional.empty();
        }
    }

    /** Device-side metrics report ({@code palisade/v1/d/<id>/metrics}). */
    public void onMetricsReport(TelemetryRecord rec) {
        directory.find(rec.deviceId().value()).ifPresent(info -> {
            try {
                engine.ingestReport(info.deviceId(), info.model(), rec.payload().getBytes(StandardCharsets.UTF_8), rec.receivedAt());
            } catch (PalisadeException e) {
                LOG.info("metrics report of {} refused: {}", info.deviceId(), e.getMessage());
            }
        });
    }

    /** Cloud-side counters of one device, sampled by the server from the edge. */
    public void onCloudSample(String deviceId, Metric metric, double value, Instant at) {
        directory.find(deviceId).ifPresent(info -> engine.ingest(deviceId, info.model(), metric, value, at.toEpochMilli()));
    }

    /** Security events of the edge (rate limit, schema violations...) become signals. */
    public void onSecurityEvent(DomainEvent.SecurityEvent e) {
        String model = directory.find(e.deviceId().value()).map(DeviceDirectory.Info::model).orElse(null);
        Severity sev = "rate-limit".equals(e.type()) ? Severity.MEDIUM : Severity.LOW;
        raiseQuietly(new Signal("edge." + e.type().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-"), e.deviceId().value(), model, sev,
                "edge: " + e.type(), e.detail(), Map.of("detail", e.detail()), e.at()));
    }

    private RiskProfile riskOf(Alert a) {
        if (a.model() != null) {
            try {
                return registry.model(a.model()).profile();
            } catch (PalisadeException e) {
                return RiskProfile.CRITICAL;
            }
        }
        return RiskProfile.CRITICAL;
    }

    private Map<RiskProfile, Playbook> playbooks() {
        Map<RiskProfile, Playbook> out = new LinkedHashMap<>(Playbook.defaults());
        store.read(r -> r.records().list(PLAYBOOK_KIND, "", 100)).forEach(rec -> {
            Playbook p = Playbook.fromJson(rec.body().getBytes(StandardCharsets.UTF_8));
            out.put(p.profile(), p);
        });
        return out;
    }

    private List<SecurityProfile> loadProfiles() {
        List<SecurityProfile> out = new ArrayList<>();
        store.read(r -> r.records().list(PROFILE_KIND, "", 10_000)).forEach(rec -> {
            try {
                out.add(SecurityProfile.fromJson(rec.body().getBytes(StandardCharsets.UTF_8)));
            } catch (PalisadeException e) {
                LOG.warn("stored security profile {} is unreadable: {}", rec.id(), e.getMessage());
            }
        });
        return out;
    }

    /** The platform's answers to playbook actions (quarantine, release, revoke, re-enrollment). */
    private final class PlatformActions implements ResponseActions {
        @Override
        public void quarantine(DeviceId id, String reason) {
            registry.quarantine(ACTOR, id, reason);
            directory.invalidate(id.value());
        }

        @Override
        public void release(DeviceId id, String reason) {
            registry.release(ACTOR, id);
            directory.invalidate(id.value());
        }

        @Override
        public void revoke(DeviceId id, String reason) {
            registry.revoke(ACTOR, id, RevocationReason.KEY_COMPROMISE);
            directory.invalidate(id.value());
        }

        /** Revokes the identity as superseded: the device goes back to registered and needs a fresh enrollment. */
        @Override
        public void forceReenroll(DeviceId id, String reason) {
            registry.revoke(ACTOR, id, RevocationReason.SUPERSEDED);
            directory.invalidate(id.value());
        }

        @Override
        public void applyVirtualPatch(String patchId, DeviceId id) {
            vpatches.engine().status(patchId);
            LOG.info("virtual patch {} covers {} (playbook action)", patchId, id);
        }
    }

    // ---- REST ----------------------------------------------------------------------------------------------

    @Override
    public void register(Javalin app) {
        app.get("/api/v1/alerts", this::listAlerts);
        app.get("/api/v1/alerts/{id}", ctx -> ctx.json(alerts.get(ctx.pathParam("id"))));
        app.post("/api/v1/alerts/{id}/ack", ctx -> ctx.json(alerts.acknowledge(ctx.pathParam("id"), ApiServer.actor(ctx), note(ctx))));
        app.post("/api/v1/alerts/{id}/resolve", ctx -> ctx.json(alerts.resolve(ctx.pathParam("id"), ApiServer.actor(ctx), note(ctx))));
        app.get("/api/v1/incidents", ctx -> ctx.json(incidents.list()));
        app.get("/api/v1/incidents/{id}", ctx -> ctx.json(incidents.get(ctx.pathParam("id"))));
        app.get("/api/v1/incidents/{id}/export", ctx -> ctx.contentType("application/json").result(incidents.export(ctx.pathParam("id"))));
        app.post("/api/v1/incidents/{id}/notes", ctx -> ctx.json(incidents.addNote(ctx.pathParam("id"), ApiServer.actor(ctx), requiredNote(ctx))));
        app.post("/api/v1/incidents/{id}/close", ctx -> ctx.json(incidents.close(ctx.pathParam("id"), ApiServer.actor(ctx))));
        app.get("/api/v1/responses/approvals", ctx -> ctx.json(response.approvals("true".equals(ctx.queryParam("pending")))));
        app.post("/api/v1/responses/approvals/{id}/approve", ctx -> ctx.json(response.approve(ctx.pathParam("id"), ApiServer.actor(ctx))));
        app.post("/api/v1/responses/approvals/{id}/reject", ctx -> ctx.json(response.reject(ctx.pathParam("id"), ApiServer.actor(ctx), note(ctx))));
        app.get("/api/v1/responses/actions", ctx -> ctx.json(new RecordActionLog(store).list((int) ApiServer.longParam(ctx, "limit", 100, 1, 10_000))));
        app.post("/api/v1/responses/actions/{id}/undo", ctx -> ctx.json(response.undo(ctx.pathParam("id"), ApiServer.actor(ctx))));
        app.get("/api/v1/playbooks", ctx -> ctx.json(playbooks()));
        app.put("/api/v1/playbooks/{profile}", ctx -> {
            Playbook p = Playbook.fromJson(ctx.bodyAsBytes());
            if (!p.profile().label().equals(RiskProfile.parse(ctx.pathParam("profile")).label())) {
                throw PalisadeException.invalid("playbook is for profile '" + p.profile().label() + "', not '" + ctx.pathParam("profile") + "'");
            }
            store.transaction(r -> r.records().put(PLAYBOOK_KIND, p.profile().label(), ctx.body(), clock.instant()));
            ctx.json(Map.of("profile", p.profile().label(), "entries", p.entries().size(), "note", "takes effect at the next server start"));
        });
        app.put("/api/v1/security-profiles/{name}", ctx -> {
            SecurityProfile p = SecurityProfile.fromJson(ctx.bodyAsBytes());
            if (!p.name().equals(ctx.pathParam("name"))) {
                throw PalisadeException.invalid("profile name '" + p.name() + "' differs from the path '" + ctx.pathParam("name") + "'");
            }
            for (String m : p.models()) {
                registry.model(m);
            }
            store.transaction(r -> r.records().put(PROFILE_KIND, p.name(), ctx.body(), clock.instant()));
            engine.setProfiles(loadProfiles());
            ctx.json(p);
        });
        app.get("/api/v1/security-profiles", ctx -> ctx.json(engine.profiles()));
        app.delete("/api/v1/security-profiles/{name}", ctx -> {
            boolean gone = store.transaction(r -> r.records().delete(PROFILE_KIND, ctx.pathParam("name")));
            if (!gone) {
                throw PalisadeException.notFound("no security profile '" + ctx.pathParam("name") + "'");
            }
            engine.setProfiles(loadProfiles());
            ctx.status(204);
        });
        app.get("/api/v1/detection/stats", ctx -> ctx.json(engine.stats()));
        vpatches.register(app);
    }

    private void listAlerts(Context ctx) {
        AlertState state = ctx.queryParam("state") == null ? null : AlertState.valueOf(enumName(ctx.queryParam("state"), "state"));
        Severity min = ctx.queryParam("severity") == null ? null : Severity.valueOf(enumName(ctx.queryParam("severity"), "severity"));
        ctx.json(alerts.list(new AlertFilter(state, min, ctx.queryParam("type"), ctx.queryParam("device"),
                (int) ApiServer.longParam(ctx, "limit", 100, 1, 1000))));
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

    public PatchDecision decide(String deviceId, Direction direction, String topic, byte[] payload) {
        return vpatches.decide(deviceId, direction, topic, payload);
    }

    @Override
    public void close() {
        for (AutoCloseable c : closeables) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.debug("close failed", e);
            }
        }
    }
}
