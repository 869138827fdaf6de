package io.palisade.detect.vpatch;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.core.JsonFactory;
import io.palisade.core.PalisadeException;
import io.palisade.detect.alert.Alert;
import io.palisade.detect.alert.Severity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Enforces virtual patches. {@link #decide} is the broker's per-publish hot path: patches are indexed by model,
 * firmware-range results cached, predicates precompiled, and the payload parsed as JSON only when a payload
 * rule applies to this device and topic (at most once per publish). A patch starts in {@link Stage#CANARY}
 * (canary devices only), is {@link #promote promoted} to {@link Stage#ALL}, is put on {@link Stage#HELD}
 * automatically when an alert of medium or higher severity arrives for one of its canary devices (it stays on
 * the canaries, promotion is refused until {@link #resume}), and is retired per device once the device reports
 * a firmware outside the range; it becomes {@link Stage#RETIRED} when no vulnerable in-scope device remains.
 */
public final class VirtualPatchEngine {
    public enum Stage { CANARY, HELD, ALL, RETIRED }

    /** A device the patch's scope covers, as known when the patch is applied. */
    public record DeviceFirmware(String deviceId, String model, String firmware) {
    }

    /** Status for the API: stage, how many devices are still vulnerable and how many have been retired. */
    public record PatchStatus(String id, String advisory, Stage stage, int vulnerableDevices, int retiredDevices,
            String holdReason, Instant stageChangedAt) {
    }

    private static final int MAX_PAYLOAD_PARSE = 256 * 1024;
    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build()).build());

    private final FirmwareRangeMatcher matcher;
    private final Clock clock;
    private final ConcurrentHashMap<String, Active> patches = new ConcurrentHashMap<>();
    private volatile Map<String, List<Active>> byModel = Map.of();

    public VirtualPatchEngine(FirmwareRangeMatcher matcher, Clock clock) {
        this.matcher = Objects.requireNonNull(matcher, "matcher");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Applies a patch in the canary stage. {@code fleet} lists the devices of the patch's models with their
     * current firmware (the server's registry); they seed the vulnerable set that drives retirement.
     */
    public synchronized PatchStatus apply(VirtualPatch patch, Collection<DeviceFirmware> fleet) {
        if (patches.containsKey(patch.id())) {
            throw PalisadeException.conflict("virtual patch '" + patch.id() + "' already exists");
        }
        matcher.contains(patch.firmwareRange(), "0");
        Active a = new Active(patch, clock.instant());
        for (DeviceFirmware d : fleet) {
            if (patch.models().contains(d.model()) && a.inRange(d.firmware())) {
                a.vulnerable.add(d.deviceId());
            }
        }
        patches.put(patch.id(), a);
        reindex();
        return a.status();
    }

    public synchronized void remove(String patchId) {
        if (patches.remove(patchId) == null) {
            throw PalisadeException.notFound("no virtual patch '" + patchId + "'");
        }
        reindex();
    }

    public PatchStatus status(String patchId) {
        return get(patchId).status();
    }

    public List<PatchStatus> list() {
        return patches.values().stream().map(Active::status).sorted(java.util.Comparator.comparing(PatchStatus::id)).toList();
    }

    public VirtualPatch patch(String patchId) {
        return get(patchId).patch;
    }

    /** Canary → all devices in scope. Refused while held (resume first) or once retired. */
    public synchronized PatchStatus promote(String patchId) {
        Active a = get(patchId);
        if (a.stage != Stage.CANARY) {
            throw PalisadeException.illegalState("virtual patch '" + patchId + "' is " + a.stage.name().toLowerCase()
                    + "; only a canary patch can be promoted" + (a.stage == Stage.HELD ? " (resume it first)" : ""));
        }
        a.moveTo(Stage.ALL, null, clock.instant());
        return a.status();
    }

    public synchronized PatchStatus hold(String patchId, String reason) {
        Active a = get(patchId);
        if (a.stage != Stage.CANARY) {
            throw PalisadeException.illegalState("only a canary patch can be held");
        }
        a.moveTo(Stage.HELD, reason, clock.instant());
        return a.status();
    }

    /** Held → canary again (after the alerts were looked at). */
    public synchronized PatchStatus resume(String patchId) {
        Active a = get(patchId);
        if (a.stage != Stage.HELD) {
            throw PalisadeException.illegalState("virtual patch '" + patchId + "' is not held");
        }
        a.moveTo(Stage.CANARY, null, clock.instant());
        return a.status();
    }

    /** Holds every canary-stage patch that covers the alert's device (severity medium or higher). */
    public synchronized void onAlert(Alert alert) {
        if (!alert.severity().atLeast(Severity.MEDIUM)) {
            return;
        }
        for (Active a : patches.values()) {
            if (a.stage == Stage.CANARY && a.canary(alert.subject())
                    && (alert.model() == null || a.patch.models().contains(alert.model()))) {
                a.moveTo(Stage.HELD, "alert " + alert.id() + " (" + alert.type() + ") on canary device " + alert.subject(),
                        clock.instant());
            }
        }
    }

    /** A device reported its firmware: retire patches whose range no longer covers it. */
    public synchronized void onFirmwareReported(String deviceId, String model, String firmware) {
        for (Active a : byModel.getOrDefault(model, List.of())) {
            if (a.stage == Stage.RETIRED) {
                continue;
            }
            if (a.inRange(firmware)) {
                a.retired.remove(deviceId);
                a.vulnerable.add(deviceId);
            } else {
                a.vulnerable.remove(deviceId);
                a.retired.add(deviceId);
                if (a.vulnerable.isEmpty()) {
                    a.moveTo(Stage.RETIRED, null, clock.instant());
                }
            }
        }
    }

    /** Whether the patch is enforced for this device now. */
    public boolean appliesTo(String patchId, String deviceId, String model, String firmware) {
        return get(patchId).appliesTo(deviceId, model, firmware);
    }

    /**
     * Decides one publish. {@code topic} is relative to the device prefix ({@code cmd/debug}); {@code firmware}
     * may be null when unknown (then patches apply: fail closed).
     */
    public PatchDecision decide(String deviceId, String model, String firmware, Direction direction, String topic,
            byte[] payload) {
        List<Active> list = byModel.get(model);
        if (list == null) {
            return PatchDecision.ALLOW;
        }
        JsonNode parsed = null;
        boolean parseFailed = false;
        for (int i = 0; i < list.size(); i++) {
            Active a = list.get(i);
            if (!a.appliesTo(deviceId, model, firmware)) {
                continue;
            }
            EdgeRule[] rules = a.rules;
            for (int r = 0; r < rules.length; r++) {
                EdgeRule rule = rules[r];
                if (rule.direction() != direction || !rule.topic().matches(topic)) {
                    continue;
                }
                switch (rule) {
                    case EdgeRule.DenyTopic d -> {
                        return new PatchDecision.Deny(a.patch.id(), "topic " + topic + " denied by virtual patch "
                                + a.patch.id() + " (" + a.patch.advisory() + ")");
                    }
                    case EdgeRule.MaxPayloadSize m -> {
                        if (payload != null && payload.length > m.maxBytes()) {
                            return new PatchDecision.Deny(a.patch.id(), "payload of " + payload.length + " bytes exceeds "
                                    + m.maxBytes() + " (virtual patch " + a.patch.id() + ")");
                        }
                    }
                    case EdgeRule.RateLimit rl -> {
                        if (!a.admit(deviceId, r, rl.perMinute(), clock.millis())) {
                            return new PatchDecision.Deny(a.patch.id(), "more than " + rl.perMinute()
                                    + " publishes per minute on " + rl.topic().text() + " (virtual patch " + a.patch.id() + ")");
                        }
                    }
                    case EdgeRule.PayloadMatch pm -> {
                        if (parsed == null && !parseFailed) {
                            parsed = parse(payload);
                            parseFailed = parsed == null;
                        }
                        if (parseFailed) {
                            return new PatchDecision.Deny(a.patch.id(), "payload is not JSON the predicate of virtual patch "
                                    + a.patch.id() + " can check (fail closed)");
                        }
                        if (a.compiled.get(r).test(parsed)) {
                            return new PatchDecision.Deny(a.patch.id(), "payload matches " + pm.predicate().path() + " "
                                    + pm.predicate().op().name().toLowerCase() + " (virtual patch " + a.patch.id() + ", "
                                    + a.patch.advisory() + ")");
                        }
                    }
                }
            }
        }
        return PatchDecision.ALLOW;
    }

    /** Gateway deny entries to add to the device's MUD policy. */
    public List<GatewayDeny> gatewayDenies(String deviceId, String model, String firmware) {
        List<GatewayDeny> out = new ArrayList<>();
        for (Active a : byModel.getOrDefault(model, List.of())) {
            if (a.appliesTo(deviceId, model, firmware)) {
                out.addAll(a.patch.gatewayDenies());
            }
        }
        return List.copyOf(out);
    }

    private static JsonNode parse(byte[] payload) {
        if (payload == null || payload.length == 0 || payload.length > MAX_PAYLOAD_PARSE) {
            return null;
        }
        try {
            return MAPPER.readTree(new String(payload, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private Active get(String id) {
        Active a = patches.get(id);
        if (a == null) {
            throw PalisadeException.notFound("no virtual patch '" + id + "'");
        }
        return a;
    }

    private void reindex() {
        Map<String, List<Active>> m = new HashMap<>();
        for (Active a : patches.values()) {
            for (String model : a.patch.models()) {
                m.computeIfAbsent(model, k -> new ArrayList<>()).add(a);
            }
        }
        Map<String, List<Active>> frozen = new HashMap<>();
        m.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
        byModel = Map.copyOf(frozen);
    }

    private final class Active {
        final VirtualPatch patch;
        final EdgeRule[] rules;
        final List<JsonPredicate.Compiled> compiled;
        final Set<String> vulnerable = ConcurrentHashMap.newKeySet();
        final Set<String> retired = ConcurrentHashMap.newKeySet();
        final ConcurrentHashMap<String, Boolean> rangeCache = new ConcurrentHashMap<>();
        final ConcurrentHashMap<String, long[]> rate = new ConcurrentHashMap<>();
        volatile Stage stage = Stage.CANARY;
        volatile String holdReason;
        volatile Instant changedAt;

        Active(VirtualPatch p, Instant at) {
            this.patch = p;
            this.rules = p.edgeRules().toArray(new EdgeRule[0]);
            List<JsonPredicate.Compiled> c = new ArrayList<>();
            for (EdgeRule r : rules) {
                c.add(r instanceof EdgeRule.PayloadMatch pm ? pm.predicate().compile() : null);
            }
            this.compiled = java.util.Collections.unmodifiableList(c);
            this.changedAt = at;
        }

        boolean inRange(String firmware) {
            if (firmware == null) {
                return true;
            }
            Boolean b = rangeCache.get(firmware);
            if (b == null) {
                b = matcher.contains(patch.firmwareRange(), firmware);
                if (rangeCache.size() < 1024) {
                    rangeCache.put(firmware, b);
                }
            }
            return b;
        }

        boolean canary(String deviceId) {
            if (patch.canaryDevices().contains(deviceId)) {
                return true;
            }
            int h = Math.floorMod((patch.id() + "|" + deviceId).hashCode() * 0x9E3779B1, 100);
            return h < patch.canaryPercent();
        }

        boolean appliesTo(String deviceId, String model, String firmware) {
            Stage s = stage;
            return s != Stage.RETIRED && patch.models().contains(model) && !retired.contains(deviceId)
                    && inRange(firmware) && (s == Stage.ALL || canary(deviceId));
        }

        boolean admit(String deviceId, int ruleIndex, int perMinute, long now) {
            long[] w = rate.computeIfAbsent(deviceId + "#" + ruleIndex, k -> new long[] {now, 0});
            synchronized (w) {
                if (now - w[0] >= 60_000 || now < w[0]) {
                    w[0] = now;
                    w[1] = 0;
                }
                return ++w[1] <= perMinute;
            }
        }

        void moveTo(Stage s, String reason, Instant at) {
            stage = s;
            holdReason = reason;
            changedAt = at;
        }

        PatchStatus status() {
            return new PatchStatus(patch.id(), patch.advisory(), stage, vulnerable.size(), retired.size(), holdReason, changedAt);
        }
    }
}
