package io.palisade.core.update;

import io.palisade.core.PalisadeException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A staged rollout of one firmware release to the devices of a model (optionally one group).
 *
 * @param waves        cumulative percentages of the eligible devices, strictly increasing, ending at 100
 * @param maxFailure   the failure rate (0..1) of a wave above which the rollout pauses automatically
 * @param pauseBetween how long to wait after a wave completes before the next one starts
 * @param waveTimeout  how long a wave waits for devices to answer; silent devices then count as "no response"
 * @param wave         index of the current wave
 * @param waveStartedAt when the current wave started (null before the first tick)
 * @param acceptedFailures failures of the current wave an operator accepted by resuming (not counted again)
 * @param reason       why the rollout is paused/aborted, or null
 */
public record Rollout(String id, String model, String version, String targetPath, String group, List<Integer> waves,
                      double maxFailure, Duration pauseBetween, Duration waveTimeout, RolloutState state, int wave,
                      Instant waveStartedAt, Instant waveCompletedAt, int acceptedFailures, String reason, String createdBy,
                      Instant createdAt, Instant updatedAt) {
    private static final Pattern ID = Pattern.compile("ro-[0-9a-z-]{1,40}");

    public Rollout {
        if (id == null || !ID.matcher(id).matches()) {
            throw PalisadeException.invalid("invalid rollout id");
        }
        Objects.requireNonNull(model, "model");
        FirmwareRelease.checkVersion(version);
        Objects.requireNonNull(targetPath, "targetPath");
        waves = List.copyOf(waves);
        checkWaves(waves);
        if (!(maxFailure >= 0 && maxFailure <= 1)) {
            throw PalisadeException.invalid("max failure must be between 0% and 100%");
        }
        Objects.requireNonNull(pauseBetween, "pauseBetween");
        Objects.requireNonNull(waveTimeout, "waveTimeout");
        if (pauseBetween.isNegative() || waveTimeout.isNegative() || waveTimeout.isZero()) {
            throw PalisadeException.invalid("pause and wave timeout must be positive");
        }
        Objects.requireNonNull(state, "state");
        if (wave < 0 || wave >= waves.size()) {
            throw PalisadeException.invalid("wave index out of range");
        }
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    public static void checkWaves(List<Integer> waves) {
        if (waves.isEmpty() || waves.size() > 20) {
            throw PalisadeException.invalid("give 1 to 20 waves, e.g. 1%,10%,50%,100%");
        }
        int previous = 0;
        for (int w : waves) {
            if (w <= previous || w > 100) {
                throw PalisadeException.invalid("wave percentages must increase strictly from 1 to 100: " + waves);
            }
            previous = w;
        }
        if (previous != 100) {
            throw PalisadeException.invalid("the last wave must reach 100%: " + waves);
        }
    }

    /** Parses "1%,10%,50%,100%" (the % signs are optional). */
    public static List<Integer> parseWaves(String text) {
        if (text == null || text.isBlank() || text.length() > 200) {
            throw PalisadeException.invalid("waves missing: e.g. 1%,10%,50%,100%");
        }
        List<Integer> out = new java.util.ArrayList<>();
        for (String part : text.split(",")) {
            String p = part.trim();
            if (p.endsWith("%")) {
                p = p.substring(0, p.length() - 1);
            }
            try {
                out.add(Integer.parseInt(p.trim()));
            } catch (NumberFormatException e) {
                throw PalisadeException.invalid("wave '" + part.trim() + "' is not a percentage");
            }
        }
        checkWaves(out);
        return List.copyOf(out);
    }

    /** Parses "5%" or "0.05" into a rate. */
    public static double parseRate(String text) {
        if (text == null || text.isBlank()) {
            throw PalisadeException.invalid("failure threshold missing, e.g. 5%");
        }
        try {
            String t = text.trim();
            double v = t.endsWith("%") ? Double.parseDouble(t.substring(0, t.length() - 1)) / 100.0 : Double.parseDouble(t);
            if (!(v >= 0 && v <= 1)) {
                throw PalisadeException.invalid("failure threshold must be between 0% and 100%");
            }
            return v;
        } catch (NumberFormatException e) {
            throw PalisadeException.invalid("failure threshold '" + text + "' is not a percentage");
        }
    }

    public Rollout with(RolloutState s, int w, Instant started, Instant completed, int accepted, String why, Instant at) {
        return new Rollout(id, model, version, targetPath, group, waves, maxFailure, pauseBetween, waveTimeout, s, w,
                started, completed, accepted, why, createdBy, createdAt, at);
    }

    public boolean lastWave() {
        return wave == waves.size() - 1;
    }
}
