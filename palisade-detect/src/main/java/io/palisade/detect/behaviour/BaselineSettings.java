package io.palisade.detect.behaviour;

import io.palisade.core.PalisadeException;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Learned-baseline parameters of a profile. During {@code trainingWindow} (from the first sample of the model)
 * the engine collects values per model and metric (a bounded reservoir); afterwards, once at least
 * {@code minSamples} values exist, the band is {@code median ± k · max(MAD · 1.4826, absoluteFloor,
 * relativeFloor · |median|)}. A device is flagged after {@code consecutive} samples in a row outside the band.
 * The destinations the model's devices contact during training become its known set (for beaconing).
 */
public record BaselineSettings(boolean enabled, Set<Metric> metrics, Duration trainingWindow, int minSamples,
        double k, double absoluteFloor, double relativeFloor, int consecutive) {
    public BaselineSettings {
        Objects.requireNonNull(trainingWindow, "trainingWindow");
        metrics = metrics == null ? Set.of() : Set.copyOf(metrics);
        if (trainingWindow.isNegative() || trainingWindow.compareTo(Duration.ofDays(30)) > 0) {
            throw PalisadeException.invalid("baseline training window must be 0-30 days");
        }
        if (minSamples < 10 || minSamples > 1_000_000) {
            throw PalisadeException.invalid("baseline minSamples must be 10-1000000");
        }
        if (!(k >= 1 && k <= 100) || !(absoluteFloor >= 0 && absoluteFloor < Metric.MAX_VALUE)
                || !(relativeFloor >= 0 && relativeFloor <= 10)) {
            throw PalisadeException.invalid("baseline k must be 1-100, floors non-negative (relative at most 10)");
        }
        if (consecutive < 1 || consecutive > 1000) {
            throw PalisadeException.invalid("baseline consecutive must be 1-1000");
        }
    }

    public static BaselineSettings disabled() {
        return new BaselineSettings(false, Set.of(), Duration.ZERO, 10, 6, 1, 0.25, 3);
    }

    /** Sensible defaults: 6 hours of training, 200 samples, k = 6, floors 1 and 25 % of the median, 3 in a row. */
    public static BaselineSettings defaults(Set<Metric> metrics) {
        return new BaselineSettings(true, metrics, Duration.ofHours(6), 200, 6, 1, 0.25, 3);
    }
}
