package io.palisade.detect.vpatch;

/** Publish direction relative to the device. */
public enum Direction {
    /** Published to the device (commands, configuration). */
    TO_DEVICE,
    /** Published by the device (telemetry, events, metrics). */
    FROM_DEVICE
}
