package io.palisade.server.detect;

import io.palisade.core.device.Device;
import io.palisade.core.device.DeviceId;
import io.palisade.core.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A small read cache of what the hot paths (publish inspection, metrics, flow verdicts) need to know about a
 * device: its model and firmware. Entries live a few seconds and are dropped when the platform changes a device.
 */
public final class DeviceDirectory {
    public record Info(String deviceId, String model, String firmware, Instant loadedAt) {
    }

    private static final Duration TTL = Duration.ofSeconds(10);
    private static final int MAX = 200_000;
    private final Store store;
    private final Clock clock;
    private final Map<String, Info> cache = new ConcurrentHashMap<>();

    public DeviceDirectory(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public Optional<Info> find(String deviceId) {
        Instant now = clock.instant();
        Info i = cache.get(deviceId);
        if (i != null && now.isBefore(i.loadedAt().plus(TTL))) {
            return Optional.of(i);
        }
        // a store failure propagates: callers on the security path (virtual patches) then refuse instead of allowing
        Optional<Device> d = store.read(r -> r.devices().find(DeviceId.of(deviceId)));
        if (d.isEmpty()) {
            cache.remove(deviceId);
            return Optional.empty();
        }
        Info fresh = new Info(deviceId, d.get().model(), d.get().firmware(), now);
        if (cache.size() >= MAX) {
            cache.clear();
        }
        cache.put(deviceId, fresh);
        return Optional.of(fresh);
    }

    public void invalidate(String deviceId) {
        cache.remove(deviceId);
    }
}
