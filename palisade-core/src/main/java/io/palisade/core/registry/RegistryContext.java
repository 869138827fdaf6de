package io.palisade.core.registry;

import io.palisade.core.device.*;
import io.palisade.core.ErrorCode;
import io.palisade.core.PalisadeException;
import io.palisade.core.audit.AuditAction;
import io.palisade.core.audit.AuditLog;
import io.palisade.core.event.DomainEvent;
import io.palisade.core.event.EventBus;
import io.palisade.core.identity.IdentityIssuer;
import io.palisade.core.store.Repositories;
import io.palisade.core.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/** What the registry's sections share: the ports, the clock, and the helpers every section uses. */
final class RegistryContext {
    final Store store;
    final IdentityIssuer issuer;
    final EventBus events;
    final Clock clock;
    final Duration rotationOverlap;

    RegistryContext(Store store, IdentityIssuer issuer, EventBus events, Clock clock, Duration rotationOverlap) {
        this.store = Objects.requireNonNull(store);
        this.issuer = Objects.requireNonNull(issuer);
        this.events = Objects.requireNonNull(events);
        this.clock = Objects.requireNonNull(clock);
        this.rotationOverlap = Objects.requireNonNull(rotationOverlap);
    }

    Instant now() {
        return clock.instant();
    }

    /** Publishes events collected in a transaction, once it committed. */
    void publish(List<DomainEvent> out) {
        out.forEach(events::publish);
    }

    /** Runs an enrollment; a refusal is recorded in the audit log (in its own transaction, as the work rolled back). */
    <T> T auditRejection(String actor, DeviceId id, Supplier<T> work) {
        try {
            return work.get();
        } catch (PalisadeException e) {
            if (actor != null && e.code() != ErrorCode.NOT_FOUND) {
                Instant now = clock.instant();
                store.transaction(r -> AuditLog.append(r.audit(), now, actor, AuditAction.ENROLL_REJECTED, DeviceRegistry.subject(id), e.getMessage()));
            }
            throw e;
        }
    }

    static DeviceModel requireModel(Repositories r, String name) {
        return r.models().find(name).orElseThrow(() -> PalisadeException.notFound("no model named '" + name + "': create it with 'palisade model create'"));
    }

    static PalisadeException unknownDevice(DeviceId id) {
        return PalisadeException.notFound("no device '" + id + "': list devices with 'palisade device list'");
    }

    static Device requireDevice(Repositories r, DeviceId id) {
        return r.devices().find(id).orElseThrow(() -> unknownDevice(id));
    }
}
