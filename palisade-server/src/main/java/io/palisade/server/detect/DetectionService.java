package io.palisade.server.detect;

import io.palisade.core.PalisadeException;
import io.palisade.core.registry.DeviceRegistry;
import io.palisade.core.device.RiskProfile;
import io.palisade.core.event.DomainEvent;
import io.palisade.core.store.Store;
import io.palisade.core.telemetry.TelemetryRecord;
import io.palisade.detect.alert.Alert;
import io.palisade.detect.alert.Severity;
import io.palisade.detect.alert.Signal;
import io.palisade.detect.behaviour.DetectionEngine;
import io.palisade.detect.behaviour.Metric;
import io.palisade.detect.behaviour.SecurityProfile;
import io.palisade.detect.response.Playbook;
import io.palisade.detect.response.ResponseEngine;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
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
 * vulnerability clocks), the playbooks that answer alerts, security profiles for the behaviour engine, and the
 * device-side inputs of detection. Its parts are built by the composition root and handed in.
 */
public final class DetectionService {
    private static final Logger LOG = LoggerFactory.getLogger(DetectionService.class);
    static final String PROFILE_KIND = "security-profile";
    static final String PLAYBOOK_KIND = "playbook";
    /** The actor of actions the platform takes by itself. */
    public static final String ACTOR = ResponseEngine.SYSTEM_ACTOR;

    private final Store store;
    private final DeviceRegistry registry;
    private final Clock clock;
    private final DeviceDirectory directory;
    private final QuietSignals signals;
    private final DetectionEngine engine;

    /** Where notifications go: a webhook (HMAC secret from the environment, never stored) and/or syslog. */
    public record Notifications(URI webhook, byte[] webhookSecret, InetSocketAddress syslog) {
        public static Notifications none() {
            return new Notifications(null, null, null);
        }
    }

    /** @param engine the behaviour engine this service feeds (it raises its signals through the same {@code signals}) */
    public DetectionService(Store store, DeviceRegistry registry, DeviceDirectory directory, QuietSignals signals, DetectionEngine engine,
            Clock clock) {
        this.store = store;
        this.registry = registry;
        this.clock = clock;
        this.directory = directory;
        this.signals = signals;
        this.engine = engine;
        engine.setProfiles(loadProfiles());
    }

    public DetectionEngine engine() {
        return engine;
    }

    /** Raises a signal; never throws (a broken signal is logged, detection goes on). */
    public Optional<Alert> raiseQuietly(Signal s) {
        return signals.raise(s);
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

    /** The risk profile that decides an alert's playbook: its model's, or critical when unknown. */
    public RiskProfile riskOf(Alert a) {
        if (a.model() != null) {
            try {
                return registry.model(a.model()).profile();
            } catch (PalisadeException e) {
                return RiskProfile.CRITICAL;
            }
        }
        return RiskProfile.CRITICAL;
    }

    /** The playbook per risk profile: stored ones over the defaults. */
    public Map<RiskProfile, Playbook> playbooks() {
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

    /** Stores a playbook (takes effect at the next server start). */
    public Map<String, Object> setPlaybook(String profile, byte[] json) {
        Playbook p = Playbook.fromJson(json);
        if (!p.profile().label().equals(RiskProfile.parse(profile).label())) {
            throw PalisadeException.invalid("playbook is for profile '" + p.profile().label() + "', not '" + profile + "'");
        }
        store.transaction(r -> r.records().put(PLAYBOOK_KIND, p.profile().label(), new String(json, StandardCharsets.UTF_8), clock.instant()));
        return Map.of("profile", p.profile().label(), "entries", p.entries().size(), "note", "takes effect at the next server start");
    }

    /** Stores a security profile and applies it to the behaviour engine at once. */
    public SecurityProfile setSecurityProfile(String name, byte[] json) {
        SecurityProfile p = SecurityProfile.fromJson(json);
        if (!p.name().equals(name)) {
            throw PalisadeException.invalid("profile name '" + p.name() + "' differs from the path '" + name + "'");
        }
        for (String m : p.models()) {
            registry.model(m);
        }
        store.transaction(r -> r.records().put(PROFILE_KIND, p.name(), new String(json, StandardCharsets.UTF_8), clock.instant()));
        engine.setProfiles(loadProfiles());
        return p;
    }

    public void deleteSecurityProfile(String name) {
        boolean gone = store.transaction(r -> r.records().delete(PROFILE_KIND, name));
        if (!gone) {
            throw PalisadeException.notFound("no security profile '" + name + "'");
        }
        engine.setProfiles(loadProfiles());
    }
}
