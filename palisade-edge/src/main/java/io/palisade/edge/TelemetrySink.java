package io.palisade.edge;

import io.palisade.core.telemetry.TelemetryRecord;

/** Where accepted device messages go. The record is durable when {@link #store} returns; a failure throws. */
public interface TelemetrySink {
    void store(TelemetryRecord record);
}
