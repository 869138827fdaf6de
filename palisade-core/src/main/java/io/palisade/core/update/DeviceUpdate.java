package io.palisade.core.update;

import io.palisade.core.device.DeviceId;
import java.time.Instant;
import java.util.Objects;

/** One device's progress in one rollout. {@code reason} is what the device said when it failed, or null. */
public record DeviceUpdate(String rolloutId, DeviceId deviceId, int wave, UpdateStep step, String reason,
                           String fromVersion, Instant updatedAt) {
    public DeviceUpdate {
        Objects.requireNonNull(rolloutId, "rolloutId");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (reason != null && reason.length() > 300) {
            reason = reason.substring(0, 300);
        }
    }

    public DeviceUpdate to(UpdateStep next, String why, Instant at) {
        return new DeviceUpdate(rolloutId, deviceId, wave, next, why, fromVersion, at);
    }
}
