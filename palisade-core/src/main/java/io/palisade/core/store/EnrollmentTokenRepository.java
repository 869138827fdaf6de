package io.palisade.core.store;

import io.palisade.core.device.DeviceId;
import io.palisade.core.identity.EnrollmentToken;
import java.time.Instant;
import java.util.Optional;

public interface EnrollmentTokenRepository {
    void insert(EnrollmentToken token);

    Optional<EnrollmentToken> findByHash(String tokenHash);

    /** Marks the token used (usedAt set). */
    void update(EnrollmentToken token);

    /** Marks every unused token of the device used at {@code at} (a new token or a transfer voids older ones). */
    void invalidateForDevice(DeviceId id, Instant at);
}
