package io.palisade.edge;

import io.palisade.core.device.Access;
import io.palisade.core.device.DeviceId;
import java.math.BigInteger;
import java.util.Optional;

/**
 * Everything the broker asks of the platform. The server implements it with the device registry. Calls may block
 * (database); the broker never calls them on a network thread.
 */
public interface DeviceGate {
    /** Whether the device may hold a session with the certificate of this serial: Allow(FULL|QUARANTINE) or Deny(reason). */
    Access access(DeviceId id, BigInteger certificateSerial);

    /** Called after a successful CONNECT (the server marks the device active). */
    void connected(DeviceId id, String remoteAddress);

    /** Optional JSON schema text for the device's model; telemetry is validated against it when present. */
    Optional<String> telemetrySchema(DeviceId id);

    /**
     * Whether {@link #refusePublish} must see publishes now (e.g. a virtual patch is active). While false the broker
     * skips the call and the payload copy it needs.
     */
    default boolean inspectsPublishes() {
        return false;
    }

    /**
     * A last word on an authorized publish of a device ({@code topic} relative to the device prefix, e.g.
     * {@code events} or {@code update/status}): a reason to drop it (virtual patch), or empty to let it through.
     */
    default Optional<String> refusePublish(DeviceId id, String topic, byte[] payload) {
        return Optional.empty();
    }
}
