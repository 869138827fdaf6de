package io.palisade.core.telemetry;

import io.palisade.core.device.DeviceId;
import java.time.Instant;
import java.util.Objects;

/** One stored message from a device: {@code channel} is the topic leaf (telemetry, events, metrics...), payload is JSON text. */
public record TelemetryRecord(long id, DeviceId deviceId, Instant receivedAt, String channel, String payload) {
    public TelemetryRecord {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(payload, "payload");
    }
}
