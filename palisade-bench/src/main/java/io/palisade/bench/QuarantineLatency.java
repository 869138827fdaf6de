package io.palisade.bench;

import io.palisade.core.device.DeviceId;
import io.palisade.core.device.RiskProfile;
import io.palisade.detect.alert.AlertService;
import io.palisade.detect.alert.InMemoryAlertRepository;
import io.palisade.detect.alert.Severity;
import io.palisade.detect.behaviour.DetectionEngine;
import io.palisade.detect.behaviour.DetectionSettings;
import io.palisade.detect.behaviour.GroupResolver;
import io.palisade.detect.behaviour.Metric;
import io.palisade.detect.response.ActionType;
import io.palisade.detect.response.InMemoryActionLog;
import io.palisade.detect.response.Playbook;
import io.palisade.detect.response.PlaybookEntry;
import io.palisade.detect.response.ResponseActions;
import io.palisade.detect.response.ResponseEngine;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * In-process latency from the first bad metric sample to the quarantine call, through the whole detection and
 * response chain as the server wires it: {@link DetectionEngine#ingest} (1,000 profiles) → {@code Signal} →
 * {@link AlertService#raise} (in-memory repository) → {@link ResponseEngine} with the <b>critical</b> playbook
 * (notifiers registered as non-blocking stubs) → a {@link ResponseActions} stub that records when
 * {@code quarantine} is called. Each trial uses a fresh device, sends three normal samples 10 s apart (sample
 * time), then one bad sample, and measures {@code System.nanoTime()} from just before that ingest call to the
 * quarantine call. Two paths:
 * <ul>
 *   <li>{@code flood}: the built-in flood detector ({@code messages_in} 5,000 in one sample, threshold 1,200 per
 *       minute) → {@code behaviour.flood} → the default critical playbook's flood entry → quarantine;</li>
 *   <li>{@code rule}: a profile rule {@code messages_in > 100 severity critical} (hold 0 s) and value 500 (below the
 *       flood threshold) → {@code behaviour.rule} → a critical playbook extended with a
 *       {@code behaviour.rule, critical → quarantine} entry.</li>
 * </ul>
 * Usage: QuarantineLatency [TRIALS (20000)] [WARMUP_TRIALS (20000)]. Prints percentiles in microseconds.
 */
public final class QuarantineLatency {
    private QuarantineLatency() {
    }

    /** Records the time of the last quarantine call and its device. */
    static final class RecordingActions implements ResponseActions {
        long quarantinedAt;
        DeviceId quarantined;

        @Override
        public void quarantine(DeviceId deviceId, String reason) {
            quarantinedAt = System.nanoTime();
            quarantined = deviceId;
        }

        @Override
        public void release(DeviceId deviceId, String reason) {
        }

        @Override
        public void revoke(DeviceId deviceId, String reason) {
        }

        @Override
        public void forceReenroll(DeviceId deviceId, String reason) {
        }

        @Override
        public void applyVirtualPatch(String patchId, DeviceId deviceId) {
        }
    }

    record Chain(DetectionEngine engine, RecordingActions actions) {
    }

    static Chain chain(boolean rulePath) {
        RecordingActions actions = new RecordingActions();
        Map<RiskProfile, Playbook> playbooks = new EnumMap<>(Playbook.defaults());
        if (rulePath) {
            Playbook critical = playbooks.get(RiskProfile.CRITICAL);
            List<PlaybookEntry> entries = new ArrayList<>(critical.entries());
            entries.add(new PlaybookEntry("behaviour.rule", Severity.CRITICAL, 1, Duration.ZERO,
                    List.of(PlaybookEntry.Action.parse("quarantine")), false));
            playbooks.put(RiskProfile.CRITICAL, new Playbook(RiskProfile.CRITICAL, entries));
        }
        Clock clock = Clock.systemUTC();
        AlertService alerts = new AlertService(new InMemoryAlertRepository(), clock);
        ResponseEngine response = new ResponseEngine(playbooks, actions, new InMemoryActionLog(),
                a -> RiskProfile.CRITICAL, clock);
        response.registerNotifier(ActionType.NOTIFY_WEBHOOK, a -> true);
        response.registerNotifier(ActionType.NOTIFY_SYSLOG, a -> true);
        alerts.addListener(response);
        DetectionEngine engine = new DetectionEngine(DetectionSettings.defaults(), alerts::raise, GroupResolver.none());
        engine.setProfiles(DetectionBench.profiles(false, rulePath ? "messages_in > 100 severity critical" : null));
        return new Chain(engine, actions);
    }

    static Histogram run(String path, int trials, int warmup) {
        boolean rulePath = path.equals("rule");
        Chain c = chain(rulePath);
        double bad = rulePath ? 500 : 5_000;
        Histogram h = new Histogram(3_600_000_000L, 3);
        int failures = 0;
        for (int i = 0; i < warmup + trials; i++) {
            String id = String.format("%s-%06d", path, i);
            String model = DetectionBench.model(i % DetectionBench.MODELS);
            long t = DetectionBench.START + i * 60_000L;
            for (int k = 0; k < 3; k++) {
                c.engine().ingest(id, model, Metric.MESSAGES_IN, 10, t + k * 10_000L);
            }
            c.actions().quarantined = null;
            long t0 = System.nanoTime();
            c.engine().ingest(id, model, Metric.MESSAGES_IN, bad, t + 30_000L);
            DeviceId q = c.actions().quarantined;
            if (q == null || !q.value().equals(id)) {
                failures++;
                continue;
            }
            if (i >= warmup) {
                h.recordValue(Math.max(1, c.actions().quarantinedAt - t0));
            }
        }
        if (failures > 0) {
            throw new IllegalStateException(path + ": " + failures + " trials did not quarantine their device");
        }
        return h;
    }

    public static void main(String[] args) {
        int trials = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        System.out.println("| path | trials | p50 µs | p90 µs | p99 µs | p99.9 µs | max µs |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (String path : List.of("flood", "rule")) {
            Histogram h = run(path, trials, warmup);
            System.out.printf(java.util.Locale.ROOT, "| %s | %d | %.1f | %.1f | %.1f | %.1f | %.1f |%n", path,
                    h.getTotalCount(), h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(90) / 1e3,
                    h.getValueAtPercentile(99) / 1e3, h.getValueAtPercentile(99.9) / 1e3, h.getMaxValue() / 1e3);
        }
    }
}
