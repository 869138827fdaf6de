package io.palisade.server.update;

import com.fasterxml.jackson.databind.JsonNode;
import io.palisade.core.PalisadeException;
import io.palisade.core.audit.AuditAction;
import io.palisade.core.audit.AuditLog;
import io.palisade.core.device.Device;
import io.palisade.core.device.DeviceId;
import io.palisade.core.registry.DeviceRegistry;
import io.palisade.core.store.RecordRepository;
import io.palisade.core.store.Store;
import io.palisade.core.update.DeviceUpdate;
import io.palisade.core.update.FirmwareRelease;
import io.palisade.core.update.Rollout;
import io.palisade.core.update.RolloutPolicy;
import io.palisade.core.update.RolloutState;
import io.palisade.core.update.UpdateStep;
import io.palisade.server.support.Records;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Orchestrates staged rollouts: plans waves, tells the devices of the current wave over MQTT, follows their
 * reports, pauses a wave whose failure rate passes the threshold, and advances wave by wave. All state changes run
 * on one scheduler thread and are persisted (RecordRepository kinds {@code rollout} and {@code rollout-device}), so
 * a restarted server resumes where it stopped. The rules themselves are {@link RolloutPolicy}.
 */
public final class RolloutService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RolloutService.class);
    static final String KIND = "rollout";
    static final String DEVICE_KIND = "rollout-device";
    /** A notified device that has not answered is told again this often (it may have been offline). */
    static final Duration RENOTIFY = Duration.ofSeconds(30);
    public static final Duration DEFAULT_WAVE_TIMEOUT = Duration.ofMinutes(30);

    /** Sends the update command to a device (the edge broker's cmd topic). */
    public interface Commands {
        void send(DeviceId device, String kind, String json);
    }

    /** Finds published releases. */
    public interface Releases {
        Optional<FirmwareRelease> find(String model, String version);
    }

    /** Receives alerts about rollouts (auto-pauses); may be a no-op. */
    public interface Alerts {
        void rolloutPaused(Rollout rollout, RolloutPolicy.WaveStats stats);
    }

    private record Runtime(Rollout rollout, Map<DeviceId, DeviceUpdate> devices, Map<DeviceId, Instant> notifiedAt) {
    }

    private final Store store;
    private final DeviceRegistry registry;
    private final Commands commands;
    private final Releases releases;
    private final Clock clock;
    private final Alerts alerts;
    private final Map<String, Runtime> active = new ConcurrentHashMap<>();
    private final ScheduledExecutorService loop;

    public RolloutService(Store store, DeviceRegistry registry, Commands commands, Releases releases, Alerts alerts, Clock clock,
                          Duration tick) {
        this.store = store;
        this.registry = registry;
        this.commands = commands;
        this.releases = releases;
        this.alerts = alerts;
        this.clock = clock;
        this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "palisade-rollouts");
            t.setDaemon(true);
            return t;
        });
        loadActive();
        loop.scheduleWithFixedDelay(this::tickQuietly, tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
    }

    // ---- operator actions ------------------------------------------------------------------------------

    /** What an operator asks for. {@code group} null = every device of the model. */
    public record StartRequest(String model, String version, String group, List<Integer> waves, double maxFailure,
                               Duration pauseBetween, Duration waveTimeout) {
    }

    public Rollout start(String actor, StartRequest req) {
        return call(() -> doStart(actor, req));
    }

    private Rollout doStart(String actor, StartRequest req) {
        registry.model(req.model());
        FirmwareRelease release = releases.find(req.model(), req.version()).orElseThrow(() -> PalisadeException.notFound(
                "no published firmware " + req.version() + " for model '" + req.model() + "': publish it first with 'palisade firmware publish'"));
        for (Runtime rt : active.values()) {
            if (rt.rollout().model().equals(req.model()) && !rt.rollout().state().finished()) {
                throw PalisadeException.conflict("rollout " + rt.rollout().id() + " of model '" + req.model() + "' is still "
                        + rt.rollout().state().label() + ": abort it or let it complete first");
            }
        }
        Set<String> members = req.group() == null ? null : Groups.members(store, req.group());
        List<Device> eligible = new ArrayList<>();
        for (Device d : registry.devicesOfModel(req.model())) {
            if (d.state().hasIdentity() && !req.version().equals(d.firmware()) && (members == null || members.contains(d.id().value()))) {
                eligible.add(d);
            }
        }
        if (eligible.isEmpty()) {
            throw PalisadeException.invalid("no device of model '" + req.model() + "'" + (req.group() == null ? "" : " in group '" + req.group() + "'")
                    + " needs " + req.version() + " (devices must be enrolled and not already on that version)");
        }
        Instant now = clock.instant();
        String id = "ro-" + Long.toString(now.toEpochMilli(), 36) + "-" + Integer.toString(java.util.concurrent.ThreadLocalRandom.current().nextInt(36 * 36 * 36), 36);
        Rollout r = new Rollout(id, req.model(), req.version(), release.targetPath(), req.group(), req.waves(), req.maxFailure(),
                req.pauseBetween(), req.waveTimeout() == null ? DEFAULT_WAVE_TIMEOUT : req.waveTimeout(), RolloutState.RUNNING, 0,
                null, null, 0, null, actor, now, now);
        Map<DeviceId, Integer> plan = RolloutPolicy.assignWaves(id, eligible.stream().map(Device::id).toList(), req.waves());
        Map<DeviceId, DeviceUpdate> devices = new LinkedHashMap<>();
        Map<DeviceId, String> from = new java.util.HashMap<>();
        eligible.forEach(d -> from.put(d.id(), d.firmware()));
        plan.forEach((d, w) -> devices.put(d, new DeviceUpdate(id, d, w, UpdateStep.PENDING, null, from.get(d), now)));
        store.transaction(tx -> {
            tx.records().put(KIND, id, Records.write(r), now);
            for (DeviceUpdate u : devices.values()) {
                tx.records().put(DEVICE_KIND, deviceKey(u), Records.write(u), now);
            }
            AuditLog.append(tx.audit(), now, actor, AuditAction.ROLLOUT, "rollout:" + id, "start model=" + r.model() + " version="
                    + r.version() + " devices=" + devices.size() + " waves=" + r.waves() + " maxFailure=" + r.maxFailure()
                    + (r.group() == null ? "" : " group=" + r.group()));
            return null;
        });
        active.put(id, new Runtime(r, devices, new ConcurrentHashMap<>()));
        LOG.info("rollout {} started: {} {} to {} devices in waves {}", id, r.model(), r.version(), devices.size(), r.waves());
        step(id);
        return active.get(id).rollout();
    }

    public Rollout pause(String actor, String id) {
        return call(() -> transition(actor, id, "pause", r -> {
            if (r.state() != RolloutState.RUNNING) {
                throw PalisadeException.illegalState("rollout " + id + " is " + r.state().label() + ", not running");
            }
            return r.with(RolloutState.PAUSED, r.wave(), r.waveStartedAt(), r.waveCompletedAt(), r.acceptedFailures(),
                    "paused by " + actor, clock.instant());
        }));
    }

    /** Resumes a paused rollout; failures of the current wave seen so far are accepted (not counted again). */
    public Rollout resume(String actor, String id) {
        return call(() -> {
            Rollout r = transition(actor, id, "resume", x -> {
                if (x.state() != RolloutState.PAUSED) {
                    throw PalisadeException.illegalState("rollout " + id + " is " + x.state().label() + ", not paused");
                }
                int failed = RolloutPolicy.stats(x.wave(), runtime(id).devices().values()).failed();
                return x.with(RolloutState.RUNNING, x.wave(), x.waveStartedAt(), x.waveCompletedAt(), failed, null, clock.instant());
            });
            step(id);
            return active.get(id).rollout();
        });
    }

    public Rollout abort(String actor, String id) {
        return call(() -> transition(actor, id, "abort", r -> {
            if (r.state().finished()) {
                throw PalisadeException.illegalState("rollout " + id + " is already " + r.state().label());
            }
            return r.with(RolloutState.ABORTED, r.wave(), r.waveStartedAt(), r.waveCompletedAt(), r.acceptedFailures(),
                    "aborted by " + actor, clock.instant());
        }));
    }

    /** Per-wave counts and the reasons devices gave. */
    public record WaveView(int wave, int percent, int devices, int pending, int inProgress, int succeeded, int failed,
                           Map<String, Integer> reasons) {
    }

    public record Status(Rollout rollout, int devices, int succeeded, int failed, List<WaveView> waves) {
    }

    public Status status(String id) {
        Runtime rt = active.get(id);
        Rollout r;
        Collection<DeviceUpdate> devices;
        if (rt != null) {
            r = rt.rollout();
            devices = List.copyOf(rt.devices().values());
        } else {
            r = store.read(tx -> tx.records().find(KIND, id)).map(x -> Records.read(x.body(), Rollout.class))
                    .orElseThrow(() -> PalisadeException.notFound("no rollout '" + id + "'"));
            devices = loadDevices(id);
        }
        List<WaveView> waves = new ArrayList<>();
        int ok = 0;
        int failed = 0;
        for (int w = 0; w < r.waves().size(); w++) {
            RolloutPolicy.WaveStats s = RolloutPolicy.stats(w, devices);
            waves.add(new WaveView(w + 1, r.waves().get(w), s.devices(), s.pending(), s.inProgress(), s.succeeded(), s.failed(), s.reasons()));
            ok += s.succeeded();
            failed += s.failed();
        }
        return new Status(r, devices.size(), ok, failed, waves);
    }

    public List<Rollout> list() {
        return store.read(tx -> tx.records().list(KIND, "", 1000)).stream()
                .map(x -> active.containsKey(x.id()) ? active.get(x.id()).rollout() : Records.read(x.body(), Rollout.class))
                .sorted(java.util.Comparator.comparing(Rollout::createdAt).reversed()).toList();
    }

    public List<DeviceUpdate> devices(String id) {
        Runtime rt = active.get(id);
        return rt != null ? List.copyOf(rt.devices().values()) : loadDevices(id);
    }

    // ---- device reports ----------------------------------------------------------------------------------

    /**
     * A report from a device's {@code update/status} topic (the broker already bound the topic to the device's
     * certificate). Unknown rollouts, unknown steps, stale or replayed reports are ignored with a log line.
     */
    public void report(DeviceId device, String json) {
        loop.execute(() -> {
            try {
                onReport(device, json);
            } catch (RuntimeException e) {
                LOG.warn("update report of {} not applied: {}", device, e.getMessage());
            }
        });
    }

    private void onReport(DeviceId device, String json) {
        JsonNode n;
        try {
            n = Records.MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            LOG.info("update report of {} is not JSON", device);
            return;
        }
        String rolloutId = n.path("rollout").asText("");
        Runtime rt = active.get(rolloutId);
        Optional<UpdateStep> step = UpdateStep.parse(n.path("step").asText(null));
        if (rt == null || step.isEmpty() || step.get() == UpdateStep.PENDING || step.get() == UpdateStep.NOTIFIED) {
            LOG.info("update report of {} ignored: rollout '{}' not active or step '{}' unknown", device, rolloutId, n.path("step").asText(""));
            return;
        }
        DeviceUpdate current = rt.devices().get(device);
        if (current == null) {
            LOG.warn("device {} reported on rollout {} it is not part of", device, rolloutId);
            return;
        }
        if (current.step().terminal() || (current.step().ordinal() >= step.get().ordinal() && !step.get().terminal())) {
            return; // stale, duplicate or replayed
        }
        String reason = step.get().failure() ? clean(n.path("reason").asText("no reason given")) : null;
        Instant now = clock.instant();
        DeviceUpdate next = current.to(step.get(), reason, now);
        rt.devices().put(device, next);
        store.transaction(tx -> tx.records().put(DEVICE_KIND, deviceKey(next), Records.write(next), now));
        if (step.get() == UpdateStep.SUCCEEDED) {
            try {
                registry.recordFirmware(device, rt.rollout().version());
            } catch (PalisadeException e) {
                LOG.warn("cannot record firmware of {}: {}", device, e.getMessage());
            }
        } else if (step.get().failure()) {
            LOG.info("rollout {}: device {} {} ({})", rolloutId, device, step.get().label(), reason);
        }
        if (step.get().terminal()) {
            step(rolloutId);
        }
    }

    private static String clean(String s) {
        String t = s.codePoints().filter(c -> !Character.isISOControl(c))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return t.length() > 200 ? t.substring(0, 200) : t;
    }

    // ---- the loop ----------------------------------------------------------------------------------------

    private void tickQuietly() {
        for (String id : List.copyOf(active.keySet())) {
            try {
                step(id);
            } catch (RuntimeException e) {
                LOG.warn("rollout {} step failed (retried on the next tick): {}", id, e.toString());
            }
        }
    }

    /** Applies the policy to one rollout until it has nothing more to do now (runs on the loop thread). */
    private void step(String id) {
        for (int guard = 0; guard < 64; guard++) {
            Runtime rt = active.get(id);
            if (rt == null || rt.rollout().state() != RolloutState.RUNNING) {
                return;
            }
            Instant now = clock.instant();
            Rollout r = rt.rollout();
            if (r.waveStartedAt() == null) {
                r = save(rt, r.with(RolloutState.RUNNING, r.wave(), now, null, r.acceptedFailures(), null, now), null);
            }
            notifyWave(rt, now);
            RolloutPolicy.WaveStats stats = RolloutPolicy.stats(r.wave(), rt.devices().values());
            RolloutPolicy.Decision d = RolloutPolicy.decide(r, stats, now);
            switch (d) {
                case RolloutPolicy.Decision.Wait w -> {
                    return;
                }
                case RolloutPolicy.Decision.Pause p -> {
                    Rollout paused = save(rt, r.with(RolloutState.PAUSED, r.wave(), r.waveStartedAt(), r.waveCompletedAt(),
                            r.acceptedFailures(), p.reason(), now), "auto-pause: " + p.reason());
                    LOG.warn("rollout {} paused automatically: {}", id, p.reason());
                    alerts.rolloutPaused(paused, stats);
                    return;
                }
                case RolloutPolicy.Decision.WaveDone done -> {
                    save(rt, r.with(RolloutState.RUNNING, r.wave(), r.waveStartedAt(), done.at(), r.acceptedFailures(), null, now), null);
                    LOG.info("rollout {}: wave {} done ({} ok, {} failed of {})", id, r.wave() + 1, stats.succeeded(), stats.failed(), stats.devices());
                }
                case RolloutPolicy.Decision.Advance a -> {
                    save(rt, r.with(RolloutState.RUNNING, a.nextWave(), now, null, 0, null, now), "wave " + (a.nextWave() + 1) + " started");
                    LOG.info("rollout {}: wave {} started", id, a.nextWave() + 1);
                }
                case RolloutPolicy.Decision.Complete c -> {
                    save(rt, r.with(RolloutState.COMPLETED, r.wave(), r.waveStartedAt(), now, r.acceptedFailures(), null, now), "completed");
                    LOG.info("rollout {} completed", id);
                    return;
                }
            }
        }
    }

    private void notifyWave(Runtime rt, Instant now) {
        Rollout r = rt.rollout();
        String command = Records.write(Map.of("rollout", r.id(), "target", r.targetPath(), "version", r.version()));
        List<DeviceUpdate> changed = new ArrayList<>();
        for (DeviceUpdate u : rt.devices().values()) {
            if (u.wave() != r.wave() || u.step().terminal()) {
                continue;
            }
            boolean first = u.step() == UpdateStep.PENDING;
            Instant last = rt.notifiedAt().get(u.deviceId());
            boolean renotify = u.step() == UpdateStep.NOTIFIED && (last == null || !now.isBefore(last.plus(RENOTIFY)));
            if (!first && !renotify) {
                continue;
            }
            try {
                commands.send(u.deviceId(), "update", command);
                rt.notifiedAt().put(u.deviceId(), now);
                if (first) {
                    DeviceUpdate n = u.to(UpdateStep.NOTIFIED, null, now);
                    rt.devices().put(u.deviceId(), n);
                    changed.add(n);
                }
            } catch (RuntimeException e) {
                LOG.warn("cannot send the update command to {}: {}", u.deviceId(), e.getMessage());
            }
        }
        if (!changed.isEmpty()) {
            store.transaction(tx -> {
                for (DeviceUpdate n : changed) {
                    tx.records().put(DEVICE_KIND, deviceKey(n), Records.write(n), now);
                }
                return null;
            });
        }
    }

    private Rollout save(Runtime rt, Rollout next, String auditNote) {
        Instant now = clock.instant();
        store.transaction(tx -> {
            tx.records().put(KIND, next.id(), Records.write(next), now);
            if (auditNote != null) {
                AuditLog.append(tx.audit(), now, "system", AuditAction.ROLLOUT, "rollout:" + next.id(), auditNote);
            }
            return null;
        });
        active.put(next.id(), new Runtime(next, rt.devices(), rt.notifiedAt()));
        if (next.state().finished()) {
            active.remove(next.id());
        }
        return next;
    }

    private Rollout transition(String actor, String id, String what, java.util.function.UnaryOperator<Rollout> change) {
        Runtime rt = runtime(id);
        Rollout next = change.apply(rt.rollout());
        Instant now = clock.instant();
        store.transaction(tx -> {
            tx.records().put(KIND, id, Records.write(next), now);
            AuditLog.append(tx.audit(), now, actor, AuditAction.ROLLOUT, "rollout:" + id, what);
            return null;
        });
        if (next.state().finished()) {
            active.remove(id);
        } else {
            active.put(id, new Runtime(next, rt.devices(), rt.notifiedAt()));
        }
        LOG.info("rollout {}: {} by {}", id, what, actor);
        return next;
    }

    private Runtime runtime(String id) {
        Runtime rt = active.get(id);
        if (rt == null) {
            boolean exists = store.read(tx -> tx.records().find(KIND, id)).isPresent();
            throw exists ? PalisadeException.illegalState("rollout " + id + " has finished") : PalisadeException.notFound("no rollout '" + id + "'");
        }
        return rt;
    }

    private void loadActive() {
        List<RecordRepository.StoredRecord> all = store.read(tx -> tx.records().list(KIND, "", 10_000));
        for (RecordRepository.StoredRecord rec : all) {
            Rollout r = Records.read(rec.body(), Rollout.class);
            if (r.state().finished()) {
                continue;
            }
            Map<DeviceId, DeviceUpdate> devices = new LinkedHashMap<>();
            for (DeviceUpdate u : loadDevices(r.id())) {
                devices.put(u.deviceId(), u);
            }
            active.put(r.id(), new Runtime(r, devices, new ConcurrentHashMap<>()));
            LOG.info("rollout {} resumed after restart: {} {} wave {} of {} ({}), {} devices", r.id(), r.model(), r.version(),
                    r.wave() + 1, r.waves().size(), r.state().label(), devices.size());
        }
    }

    private List<DeviceUpdate> loadDevices(String id) {
        return store.read(tx -> tx.records().list(DEVICE_KIND, id + "/", 1_000_000)).stream()
                .map(x -> Records.read(x.body(), DeviceUpdate.class)).toList();
    }

    private static String deviceKey(DeviceUpdate u) {
        return u.rolloutId() + "/" + u.deviceId().value();
    }

    /** Runs an operator action on the loop thread, so it never races a tick or a report. */
    private <T> T call(java.util.concurrent.Callable<T> action) {
        try {
            return loop.submit(action).get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw PalisadeException.illegalState("interrupted");
        } catch (java.util.concurrent.TimeoutException e) {
            throw PalisadeException.illegalState("the rollout service is busy; try again");
        }
    }

    /** For tests: runs one tick now and waits for it. */
    public void tickNow() {
        call(() -> {
            tickQuietly();
            return null;
        });
    }

    @Override
    public void close() {
        loop.shutdownNow();
    }
}
