package io.palisade.edge;

import io.palisade.core.device.DeviceId;
import io.palisade.core.telemetry.TelemetryRecord;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An in-memory TelemetrySink; devices listed in {@code failFor} make store() throw. */
final class MemorySink implements TelemetrySink {
    final CopyOnWriteArrayList<TelemetryRecord> records = new CopyOnWriteArrayList<>();
    final CopyOnWriteArrayList<DeviceId> failFor = new CopyOnWriteArrayList<>();

    @Override
    public void store(TelemetryRecord record) {
        if (failFor.contains(record.deviceId())) {
            throw new IllegalStateException("disk full (test)");
        }
        records.add(record);
    }

    List<TelemetryRecord> of(String deviceId) {
        return records.stream().filter(r -> r.deviceId().value().equals(deviceId)).toList();
    }
}
