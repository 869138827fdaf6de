package io.palisade.core.identity;

import io.palisade.core.device.DeviceId;
import java.time.Instant;
import java.util.Objects;

/** A one-time enrollment token: only its hash is kept. Single use, expiring. */
public record EnrollmentToken(DeviceId deviceId, String tokenHash, Instant issuedAt, Instant expiresAt, Instant usedAt) {
    public EnrollmentToken {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(tokenHash, "tokenHash");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    public boolean usable(Instant at) {
        return usedAt == null && at.isBefore(expiresAt);
    }

    public EnrollmentToken used(Instant at) {
        return new EnrollmentToken(deviceId, tokenHash, issuedAt, expiresAt, at);
    }
}
