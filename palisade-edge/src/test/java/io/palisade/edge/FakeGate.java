package io.palisade.edge;

import io.palisade.core.device.Access;
import io.palisade.core.device.DeviceId;
import java.math.BigInteger;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A DeviceGate backed by maps: unknown devices are denied ("unknown device"). */
final class FakeGate implements DeviceGate {
    final Map<DeviceId, Access> access = new ConcurrentHashMap<>();
    final Map<DeviceId, String> schemas = new ConcurrentHashMap<>();
    final CopyOnWriteArrayList<DeviceId> connected = new CopyOnWriteArrayList<>();
    /** Devices whose access turns to Deny("certificate revoked") at the given instant. */
    final Map<DeviceId, java.time.Instant> revokedFrom = new ConcurrentHashMap<>();
    /** Devices for which the gate fails (database down). */
    final java.util.Set<DeviceId> failing = ConcurrentHashMap.newKeySet();

    void allow(String id) {
        access.put(DeviceId.of(id), new Access.Allow(DeviceId.of(id), Access.Rights.FULL));
    }

    void quarantine(String id) {
        access.put(DeviceId.of(id), new Access.Allow(DeviceId.of(id), Access.Rights.QUARANTINE));
    }

    void deny(String id, String reason) {
        access.put(DeviceId.of(id), new Access.Deny(reason));
    }

    @Override
    public Access access(DeviceId id, BigInteger certificateSerial) {
        if (failing.contains(id)) {
            throw new IllegalStateException("database unavailable (test)");
        }
        java.time.Instant from = revokedFrom.get(id);
        if (from != null && !java.time.Instant.now().isBefore(from)) {
            return new Access.Deny("certificate revoked");
        }
        return access.getOrDefault(id, new Access.Deny("unknown device"));
    }

    @Override
    public void connected(DeviceId id, String remoteAddress) {
        connected.add(id);
    }

    @Override
    public Optional<String> telemetrySchema(DeviceId id) {
        return Optional.ofNullable(schemas.get(id));
    }
}
