package io.palisade.core.device;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** A registered device. {@code owner} names who holds it now; {@code firmware} is the last known version. */
public record Device(DeviceId id, String model, LifecycleState state, String owner, String firmware,
        Instant createdAt, Instant updatedAt) {
    public Device {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    public Device withState(LifecycleState next, Instant at) {
        return new Device(id, model, next, owner, firmware, createdAt, at);
    }

    public Device withOwner(String newOwner, Instant at) {
        return new Device(id, model, state, newOwner, firmware, createdAt, at);
    }

    public Device withFirmware(String version, Instant at) {
        return new Device(id, model, state, owner, version, createdAt, at);
    }

    public Optional<String> firmwareVersion() {
        return Optional.ofNullable(firmware);
    }
}
