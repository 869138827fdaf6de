package io.palisade.server.detect;

import io.palisade.server.http.Params;
import io.javalin.Javalin;
import io.palisade.core.PalisadeException;
import io.palisade.core.audit.AuditAction;
import io.palisade.core.audit.AuditLog;
import io.palisade.core.registry.DeviceRegistry;
import io.palisade.core.store.Store;
import io.palisade.detect.vpatch.Direction;
import io.palisade.detect.vpatch.EdgeRule;
import io.palisade.detect.vpatch.FirmwareRangeMatcher;
import io.palisade.detect.vpatch.GatewayDeny;
import io.palisade.detect.vpatch.JsonPredicate;
import io.palisade.detect.vpatch.PatchDecision;
import io.palisade.detect.vpatch.TopicPattern;
import io.palisade.detect.vpatch.VirtualPatch;
import io.palisade.detect.vpatch.VirtualPatchEngine;
import io.palisade.server.support.Records;
import io.palisade.server.http.Json;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Virtual patches in the running platform: stored as {@code vpatch} records (the request and its stage), applied
 * to the live fleet at start and on creation, enforced at the edge on every publish of a device in scope (both
 * directions), and retired per device when it reports a firmware outside the vulnerable range.
 */
public final class VirtualPatches {
    private static final Logger LOG = LoggerFactory.getLogger(VirtualPatches.class);
    static final String KIND = "vpatch";

    /** An edge rule as JSON: type deny-topic | payload | max-size | rate-limit. */
    public record EdgeRuleRequest(String type, String topic, String direction, String path, String op, String value,
                                  Integer maxBytes, Integer perMinute) {
    }

    public record GatewayRequest(String dst, String proto, Integer dport) {
    }

    public record PatchRequest(String id, String advisory, String description, List<String> models, String firmwareRange,
                               List<EdgeRuleRequest> edge, List<GatewayRequest> gateway, Integer canaryPercent,
                               List<String> canaryDevices) {
    }

    public record Stored(PatchRequest request, String stage, String holdReason) {
    }

    private final Store store;
    private final DeviceRegistry registry;
    private final DeviceDirectory directory;
    private final Clock clock;
    private final VirtualPatchEngine engine;
    private volatile boolean active;

    public VirtualPatches(Store store, DeviceRegistry registry, DeviceDirectory directory, VirtualPatchEngine engine, Clock clock) {
        this.store = store;
        this.registry = registry;
        this.directory = directory;
        this.clock = clock;
        this.engine = engine;
        for (var rec : store.read(r -> r.records().list(KIND, "", 10_000))) {
            Stored s = Records.read(rec.body(), Stored.class);
            try {
                VirtualPatch p = toPatch(s.request());
                engine.apply(p, fleet(p));
                if ("ALL".equals(s.stage())) {
                    engine.promote(p.id());
                } else if ("HELD".equals(s.stage())) {
                    engine.hold(p.id(), s.holdReason() == null ? "held before restart" : s.holdReason());
                } else if ("RETIRED".equals(s.stage())) {
                    engine.remove(p.id());
                }
            } catch (PalisadeException e) {
                LOG.warn("stored virtual patch {} not applied: {}", rec.id(), e.getMessage());
            }
        }
        refreshActive();
    }

    public VirtualPatchEngine engine() {
        return engine;
    }

    /** Whether any patch is in force (the edge only copies payloads for inspection while one is). */
    public boolean active() {
        return active;
    }

    private void refreshActive() {
        active = engine.list().stream().anyMatch(p -> p.stage() != VirtualPatchEngine.Stage.RETIRED);
    }

    public PatchDecision decide(String deviceId, Direction direction, String topic, byte[] payload) {
        if (!active) {
            return PatchDecision.ALLOW;
        }
        Optional<DeviceDirectory.Info> info = directory.find(deviceId);
        if (info.isEmpty()) {
            return PatchDecision.ALLOW;
        }
        return engine.decide(deviceId, info.get().model(), info.get().firmware(), direction, topic, payload);
    }

    public List<GatewayDeny> gatewayDenies(String deviceId) {
        if (!active) {
            return List.of();
        }
        return directory.find(deviceId).map(i -> engine.gatewayDenies(deviceId, i.model(), i.firmware())).orElse(List.of());
    }

    public void onFirmware(String deviceId, String model, String firmware) {
        directory.invalidate(deviceId);
        if (active) {
            engine.onFirmwareReported(deviceId, model, firmware);
            persistStages();
            refreshActive();
        }
    }

    public VirtualPatchEngine.PatchStatus create(String actor, PatchRequest req) {
        VirtualPatch p = toPatch(req);
        for (String m : p.models()) {
            registry.model(m);
        }
        if (store.read(r -> r.records().find(KIND, p.id())).isPresent()) {
            throw PalisadeException.conflict("virtual patch '" + p.id() + "' exists");
        }
        VirtualPatchEngine.PatchStatus st = engine.apply(p, fleet(p));
        save(actor, p.id(), req, st, "created: advisory=" + p.advisory() + " models=" + p.models() + " range=" + p.firmwareRange()
                + " stage=" + st.stage());
        refreshActive();
        return st;
    }

    VirtualPatchEngine.PatchStatus change(String actor, String id, String what, java.util.function.Supplier<VirtualPatchEngine.PatchStatus> op) {
        PatchRequest req = stored(id).request();
        VirtualPatchEngine.PatchStatus st = op.get();
        save(actor, id, req, st, what);
        refreshActive();
        return st;
    }

    private void save(String actor, String id, PatchRequest req, VirtualPatchEngine.PatchStatus st, String note) {
        store.transaction(r -> {
            r.records().put(KIND, id, Records.write(new Stored(req, st.stage().name(), st.holdReason())), clock.instant());
            AuditLog.append(r.audit(), clock.instant(), actor, AuditAction.VPATCH, "vpatch:" + id, note);
            return null;
        });
    }

    private void persistStages() {
        for (VirtualPatchEngine.PatchStatus st : engine.list()) {
            store.read(r -> r.records().find(KIND, st.id())).ifPresent(rec -> {
                Stored s = Records.read(rec.body(), Stored.class);
                if (!st.stage().name().equals(s.stage())) {
                    save("system", st.id(), s.request(), st, "stage " + st.stage().name().toLowerCase(Locale.ROOT));
                }
            });
        }
    }

    Stored stored(String id) {
        return store.read(r -> r.records().find(KIND, id)).map(x -> Records.read(x.body(), Stored.class))
                .orElseThrow(() -> PalisadeException.notFound("no virtual patch '" + id + "'"));
    }

    private List<VirtualPatchEngine.DeviceFirmware> fleet(VirtualPatch p) {
        List<VirtualPatchEngine.DeviceFirmware> out = new ArrayList<>();
        for (String m : p.models()) {
            registry.devicesOfModel(m).forEach(d -> out.add(new VirtualPatchEngine.DeviceFirmware(d.id().value(), d.model(), d.firmware())));
        }
        return out;
    }

    static VirtualPatch toPatch(PatchRequest r) {
        if (r == null || r.models() == null || r.firmwareRange() == null) {
            throw PalisadeException.invalid("fields 'id', 'advisory', 'models' and 'firmwareRange' are required");
        }
        List<EdgeRule> edge = new ArrayList<>();
        for (EdgeRuleRequest e : r.edge() == null ? List.<EdgeRuleRequest>of() : r.edge()) {
            if (e.type() == null || e.topic() == null) {
                throw PalisadeException.invalid("an edge rule needs 'type' and 'topic'");
            }
            TopicPattern t = new TopicPattern(e.topic());
            Direction d = direction(e.direction());
            edge.add(switch (e.type()) {
                case "deny-topic" -> new EdgeRule.DenyTopic(t, d);
                case "payload" -> {
                    if (e.path() == null || e.op() == null || e.value() == null) {
                        throw PalisadeException.invalid("a payload rule needs 'path', 'op' and 'value'");
                    }
                    JsonPredicate.Op op;
                    try {
                        op = JsonPredicate.Op.valueOf(e.op().toUpperCase(Locale.ROOT));
                    } catch (IllegalArgumentException x) {
                        throw PalisadeException.invalid("op must be equals, contains, matches, gt or lt");
                    }
                    yield new EdgeRule.PayloadMatch(t, d, new JsonPredicate(e.path(), op, e.value()));
                }
                case "max-size" -> new EdgeRule.MaxPayloadSize(t, d, require(e.maxBytes(), "maxBytes"));
                case "rate-limit" -> new EdgeRule.RateLimit(t, d, require(e.perMinute(), "perMinute"));
                default -> throw PalisadeException.invalid("edge rule type must be deny-topic, payload, max-size or rate-limit");
            });
        }
        List<GatewayDeny> gw = new ArrayList<>();
        for (GatewayRequest g : r.gateway() == null ? List.<GatewayRequest>of() : r.gateway()) {
            gw.add(new GatewayDeny(g.dst(), g.proto(), g.dport()));
        }
        return new VirtualPatch(r.id(), r.advisory(), r.description(), Set.copyOf(r.models()), r.firmwareRange(), edge, gw,
                r.canaryPercent() == null ? 0 : r.canaryPercent(), r.canaryDevices() == null ? Set.of() : Set.copyOf(r.canaryDevices()));
    }

    private static int require(Integer v, String field) {
        if (v == null) {
            throw PalisadeException.invalid("field '" + field + "' is required for this edge rule");
        }
        return v;
    }

    private static Direction direction(String s) {
        if (s == null || s.equals("to-device")) {
            return Direction.TO_DEVICE;
        }
        if (s.equals("from-device")) {
            return Direction.FROM_DEVICE;
        }
        throw PalisadeException.invalid("direction must be to-device or from-device");
    }

    /** Retires a patch by the operator's decision: it stops applying at once. */
    public VirtualPatchEngine.PatchStatus retire(String actor, String id) {
        PatchRequest req = stored(id).request();
        VirtualPatchEngine.PatchStatus before = engine.status(id);
        engine.remove(id);
        VirtualPatchEngine.PatchStatus st = new VirtualPatchEngine.PatchStatus(id, before.advisory(), VirtualPatchEngine.Stage.RETIRED,
                before.vulnerableDevices(), before.retiredDevices(), null, clock.instant());
        save(actor, id, req, st, "retired by operator");
        refreshActive();
        return st;
    }
}
