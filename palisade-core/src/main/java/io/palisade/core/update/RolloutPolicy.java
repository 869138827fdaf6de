package io.palisade.core.update;

import io.palisade.core.device.DeviceId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The rules of a staged rollout, free of I/O: which device goes in which wave, how a wave is doing, and what the
 * orchestrator must do next. The orchestrator (server) applies the decisions and persists the state.
 */
public final class RolloutPolicy {
    private RolloutPolicy() {
    }

    /**
     * Assigns devices to waves: a stable pseudo-random order (SHA-256 of rollout id and device id, so the 1% wave
     * is not always the same devices across rollouts, but a restart gives the same plan) cut at the cumulative
     * percentages; every non-empty wave gets at least one device while devices remain.
     */
    public static Map<DeviceId, Integer> assignWaves(String rolloutId, Collection<DeviceId> devices, List<Integer> waves) {
        List<DeviceId> order = new ArrayList<>(devices);
        Map<DeviceId, String> keys = new java.util.HashMap<>();
        for (DeviceId d : order) {
            keys.put(d, sha256(rolloutId + "/" + d.value()));
        }
        order.sort(Comparator.comparing(keys::get));
        Map<DeviceId, Integer> out = new LinkedHashMap<>();
        int n = order.size();
        int next = 0;
        for (int w = 0; w < waves.size(); w++) {
            int until = (int) Math.ceil(n * waves.get(w) / 100.0);
            until = Math.max(until, Math.min(n, next + 1));
            for (; next < until; next++) {
                out.put(order.get(next), w);
            }
        }
        return out;
    }

    /** Counts of one wave; {@code reasons} maps each failure reason to how many devices gave it. */
    public record WaveStats(int wave, int devices, int pending, int inProgress, int succeeded, int failed,
                            Map<String, Integer> reasons) {
        public int finished() {
            return succeeded + failed;
        }

        public double failureRate() {
            return devices == 0 ? 0 : (double) failed / devices;
        }
    }

    public static WaveStats stats(int wave, Collection<DeviceUpdate> updates) {
        int devices = 0;
        int pending = 0;
        int progress = 0;
        int ok = 0;
        int failed = 0;
        Map<String, Integer> reasons = new TreeMap<>();
        for (DeviceUpdate u : updates) {
            if (u.wave() != wave) {
                continue;
            }
            devices++;
            switch (u.step()) {
                case PENDING -> pending++;
                case SUCCEEDED -> ok++;
                case FAILED, ROLLED_BACK -> {
                    failed++;
                    reasons.merge(u.step().label() + ": " + (u.reason() == null ? "no reason given" : u.reason()), 1, Integer::sum);
                }
                default -> progress++;
            }
        }
        return new WaveStats(wave, devices, pending, progress, ok, failed, Map.copyOf(reasons));
    }

    /** What the orchestrator does next. */
    public sealed interface Decision {
        /** Nothing to change now. */
        record Wait() implements Decision {
        }

        /** Pause the rollout automatically, with the reason shown in status. */
        record Pause(String reason) implements Decision {
        }

        /** The current wave is done: remember when (the pause between waves starts now). */
        record WaveDone(Instant at) implements Decision {
        }

        /** Start the next wave. */
        record Advance(int nextWave) implements Decision {
        }

        /** The last wave is done. */
        record Complete() implements Decision {
        }
    }

    /**
     * Decides the next step of a running rollout from the current wave's counts. A wave is done when every
     * device in it finished or the wave timeout passed (silent devices then count as no response, not as
     * failures). Failures already accepted by an operator's resume are not counted again.
     */
    public static Decision decide(Rollout r, WaveStats current, Instant now) {
        if (r.state() != RolloutState.RUNNING) {
            return new Decision.Wait();
        }
        int failures = current.failed() - r.acceptedFailures();
        if (failures > 0 && current.devices() > 0 && (double) failures / current.devices() > r.maxFailure()) {
            return new Decision.Pause(String.format(java.util.Locale.ROOT,
                    "wave %d: %d of %d devices failed (%.1f%%), above the %.1f%% threshold", r.wave() + 1, current.failed(),
                    current.devices(), 100.0 * current.failed() / current.devices(), 100.0 * r.maxFailure()));
        }
        boolean timedOut = r.waveStartedAt() != null && now.isAfter(r.waveStartedAt().plus(r.waveTimeout()));
        boolean done = current.finished() == current.devices() || timedOut;
        if (!done) {
            return new Decision.Wait();
        }
        if (r.lastWave()) {
            return new Decision.Complete();
        }
        if (r.waveCompletedAt() == null) {
            return new Decision.WaveDone(now);
        }
        if (!now.isBefore(r.waveCompletedAt().plus(r.pauseBetween()))) {
            return new Decision.Advance(r.wave() + 1);
        }
        return new Decision.Wait();
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
