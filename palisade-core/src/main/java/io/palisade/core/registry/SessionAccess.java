package io.palisade.core.registry;

import io.palisade.core.device.*;
import java.math.BigInteger;
import java.time.Instant;

/** Registry section: whether a device presenting a certificate may hold a session now. */
final class SessionAccess {
    private final RegistryContext cx;

    SessionAccess(RegistryContext cx) {
        this.cx = cx;
    }

    Access access(DeviceId id, BigInteger serial) {
        Instant now = cx.now();
        return cx.store.read(r -> {
            var d = r.devices().find(id);
            if (d.isEmpty()) {
                return new Access.Deny("unknown device");
            }
            if (!d.get().state().hasIdentity()) {
                return new Access.Deny("device is " + d.get().state().label());
            }
            var c = r.certificates().find(serial);
            if (c.isEmpty() || !c.get().deviceId().equals(id)) {
                return new Access.Deny("certificate not issued to this device");
            }
            if (c.get().isRevokedAt(now)) {
                return new Access.Deny("certificate revoked");
            }
            if (!c.get().isValidAt(now)) {
                return new Access.Deny("certificate outside its validity period");
            }
            return new Access.Allow(id, d.get().state() == LifecycleState.QUARANTINED ? Access.Rights.QUARANTINE : Access.Rights.FULL);
        });
    }
}
