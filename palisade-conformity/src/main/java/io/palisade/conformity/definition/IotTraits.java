package io.palisade.conformity.definition;

import java.util.Objects;

/**
 * What a device model declares about itself, for the NIST IR 8259 IoT-device definition.
 *
 * @param sensors                number of sensing transducers
 * @param actuators              number of actuating transducers
 * @param networkInterfaces      number of network interfaces (Wi-Fi, Ethernet, BLE, cellular, ...)
 * @param operation              whether it works on its own, needs a companion (hub, app) or is only a component
 * @param generalPurposeComputer a conventional IT device (PC, laptop, phone, server) rather than an IoT device
 */
public record IotTraits(int sensors, int actuators, int networkInterfaces, Operation operation,
        boolean generalPurposeComputer) {
    public enum Operation { STANDALONE, NEEDS_COMPANION, COMPONENT_ONLY }

    public IotTraits {
        if (sensors < 0 || actuators < 0 || networkInterfaces < 0 || sensors > 10_000 || actuators > 10_000
                || networkInterfaces > 1_000) {
            throw new IllegalArgumentException("trait counts out of range");
        }
        Objects.requireNonNull(operation, "operation");
    }
}
