package io.palisade.core.store;

import io.palisade.core.device.DeviceId;
import io.palisade.core.telemetry.TelemetryRecord;
import java.time.Instant;
import java.util.List;

/** High-volume telemetry store; thread-safe; each append is committed (durable) when it returns. */
public interface TelemetryRepository {
    /** Stores the record (its id is ignored) and returns the assigned id. */
    long append(TelemetryRecord record);

    /** Appends many in one commit; durable when it returns. */
    void appendAll(List<TelemetryRecord> records);

    /** Records of one device with from &lt;= receivedAt &lt; to, oldest first, at most limit. */
    List<TelemetryRecord> query(DeviceId id, Instant from, Instant to, int limit);

    long count(DeviceId id);
}
