package io.palisade.core.device;

/** Whether a device may hold a session now, and with which rights. A decision is a value, never null. */
public sealed interface Access {
    /** Full rights, or only the update and attestation channels when quarantined. */
    enum Rights { FULL, QUARANTINE }

    record Allow(DeviceId deviceId, Rights rights) implements Access {
    }

    /** {@code reason} is for logs and metrics; it is never sent to the client. */
    record Deny(String reason) implements Access {
    }

    default boolean allowed() {
        return this instanceof Allow;
    }
}
