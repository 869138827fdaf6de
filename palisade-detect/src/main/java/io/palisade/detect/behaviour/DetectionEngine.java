package io.palisade.detect.behaviour;

import io.palisade.detect.alert.Severity;
import io.palisade.detect.alert.Signal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Evaluates metric samples and device reports against security profiles and emits {@link Signal}s:
 * <ul>
 * <li>{@code behaviour.rule} — a static rule held for its duration;</li>
 * <li>{@code behaviour.baseline} — a device outside its model's learned band for N samples in a row;</li>
 * <li>{@code behaviour.new-destination} — beaconing to a destination the model never contacted in training;</li>
 * <li>{@code behaviour.scan} — many distinct destination ip:port pairs within the scan window;</li>
 * <li>{@code behaviour.flood}, {@code behaviour.auth-failures}, {@code behaviour.connect-burst} — bursts of the
 * cloud-side counters within the burst window.</li>
 * </ul>
 * Time is the samples' time (no wall clock). State per device is bounded (fixed arrays, capped sets); devices
 * beyond {@link DetectionSettings#maxDevices()} and samples beyond the per-device rate are dropped and counted.
 * Profile lookup is by model and group in O(1) and compiled once per device per profile change. Thread-safe.
 */
public final class DetectionEngine {
    /** Counters for monitoring. */
    public record Stats(long accepted, long rejectedInvalid, long droppedRate, long droppedDeviceCap,
            long rejectedReports, long signals, int devices) {
    }

    private static final int M = Metric.count();
    private static final int MAX_UNKNOWN_DESTINATIONS = 64;
    private static final int MAX_MODEL_DESTINATIONS = 4096;
    private static final int RESERVOIR = 4096;

    private final DetectionSettings settings;
    private final Consumer<Signal> sink;
    private final GroupResolver groups;
    private final ConcurrentHashMap<String, DeviceState> devices = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, ModelState> models = new ConcurrentHashMap<>();
    private final AtomicInteger deviceCount = new AtomicInteger();
    private final LongAdder accepted = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder droppedRate = new LongAdder();
    private final LongAdder droppedCap = new LongAdder();
    private final LongAdder rejectedReports = new LongAdder();
    private final LongAdder signals = new LongAdder();
    private final long burstWindowMs;
    private final long scanWindowMs;

    private volatile ProfileIndex index = new ProfileIndex(List.of(), 0);

    public DetectionEngine(DetectionSettings settings, Consumer<Signal> sink, GroupResolver groups) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.groups = Objects.requireNonNull(groups, "groups");
        this.burstWindowMs = settings.burstWindow().toMillis();
        this.scanWindowMs = settings.scanWindow().toMillis();
    }

    /** Replaces the set of profiles (names must be unique); devices recompile lazily on their next sample. */
    public synchronized void setProfiles(Collection<SecurityProfile> profiles) {
        index = new ProfileIndex(List.copyOf(profiles), index.version + 1);
    }

    public List<SecurityProfile> profiles() {
        return index.profiles;
    }

    /** Feeds one sample. Returns false when it was rejected (absurd value) or dropped (rate, device cap). */
    public boolean ingest(MetricSample s) {
        return ingest(s.deviceId(), s.model(), s.metric(), s.value(), s.at().toEpochMilli());
    }

    /** Allocation-free variant of {@link #ingest(MetricSample)} for the hot path. */
    public boolean ingest(String deviceId, String model, Metric metric, double value, long atMillis) {
        if (deviceId == null || model == null || metric == null || !MetricSample.validValue(value)) {
            rejected.increment();
            return false;
        }
        DeviceState d = device(deviceId, model);
        if (d == null) {
            return false;
        }
        List<Signal> out;
        synchronized (d) {
            if (!d.admit(atMillis, settings.maxSamplesPerDevicePerMinute())) {
                droppedRate.increment();
                return false;
            }
            accepted.increment();
            out = evaluate(d, deviceId, model, metric, value, atMillis, null);
        }
        emit(out);
        return true;
    }

    /**
     * Parses and feeds a device-side report (the payload of {@code palisade/v1/d/<id>/metrics}). Malformed input
     * is counted and rethrown as the parser's {@link io.palisade.core.PalisadeException}.
     */
    public void ingestReport(String deviceId, String model, byte[] json, Instant at) {
        DeviceMetricsReport r;
        try {
            r = DeviceMetricsReport.parse(json);
        } catch (RuntimeException e) {
            rejectedReports.increment();
            throw e;
        }
        ingestReport(deviceId, model, r, at);
    }

    /** Feeds a parsed device-side report: its counters as samples, then destination analysis. */
    public boolean ingestReport(String deviceId, String model, DeviceMetricsReport r, Instant at) {
        Objects.requireNonNull(r, "report");
        DeviceState d = device(Objects.requireNonNull(deviceId), Objects.requireNonNull(model));
        if (d == null) {
            return false;
        }
        long t = at.toEpochMilli();
        List<Signal> out = null;
        synchronized (d) {
            if (!d.admit(t, settings.maxSamplesPerDevicePerMinute())) {
                droppedRate.increment();
                return false;
            }
            accepted.increment();
            out = feed(d, deviceId, model, Metric.DEV_BYTES_IN, r.bytesIn(), t, out);
            out = feed(d, deviceId, model, Metric.DEV_BYTES_OUT, r.bytesOut(), t, out);
            out = feed(d, deviceId, model, Metric.DEV_PACKETS_IN, r.packetsIn(), t, out);
            out = feed(d, deviceId, model, Metric.DEV_PACKETS_OUT, r.packetsOut(), t, out);
            out = feed(d, deviceId, model, Metric.CONNECTIONS, r.connections(), t, out);
            out = evaluate(d, deviceId, model, Metric.LISTENING_PORTS, r.listeningPorts().size(), t, out);
            out = evaluate(d, deviceId, model, Metric.DESTINATIONS, r.destinations().size(), t, out);
            out = destinations(d, deviceId, model, r.destinations(), t, out);
        }
        emit(out);
        return true;
    }

    private List<Signal> feed(DeviceState d, String id, String model, Metric m, Long v, long t, List<Signal> out) {
        return v == null ? out : evaluate(d, id, model, m, v, t, out);
    }

    /** The learned band of a model's metric, once trained. */
    public Optional<Baseline> baseline(String model, Metric metric) {
        ModelState ms = models.get(model);
        return ms == null ? Optional.empty() : Optional.ofNullable(ms.baselines[metric.ordinal()]);
    }

    /** Whether the model's destination set is learned (new-destination detection active). */
    public boolean destinationsTrained(String model) {
        ModelState ms = models.get(model);
        return ms != null && ms.destinationsFrozen;
    }

    /** Forgets a model's baselines and known destinations; training starts again with its next sample. */
    public void retrain(String model) {
        models.remove(model);
        for (DeviceState d : devices.values()) {
            synchronized (d) {
                d.version = -1;
            }
        }
    }

    /** Forgets the state of one device (e.g. decommissioned). */
    public void forget(String deviceId) {
        if (devices.remove(deviceId) != null) {
            deviceCount.decrementAndGet();
        }
    }

    public Stats stats() {
        return new Stats(accepted.sum(), rejected.sum(), droppedRate.sum(), droppedCap.sum(), rejectedReports.sum(),
                signals.sum(), deviceCount.get());
    }

    private DeviceState device(String deviceId, String model) {
        DeviceState d = devices.get(deviceId);
        if (d != null) {
            return d;
        }
        if (deviceCount.incrementAndGet() > settings.maxDevices()) {
            deviceCount.decrementAndGet();
            droppedCap.increment();
            return null;
        }
        DeviceState fresh = new DeviceState();
        DeviceState prev = devices.putIfAbsent(deviceId, fresh);
        if (prev != null) {
            deviceCount.decrementAndGet();
            return prev;
        }
        return fresh;
    }

    private void emit(List<Signal> out) {
        if (out != null) {
            for (Signal s : out) {
                signals.increment();
                sink.accept(s);
            }
        }
    }

    private static List<Signal> add(List<Signal> out, Signal s) {
        List<Signal> l = out == null ? new ArrayList<>(2) : out;
        l.add(s);
        return l;
    }

    private void compile(DeviceState d, String deviceId, String model) {
        ProfileIndex idx = index;
        if (d.version == idx.version && model.equals(d.model)) {
            return;
        }
        List<SecurityProfile> applicable = new ArrayList<>(idx.byModel.getOrDefault(model, List.of()));
        if (!idx.byGroup.isEmpty()) {
            for (String g : groups.groupsOf(deviceId)) {
                for (SecurityProfile p : idx.byGroup.getOrDefault(g, List.of())) {
                    if (!applicable.contains(p)) {
                        applicable.add(p);
                    }
                }
            }
        }
        LinkedHashMap<Rule, Void> unique = new LinkedHashMap<>();
        BaselineSettings bs = null;
        for (SecurityProfile p : applicable) {
            for (Rule r : p.rules()) {
                unique.put(r, null);
            }
            if (bs == null && p.baseline().enabled()) {
                bs = p.baseline();
            }
        }
        Rule[] rules = unique.keySet().toArray(new Rule[0]);
        int[][] byMetric = new int[M][];
        for (int m = 0; m < M; m++) {
            int c = 0;
            int[] tmp = new int[rules.length];
            for (int i = 0; i < rules.length; i++) {
                if (rules[i].metric().ordinal() == m) {
                    tmp[c++] = i;
                }
            }
            byMetric[m] = Arrays.copyOf(tmp, c);
        }
        d.model = model;
        d.rules = rules;
        d.rulesByMetric = byMetric;
        d.breachStart = new long[rules.length];
        Arrays.fill(d.breachStart, Long.MIN_VALUE);
        d.fired = new boolean[rules.length];
        final BaselineSettings chosen = bs;
        d.modelState = chosen == null ? null : models.computeIfAbsent(model, k -> new ModelState(k, chosen));
        d.version = idx.version;
    }

    private List<Signal> evaluate(DeviceState d, String deviceId, String model, Metric metric, double value, long t,
            List<Signal> out) {
        compile(d, deviceId, model);
        int mi = metric.ordinal();
        // static rules
        int[] ruleIdx = d.rulesByMetric[mi];
        for (int k = 0; k < ruleIdx.length; k++) {
            int i = ruleIdx[k];
            Rule r = d.rules[i];
            if (r.op().test(value, r.threshold())) {
                if (d.breachStart[i] == Long.MIN_VALUE) {
                    d.breachStart[i] = t;
                }
                if (!d.fired[i] && t - d.breachStart[i] >= r.holdFor().toMillis()) {
                    d.fired[i] = true;
                    Map<String, Object> sample = new LinkedHashMap<>();
                    sample.put("metric", metric.id());
                    sample.put("value", value);
                    sample.put("rule", r.text());
                    sample.put("breachSince", Instant.ofEpochMilli(d.breachStart[i]).toString());
                    out = add(out, new Signal("behaviour.rule", deviceId, model, r.severity(),
                            "rule breached: " + r.text(), metric.id() + "=" + fmt(value) + " breaches '" + r.text() + "'",
                            sample, Instant.ofEpochMilli(t)).withKey("behaviour.rule|" + deviceId + "|" + r.text()));
                }
            } else {
                d.breachStart[i] = Long.MIN_VALUE;
                d.fired[i] = false;
            }
        }
        // bursts of cloud-side counters
        if (metric == Metric.MESSAGES_IN || metric == Metric.AUTH_FAILURES || metric == Metric.CONNECT_ATTEMPTS) {
            if (t - d.burstWindowStart >= burstWindowMs || t < d.burstWindowStart) {
                d.burstWindowStart = t;
                d.burstSums[0] = 0;
                d.burstSums[1] = 0;
                d.burstSums[2] = 0;
                d.burstFired = 0;
            }
            int slot = metric == Metric.MESSAGES_IN ? 0 : metric == Metric.AUTH_FAILURES ? 1 : 2;
            d.burstSums[slot] += value;
            double limit = slot == 0 ? settings.floodMessages() : slot == 1 ? settings.authFailureBurst() : settings.connectBurst();
            if (d.burstSums[slot] >= limit && (d.burstFired & (1 << slot)) == 0) {
                d.burstFired |= 1 << slot;
                String type = slot == 0 ? "behaviour.flood" : slot == 1 ? "behaviour.auth-failures" : "behaviour.connect-burst";
                Severity sev = slot == 0 ? Severity.MEDIUM : Severity.HIGH;
                Map<String, Object> sample = new LinkedHashMap<>();
                sample.put("metric", metric.id());
                sample.put("sum", d.burstSums[slot]);
                sample.put("threshold", limit);
                sample.put("windowSeconds", burstWindowMs / 1000);
                out = add(out, new Signal(type, deviceId, model, sev,
                        metric.id() + " burst: " + fmt(d.burstSums[slot]) + " in " + burstWindowMs / 1000 + "s",
                        metric.id() + " reached " + fmt(d.burstSums[slot]) + " (threshold " + fmt(limit) + ") within "
                                + burstWindowMs / 1000 + "s", sample, Instant.ofEpochMilli(t)));
            }
        }
        // learned baseline
        ModelState ms = d.modelState;
        if (ms != null && ms.settings.metrics().contains(metric)) {
            Baseline b = ms.baselines[mi];
            if (b == null) {
                ms.learn(metric, value, t);
            } else if (!b.contains(value)) {
                if (++d.outliers[mi] >= ms.settings.consecutive() && !d.outlierFired[mi]) {
                    d.outlierFired[mi] = true;
                    Map<String, Object> sample = new LinkedHashMap<>();
                    sample.put("metric", metric.id());
                    sample.put("value", value);
                    sample.put("median", b.median());
                    sample.put("low", b.low());
                    sample.put("high", b.high());
                    sample.put("consecutive", d.outliers[mi]);
                    out = add(out, new Signal("behaviour.baseline", deviceId, model, Severity.MEDIUM,
                            metric.id() + " outside the normal band of model " + model,
                            metric.id() + "=" + fmt(value) + " outside [" + fmt(b.low()) + ", " + fmt(b.high()) + "] for "
                                    + d.outliers[mi] + " samples", sample, Instant.ofEpochMilli(t))
                            .withKey("behaviour.baseline|" + deviceId + "|" + metric.id()));
                }
            } else {
                d.outliers[mi] = 0;
                d.outlierFired[mi] = false;
            }
        }
        return out;
    }

    private List<Signal> destinations(DeviceState d, String deviceId, String model, List<Endpoint> dests, long t,
            List<Signal> out) {
        if (dests.isEmpty()) {
            return out;
        }
        // scan: distinct targets in a tumbling window
        if (t - d.scanWindowStart >= scanWindowMs || t < d.scanWindowStart) {
            d.scanWindowStart = t;
            d.scanTargets.clear();
            d.scanPorts.clear();
            d.scanFired = false;
        }
        if (!d.scanFired) {
            for (Endpoint e : dests) {
                d.scanTargets.add(e.text());
                if (d.scanPorts.size() < 1024) {
                    d.scanPorts.add(e.port());
                }
                if (d.scanTargets.size() >= settings.scanDistinctTargets()) {
                    d.scanFired = true;
                    Map<String, Object> sample = new LinkedHashMap<>();
                    sample.put("distinctTargets", d.scanTargets.size());
                    sample.put("distinctPorts", d.scanPorts.size());
                    sample.put("ports", d.scanPorts.stream().sorted().limit(16).map(String::valueOf).toList().toString());
                    sample.put("example", e.text());
                    out = add(out, new Signal("behaviour.scan", deviceId, model, Severity.HIGH,
                            "scan: " + d.scanTargets.size() + " destinations in " + scanWindowMs / 1000 + "s",
                            "device contacted " + d.scanTargets.size() + " distinct ip:port pairs on "
                                    + d.scanPorts.size() + " ports within " + scanWindowMs / 1000 + "s",
                            sample, Instant.ofEpochMilli(t)));
                    d.scanTargets.clear();
                    break;
                }
            }
        }
        // beaconing to destinations the model never contacted during training
        ModelState ms = d.modelState;
        if (ms == null) {
            return out;
        }
        if (!ms.destinationsFrozen) {
            ms.learnDestinations(dests, t);
            return out;
        }
        if (ms.destinationsSaturated) {
            return out;
        }
        for (Endpoint e : dests) {
            String key = e.text();
            if (ms.knownDestinations.contains(key)) {
                continue;
            }
            Integer hits = d.unknownHits.get(key);
            if (hits == null) {
                if (d.unknownHits.size() >= MAX_UNKNOWN_DESTINATIONS) {
                    continue;
                }
                hits = 0;
            }
            hits++;
            d.unknownHits.put(key, hits);
            if (hits == settings.beaconHits()) {
                Map<String, Object> sample = new LinkedHashMap<>();
                sample.put("destination", key);
                sample.put("reports", hits);
                sample.put("knownDestinations", ms.knownDestinations.size());
                out = add(out, new Signal("behaviour.new-destination", deviceId, model, Severity.HIGH,
                        "beaconing to a destination never seen for model " + model,
                        "device contacted " + key + " in " + hits + " reports; the model's devices never did during training",
                        sample, Instant.ofEpochMilli(t)));
            }
        }
        return out;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(java.util.Locale.ROOT, "%.3f", v);
    }

    /** Profiles indexed by model and by group. */
    private static final class ProfileIndex {
        final List<SecurityProfile> profiles;
        final long version;
        final Map<String, List<SecurityProfile>> byModel = new HashMap<>();
        final Map<String, List<SecurityProfile>> byGroup = new HashMap<>();

        ProfileIndex(List<SecurityProfile> profiles, long version) {
            Set<String> names = new HashSet<>();
            for (SecurityProfile p : profiles) {
                if (!names.add(p.name())) {
                    throw io.palisade.core.PalisadeException.conflict("duplicate security profile name '" + p.name() + "'");
                }
            }
            List<SecurityProfile> sorted = profiles.stream()
                    .sorted(java.util.Comparator.comparing(SecurityProfile::name)).toList();
            this.profiles = sorted;
            this.version = version;
            for (SecurityProfile p : sorted) {
                for (String m : p.models()) {
                    byModel.computeIfAbsent(m, k -> new ArrayList<>()).add(p);
                }
                for (String g : p.groups()) {
                    byGroup.computeIfAbsent(g, k -> new ArrayList<>()).add(p);
                }
            }
        }
    }

    /** Per-device detection state; guarded by its own monitor. */
    private static final class DeviceState {
        long version = -1;
        String model;
        Rule[] rules;
        int[][] rulesByMetric;
        long[] breachStart;
        boolean[] fired;
        ModelState modelState;
        final int[] outliers = new int[M];
        final boolean[] outlierFired = new boolean[M];
        long rateWindowStart = Long.MIN_VALUE / 2;
        int rateCount;
        long burstWindowStart = Long.MIN_VALUE / 2;
        final double[] burstSums = new double[3];
        int burstFired;
        long scanWindowStart = Long.MIN_VALUE / 2;
        final Set<String> scanTargets = new HashSet<>();
        final Set<Integer> scanPorts = new HashSet<>();
        boolean scanFired;
        final Map<String, Integer> unknownHits = new HashMap<>();

        boolean admit(long t, int perMinute) {
            if (t - rateWindowStart >= 60_000 || t < rateWindowStart) {
                rateWindowStart = t;
                rateCount = 0;
            }
            return ++rateCount <= perMinute;
        }
    }

    /** Per-model training state and learned baselines. */
    private static final class ModelState {
        final String model;
        final BaselineSettings settings;
        final Baseline[] baselines = new Baseline[M];
        final double[][] reservoir = new double[M][];
        final long[] seen = new long[M];
        final SplittableRandom random;
        long trainingStart = Long.MIN_VALUE;
        final Set<String> knownDestinations = ConcurrentHashMap.newKeySet();
        volatile boolean destinationsFrozen;
        volatile boolean destinationsSaturated;

        ModelState(String model, BaselineSettings settings) {
            this.model = model;
            this.settings = settings;
            this.random = new SplittableRandom(model.hashCode());
        }

        synchronized void learn(Metric metric, double v, long t) {
            if (trainingStart == Long.MIN_VALUE) {
                trainingStart = t;
            }
            int mi = metric.ordinal();
            if (baselines[mi] != null) {
                return;
            }
            double[] r = reservoir[mi];
            if (r == null) {
                r = new double[RESERVOIR];
                reservoir[mi] = r;
            }
            long n = seen[mi]++;
            if (n < RESERVOIR) {
                r[(int) n] = v;
            } else {
                long j = random.nextLong(n + 1);
                if (j < RESERVOIR) {
                    r[(int) j] = v;
                }
            }
            if (t - trainingStart >= settings.trainingWindow().toMillis() && seen[mi] >= settings.minSamples()) {
                int count = (int) Math.min(seen[mi], RESERVOIR);
                baselines[mi] = Baseline.compute(model, metric, r, count, settings, Instant.ofEpochMilli(t));
                reservoir[mi] = null;
            }
        }

        synchronized void learnDestinations(List<Endpoint> dests, long t) {
            if (trainingStart == Long.MIN_VALUE) {
                trainingStart = t;
            }
            if (t - trainingStart >= settings.trainingWindow().toMillis()) {
                destinationsFrozen = true;
                return;
            }
            for (Endpoint e : dests) {
                if (knownDestinations.size() >= MAX_MODEL_DESTINATIONS) {
                    destinationsSaturated = true;
                    return;
                }
                knownDestinations.add(e.text());
            }
        }
    }
}
