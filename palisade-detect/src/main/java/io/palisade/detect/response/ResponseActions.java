package io.palisade.detect.response;

import io.palisade.core.device.DeviceId;

/**
 * Port: the server's implementation of the response actions. Each call either succeeds or throws (a
 * {@link io.palisade.core.PalisadeException} with a clear message); the response engine records the outcome.
 */
public interface ResponseActions {
    /** Moves the device to quarantine (only its update and attestation channels stay open). */
    void quarantine(DeviceId deviceId, String reason);

    /** Releases the device from quarantine. */
    void release(DeviceId deviceId, String reason);

    /** Revokes the device's identity (its certificates). */
    void revoke(DeviceId deviceId, String reason);

    /** Forces a new enrollment (revokes and sends the device back to registered). */
    void forceReenroll(DeviceId deviceId, String reason);

    /** Applies a virtual patch to the device (or activates it for the device's scope). */
    void applyVirtualPatch(String patchId, DeviceId deviceId);
}
