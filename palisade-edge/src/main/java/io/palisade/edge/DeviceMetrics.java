package io.palisade.edge;

import io.palisade.core.device.DeviceId;
import java.time.Instant;
import java.util.Objects;

/**
 * A snapshot of what the broker saw of one device. {@code authorizationFailures} counts refused CONNECTs that named
 * this device and refused publishes/subscriptions; {@code rejectedMessages} counts payloads dropped by inspection
 * (invalid JSON, schema violation, oversized, store failure); {@code throttled} counts publishes dropped by the rate
 * limit. {@code lastSeen} and {@code lastSourceAddress} may be null when the device was never seen.
 */
public record DeviceMetrics(DeviceId deviceId, long messagesIn, long bytesIn, long authorizationFailures, long connects,
        long disconnects, long rejectedMessages, long throttled, Instant lastSeen, String lastSourceAddress,
        boolean connected) {
    public DeviceMetrics {
        Objects.requireNonNull(deviceId, "deviceId");
    }
}
