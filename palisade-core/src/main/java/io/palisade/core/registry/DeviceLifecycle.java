package io.palisade.core.registry;

import io.palisade.core.device.*;
import static io.palisade.core.registry.RegistryContext.requireDevice;
import static io.palisade.core.registry.RegistryContext.requireModel;
import static io.palisade.core.registry.RegistryContext.unknownDevice;

import io.palisade.core.PalisadeException;
import io.palisade.core.audit.AuditAction;
import io.palisade.core.audit.AuditLog;
import io.palisade.core.event.DomainEvent;
import io.palisade.core.identity.CertificateRecord;
import io.palisade.core.identity.CertificateStatus;
import io.palisade.core.identity.RevocationReason;
import io.palisade.core.store.Repositories;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Registry section: devices, their lifecycle transitions, firmware reports and data erasure. */
final class DeviceLifecycle {
    private final RegistryContext cx;
    private final DeviceCertificates certificates;

    DeviceLifecycle(RegistryContext cx, DeviceCertificates certificates) {
        this.cx = cx;
        this.certificates = certificates;
    }

    DeviceRegistry.Created create(String actor, DeviceId id, String modelName, String owner, String firmware, PublicKey key) {
        Instant now = cx.now();
        if (firmware != null && (firmware.isBlank() || firmware.length() > 64 || firmware.chars().anyMatch(Character::isISOControl))) {
            throw PalisadeException.invalid("firmware version must be 1-64 printable characters");
        }
        if (owner != null && (owner.length() > 128 || owner.chars().anyMatch(Character::isISOControl))) {
            throw PalisadeException.invalid("owner must be at most 128 printable characters");
        }
        List<DomainEvent> out = new ArrayList<>();
        DeviceRegistry.Created created = cx.auditRejection(key == null ? null : actor, id, () -> cx.store.transaction(r -> {
            requireModel(r, modelName);
            if (r.devices().find(id).isPresent()) {
                throw PalisadeException.conflict("device '" + id + "' already exists");
            }
            Device d = new Device(id, modelName, LifecycleState.REGISTERED, owner, firmware, now, now);
            r.devices().insert(d);
            AuditLog.append(r.audit(), now, actor, AuditAction.DEVICE_REGISTERED, DeviceRegistry.subject(id),
                    "model=" + modelName + (firmware == null ? "" : " firmware=" + firmware));
            if (key == null) {
                return new DeviceRegistry.Created(d, null);
            }
            X509Certificate c = certificates.issueInto(r, actor, d, key, now);
            return new DeviceRegistry.Created(move(r, actor, d, LifecycleState.ENROLLED, now, "enrolled", out), c);
        }));
        cx.publish(out);
        return created;
    }

    Device device(DeviceId id) {
        return cx.store.read(r -> r.devices().find(id)).orElseThrow(() -> unknownDevice(id));
    }

    List<Device> devices() {
        return cx.store.read(r -> r.devices().list());
    }

    List<Device> devicesOfModel(String modelName) {
        return cx.store.read(r -> r.devices().listByModel(modelName));
    }

    Device revoke(String actor, DeviceId id, RevocationReason reason) {
        return transition(actor, id, LifecycleState.REGISTERED, reason == null ? RevocationReason.UNSPECIFIED : reason, "identity revoked", null);
    }

    Device quarantine(String actor, DeviceId id, String why) {
        return transition(actor, id, LifecycleState.QUARANTINED, null, why == null ? "quarantined" : why, null);
    }

    Device release(String actor, DeviceId id) {
        Device d = device(id);
        if (d.state() != LifecycleState.QUARANTINED) {
            throw PalisadeException.illegalState("device '" + id + "' is " + d.state().label() + ", not quarantined: nothing to release");
        }
        return transition(actor, id, LifecycleState.ACTIVE, null, "released from quarantine", null);
    }

    void markActive(DeviceId id) {
        Device d = device(id);
        if (d.state() == LifecycleState.ENROLLED) {
            transition("edge", id, LifecycleState.ACTIVE, null, "first connection", null);
        }
    }

    Device decommission(String actor, DeviceId id) {
        return transition(actor, id, LifecycleState.DECOMMISSIONED, RevocationReason.CESSATION_OF_OPERATION, "decommissioned", null);
    }

    Device transfer(String actor, DeviceId id, String newOwner) {
        if (newOwner == null || newOwner.isBlank() || newOwner.length() > 128 || newOwner.chars().anyMatch(Character::isISOControl)) {
            throw PalisadeException.invalid("new owner must be 1-128 printable characters");
        }
        Device d = device(id);
        if (d.state() == LifecycleState.DECOMMISSIONED) {
            throw PalisadeException.illegalState("device '" + id + "' is decommissioned and cannot be transferred");
        }
        return transition(actor, id, LifecycleState.REGISTERED, RevocationReason.AFFILIATION_CHANGED, "transferred", newOwner);
    }

    private Device transition(String actor, DeviceId id, LifecycleState target, RevocationReason revokeWith, String why, String newOwner) {
        Instant now = cx.now();
        List<DomainEvent> out = new ArrayList<>();
        Device result = cx.store.transaction(r -> {
            Device d = requireDevice(r, id);
            boolean transferInPlace = newOwner != null && d.state() == LifecycleState.REGISTERED;
            if (!transferInPlace && !d.state().canMoveTo(target)) {
                throw PalisadeException.illegalState("device '" + id + "' is " + d.state().label() + " and cannot become "
                        + target.label() + " (allowed next: " + d.state().successors().stream().map(LifecycleState::label).toList() + ")");
            }
            if (revokeWith != null) {
                for (CertificateRecord c : r.certificates().listByDevice(id)) {
                    if (c.status() == CertificateStatus.VALID || (c.status() == CertificateStatus.REVOKED && c.revokedAt() != null && c.revokedAt().isAfter(now))) {
                        r.certificates().update(c.revoked(now, revokeWith));
                        AuditLog.append(r.audit(), now, actor, AuditAction.CERT_REVOKED, DeviceRegistry.subject(id),
                                "serial=" + c.serialHex() + " reason=" + revokeWith.name().toLowerCase(Locale.ROOT));
                        out.add(new DomainEvent.CertificateRevoked(id, c.serial(), now, now));
                    }
                }
                r.enrollmentTokens().invalidateForDevice(id, now);
            }
            Device next = d;
            if (newOwner != null) {
                next = next.withOwner(newOwner, now);
                AuditLog.append(r.audit(), now, actor, AuditAction.TRANSFER, DeviceRegistry.subject(id), "from=" + d.owner() + " to=" + newOwner);
            }
            if (d.state() != target) {
                return move(r, actor, next, target, now, why, out);
            }
            r.devices().update(next);
            return next;
        });
        cx.publish(out);
        return result;
    }

    /** Moves {@code d} to {@code target} inside the caller's transaction, audits it and collects the event. */
    static Device move(Repositories r, String actor, Device d, LifecycleState target, Instant now, String why, List<DomainEvent> out) {
        Device next = d.withState(target, now);
        r.devices().update(next);
        AuditLog.append(r.audit(), now, actor, AuditAction.LIFECYCLE, DeviceRegistry.subject(d.id()),
                d.state().label() + " -> " + target.label() + (why == null ? "" : " (" + why + ")"));
        out.add(new DomainEvent.DeviceStateChanged(d.id(), d.state(), target, now));
        return next;
    }

    long eraseData(String actor, DeviceId id) {
        device(id);
        long n = cx.store.telemetry().deleteByDevice(id);
        Instant now = cx.now();
        cx.store.transaction(r -> AuditLog.append(r.audit(), now, actor, AuditAction.DATA_ERASED, DeviceRegistry.subject(id), n + " stored messages erased"));
        return n;
    }

    void recordFirmware(DeviceId id, String version) {
        if (version == null || version.isBlank() || version.length() > 64 || version.chars().anyMatch(Character::isISOControl)) {
            throw PalisadeException.invalid("firmware version must be 1-64 printable characters");
        }
        Instant now = cx.now();
        Optional<DomainEvent> changed = cx.store.transaction(r -> {
            Device d = requireDevice(r, id);
            if (!version.equals(d.firmware())) {
                r.devices().update(d.withFirmware(version, now));
                AuditLog.append(r.audit(), now, "device:" + id, AuditAction.FIRMWARE_REPORTED, DeviceRegistry.subject(id), "from=" + d.firmware() + " to=" + version);
                return Optional.of(new DomainEvent.FirmwareReported(id, d.model(), d.firmware(), version, now));
            }
            return Optional.empty();
        });
        changed.ifPresent(cx.events::publish);
    }
}
