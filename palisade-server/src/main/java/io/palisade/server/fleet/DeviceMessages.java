package io.palisade.server.fleet;

import io.palisade.core.telemetry.TelemetryRecord;
import io.palisade.edge.TelemetrySink;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The path of an accepted device message: durable first (the journal, before the broker acknowledges), then
 * handed to the capabilities that follow a channel (update reports to rollouts, boot events to the registry,
 * device metrics to detection). Listeners must not block: they queue work of their own.
 */
public final class DeviceMessages implements TelemetrySink {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceMessages.class);
    private final TelemetrySink durable;
    private final Map<String, List<Consumer<TelemetryRecord>>> listeners = new java.util.concurrent.ConcurrentHashMap<>();

    public DeviceMessages(TelemetrySink durable) {
        this.durable = durable;
    }

    /** Follows one channel (telemetry, events, metrics, update). */
    public void on(String channel, Consumer<TelemetryRecord> listener) {
        listeners.computeIfAbsent(channel, k -> new CopyOnWriteArrayList<>()).add(listener);
    }

    @Override
    public void store(TelemetryRecord record) {
        durable.store(record);
        List<Consumer<TelemetryRecord>> ls = listeners.get(record.channel());
        if (ls == null) {
            return;
        }
        for (Consumer<TelemetryRecord> l : ls) {
            try {
                l.accept(record);
            } catch (RuntimeException e) {
                LOG.warn("a {} message of {} was stored but not processed: {}", record.channel(), record.deviceId(), e.toString());
            }
        }
    }
}
