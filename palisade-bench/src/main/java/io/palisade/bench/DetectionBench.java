package io.palisade.bench;

import io.palisade.detect.behaviour.BaselineSettings;
import io.palisade.detect.behaviour.DetectionEngine;
import io.palisade.detect.behaviour.DetectionSettings;
import io.palisade.detect.behaviour.GroupResolver;
import io.palisade.detect.behaviour.Metric;
import io.palisade.detect.behaviour.Rule;
import io.palisade.detect.behaviour.SecurityProfile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Metric samples evaluated per second by {@link DetectionEngine#ingest(String, String, Metric, double, long)}
 * against 1,000 security profiles (one per model, 3 to 5 static rules each such as
 * {@code messages_in > 1000 for 60s}), 10,000 devices spread over the 1,000 models. The samples (cloud-side
 * metrics with normal values and one spike in 2,000) are pre-generated with time advancing 1 ms per sample; the
 * cursor walks them and every lap shifts time forward by the span of the array, so time never goes back and no
 * device reaches the per-device rate limit. With {@code baselines=true} every profile also learns a baseline of
 * three metrics; set-up trains them first, so the measurement is the steady state (rules + band check).
 * Set-up feeds one lap before measuring, so every device's state and compiled rules exist.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
public class DetectionBench {
    static final int MODELS = 1_000;
    static final int DEVICES = 10_000;
    static final int SAMPLES = 200_000;
    static final long START = 1_767_225_600_000L; // 2026-01-01T00:00:00Z

    /** Cloud-side metrics the edge counts per device, with a normal upper bound of a per-interval value. */
    static final Metric[] METRICS = {Metric.MESSAGES_IN, Metric.MESSAGES_OUT, Metric.BYTES_IN, Metric.BYTES_OUT,
            Metric.MESSAGE_SIZE, Metric.AUTH_FAILURES, Metric.CONNECT_ATTEMPTS, Metric.DISCONNECTS,
            Metric.SOURCE_ADDRESSES};
    static final double[] NORMAL_MAX = {30, 10, 20_000, 60_000, 1_000, 1, 2, 1, 1};
    /** Rule templates; %d is the threshold, scaled per profile. */
    static final String[] RULES = {"messages_in > %d for 60s", "messages_out > %d for 60s", "bytes_in > %d for 120s",
            "bytes_out > %d for 60s", "message_size > %d", "auth_failures >= %d severity high",
            "connect_attempts > %d for 30s", "disconnects > %d for 60s", "source_addresses > %d severity high"};
    static final int[] RULE_BASE = {1000, 300, 500_000, 1_000_000, 65_536, 5, 20, 10, 3};

    @Param({"false", "true"})
    public boolean baselines;

    DetectionEngine engine;
    final LongAdder signals = new LongAdder();
    String[] deviceIds;
    String[] modelOfDevice;
    int[] device;
    Metric[] metric;
    double[] value;
    long[] offset;
    int cursor;
    long lapBase;

    static String model(int m) {
        return String.format("model-%04d", m);
    }

    /** The 1,000 profiles, one per model; {@code extraRule} (may be null) is appended to each. */
    static List<SecurityProfile> profiles(boolean withBaselines, String extraRule) {
        Random r = new Random(11);
        BaselineSettings b = withBaselines
                ? new BaselineSettings(true, EnumSet.of(Metric.MESSAGES_IN, Metric.BYTES_OUT, Metric.MESSAGE_SIZE),
                        Duration.ofMinutes(10), 100, 6, 1, 0.25, 3)
                : BaselineSettings.disabled();
        List<SecurityProfile> out = new ArrayList<>();
        for (int m = 0; m < MODELS; m++) {
            int n = 3 + r.nextInt(3);
            List<Integer> idx = new ArrayList<>(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8));
            java.util.Collections.shuffle(idx, r);
            List<Rule> rules = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                int t = idx.get(k);
                long threshold = Math.round(RULE_BASE[t] * (1 + r.nextInt(5) * 0.25));
                rules.add(Rule.parse(String.format(java.util.Locale.ROOT, RULES[t], threshold)));
            }
            if (extraRule != null) {
                rules.add(Rule.parse(extraRule));
            }
            out.add(new SecurityProfile(String.format("profile-%04d", m), Set.of(model(m)), Set.of(), rules, b));
        }
        return out;
    }

    @Setup(Level.Trial)
    public void setUp() {
        engine = new DetectionEngine(DetectionSettings.defaults(), s -> signals.increment(), GroupResolver.none());
        engine.setProfiles(profiles(baselines, null));
        deviceIds = new String[DEVICES];
        modelOfDevice = new String[DEVICES];
        for (int d = 0; d < DEVICES; d++) {
            deviceIds[d] = String.format("dev-%05d", d);
            modelOfDevice[d] = model(d % MODELS);
        }
        Random r = new Random(5);
        device = new int[SAMPLES];
        metric = new Metric[SAMPLES];
        value = new double[SAMPLES];
        offset = new long[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            device[i] = r.nextInt(DEVICES);
            int m = r.nextInt(METRICS.length);
            metric[i] = METRICS[m];
            double v = Math.floor(r.nextDouble() * (NORMAL_MAX[m] + 1));
            if (r.nextInt(2000) == 0) {
                v = (NORMAL_MAX[m] + 1) * 20;
            }
            value[i] = v;
            offset[i] = i; // 1 ms per sample
        }
        lapBase = START;
        // one lap creates every device's state; with baselines, keep going until the bands are learned
        int laps = 0;
        do {
            for (int i = 0; i < SAMPLES; i++) {
                ingestAt(i);
            }
            lapBase += SAMPLES;
            laps++;
        } while (baselines && laps < 40 && trained() < MODELS);
        if (baselines && trained() < MODELS) {
            throw new IllegalStateException("baselines not trained after " + laps + " laps: " + trained());
        }
        DetectionEngine.Stats s = engine.stats();
        if (s.droppedRate() + s.droppedDeviceCap() + s.rejectedInvalid() > 0) {
            throw new IllegalStateException("samples dropped in set-up: " + s);
        }
        System.out.printf("%nDetectionBench baselines=%s: %d set-up laps, %s%n", baselines, laps, s);
    }

    private int trained() {
        int n = 0;
        for (int m = 0; m < MODELS; m++) {
            if (engine.baseline(model(m), Metric.MESSAGES_IN).isPresent()
                    && engine.baseline(model(m), Metric.BYTES_OUT).isPresent()
                    && engine.baseline(model(m), Metric.MESSAGE_SIZE).isPresent()) {
                n++;
            }
        }
        return n;
    }

    private boolean ingestAt(int i) {
        int d = device[i];
        return engine.ingest(deviceIds[d], modelOfDevice[d], metric[i], value[i], lapBase + offset[i]);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        DetectionEngine.Stats s = engine.stats();
        System.out.printf("%nDetectionBench baselines=%s at the end: %s%n", baselines, s);
        if (s.droppedRate() + s.droppedDeviceCap() + s.rejectedInvalid() > 0) {
            throw new IllegalStateException("samples were dropped; the result is not the evaluation cost: " + s);
        }
    }

    @Benchmark
    public boolean ingest() {
        int i = cursor;
        boolean ok = ingestAt(i);
        if (++i == SAMPLES) {
            i = 0;
            lapBase += SAMPLES;
        }
        cursor = i;
        return ok;
    }
}
