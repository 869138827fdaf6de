package io.palisade.edge.internal;

import io.palisade.core.device.Access;
import io.palisade.core.device.DeviceId;
import java.math.BigInteger;
import java.util.Objects;

/**
 * One authenticated connection of a device. {@code token} is also stored in the connection's attribute store, so a
 * message is only attributed to the session of its own connection (a take-over by a new connection replaces it).
 * {@code rights} may narrow or widen while connected; {@code schema} is fetched once at CONNECT.
 */
final class Session {
    final String token;
    final DeviceId deviceId;
    final BigInteger serial;
    final String remoteAddress;
    final SchemaState schema;
    volatile Access.Rights rights;

    /** The device model's telemetry schema as seen at CONNECT. */
    sealed interface SchemaState {
        record None() implements SchemaState {
        }

        record Compiled(TelemetrySchema schema) implements SchemaState {
        }

        /** The model has a schema this broker cannot use: telemetry is refused (fail closed). */
        record Unusable(String reason) implements SchemaState {
        }
    }

    Session(String token, DeviceId deviceId, BigInteger serial, String remoteAddress, Access.Rights rights, SchemaState schema) {
        this.token = Objects.requireNonNull(token);
        this.deviceId = Objects.requireNonNull(deviceId);
        this.serial = Objects.requireNonNull(serial);
        this.remoteAddress = Objects.requireNonNull(remoteAddress);
        this.rights = Objects.requireNonNull(rights);
        this.schema = Objects.requireNonNull(schema);
    }
}
