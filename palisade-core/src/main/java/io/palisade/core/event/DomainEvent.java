package io.palisade.core.event;

import io.palisade.core.device.DeviceId;
import io.palisade.core.device.LifecycleState;
import java.math.BigInteger;
import java.time.Instant;

/** Events the domain publishes after a change is committed. */
public sealed interface DomainEvent {
    Instant at();

    record DeviceStateChanged(DeviceId deviceId, LifecycleState from, LifecycleState to, Instant at) implements DomainEvent {
    }

    /** A certificate was revoked; {@code effectiveAt} may be slightly later than {@code at} (rotation overlap). */
    record CertificateRevoked(DeviceId deviceId, BigInteger serial, Instant effectiveAt, Instant at) implements DomainEvent {
    }

    /** A device reported (or a rollout installed) a new firmware version. */
    record FirmwareReported(DeviceId deviceId, String model, String from, String to, Instant at) implements DomainEvent {
    }

    /** A security-relevant observation (flooding, authorization failure bursts, schema violations...). */
    record SecurityEvent(DeviceId deviceId, String type, String detail, Instant at) implements DomainEvent {
    }
}
