package io.palisade.detect.behaviour;

import io.palisade.core.PalisadeException;
import java.time.Instant;
import java.util.Objects;

/** One metric value for one device at one instant. */
public record MetricSample(String deviceId, String model, Metric metric, double value, Instant at) {
    public MetricSample {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(at, "at");
        if (!validValue(value)) {
            throw PalisadeException.invalid("metric " + metric.id() + " value must be a finite number between 0 and "
                    + Metric.MAX_VALUE + " (got " + value + ")");
        }
    }

    public static boolean validValue(double v) {
        return Double.isFinite(v) && v >= 0 && v <= Metric.MAX_VALUE;
    }
}
