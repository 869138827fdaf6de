package io.palisade.server;

import io.palisade.core.device.Access;
import io.palisade.core.device.DeviceId;
import io.palisade.core.registry.DeviceRegistry;
import io.palisade.detect.vpatch.Direction;
import io.palisade.detect.vpatch.PatchDecision;
import io.palisade.edge.DeviceGate;
import io.palisade.server.detect.VirtualPatches;
import java.math.BigInteger;
import java.util.Optional;

/**
 * What the edge asks the platform about a device: whether a certificate may open a session (the registry's access
 * decision), whether a publish is refused by a virtual patch, the device's telemetry schema, and that it connected.
 */
final class EdgeDeviceGate implements DeviceGate {
    private final DeviceRegistry registry;
    private final VirtualPatches vpatches;

    EdgeDeviceGate(DeviceRegistry registry, VirtualPatches vpatches) {
        this.registry = registry;
        this.vpatches = vpatches;
    }

    @Override
    public boolean inspectsPublishes() {
        return vpatches.active();
    }

    @Override
    public Optional<String> refusePublish(DeviceId id, String topic, byte[] payload) {
        PatchDecision d = vpatches.decide(id.value(), Direction.FROM_DEVICE, topic, payload);
        return d instanceof PatchDecision.Deny deny ? Optional.of("virtual-patch:" + deny.patchId()) : Optional.empty();
    }

    @Override
    public Access access(DeviceId id, BigInteger serial) {
        return registry.access(id, serial);
    }

    @Override
    public void connected(DeviceId id, String remoteAddress) {
        registry.markActive(id);
    }

    @Override
    public Optional<String> telemetrySchema(DeviceId id) {
        return registry.telemetrySchemaOf(id);
    }
}
