package io.palisade.detect.behaviour;

import java.time.Instant;

/** A learned normal band for one model and metric. */
public record Baseline(String model, Metric metric, double median, double mad, double low, double high, int samples,
        Instant trainedAt) {
    public boolean contains(double v) {
        return v >= low && v <= high;
    }

    /** Computes the band from training values (the array is sorted in place). */
    static Baseline compute(String model, Metric metric, double[] values, int n, BaselineSettings s, Instant at) {
        java.util.Arrays.sort(values, 0, n);
        double median = median(values, n);
        double[] dev = new double[n];
        for (int i = 0; i < n; i++) {
            dev[i] = Math.abs(values[i] - median);
        }
        java.util.Arrays.sort(dev);
        double mad = median(dev, n);
        double spread = Math.max(Math.max(mad * 1.4826, s.absoluteFloor()), s.relativeFloor() * Math.abs(median));
        double low = Math.max(0, median - s.k() * spread);
        double high = median + s.k() * spread;
        return new Baseline(model, metric, median, mad, low, high, n, at);
    }

    private static double median(double[] sorted, int n) {
        return (n & 1) == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
