package io.palisade.core.registry;

import io.palisade.core.device.*;
import static io.palisade.core.registry.RegistryContext.requireDevice;
import static io.palisade.core.registry.RegistryContext.requireModel;

import io.palisade.core.PalisadeException;
import io.palisade.core.audit.AuditAction;
import io.palisade.core.audit.AuditLog;
import io.palisade.core.auth.Secrets;
import io.palisade.core.event.DomainEvent;
import io.palisade.core.identity.CertificateRecord;
import io.palisade.core.identity.CertificateStatus;
import io.palisade.core.identity.RevocationReason;
import io.palisade.core.store.Repositories;
import java.math.BigInteger;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Registry section: certificate issuance (first enrollment, rotation) and the one-key-one-device rule. */
final class DeviceCertificates {
    private final RegistryContext cx;

    DeviceCertificates(RegistryContext cx) {
        this.cx = cx;
    }

    List<CertificateRecord> certificates(DeviceId id) {
        return cx.store.read(r -> {
            requireDevice(r, id);
            return r.certificates().listByDevice(id);
        });
    }

    X509Certificate enroll(String actor, DeviceId id, PublicKey key) {
        Instant now = cx.now();
        List<DomainEvent> out = new ArrayList<>();
        X509Certificate cert = cx.auditRejection(actor, id, () -> cx.store.transaction(r -> {
            Device d = requireDevice(r, id);
            if (d.state() != LifecycleState.REGISTERED) {
                throw PalisadeException.illegalState("device '" + id + "' is " + d.state().label()
                        + ": only a registered device can enroll (an enrolled device re-enrolls with its current certificate)");
            }
            X509Certificate c = issueInto(r, actor, d, key, now);
            DeviceLifecycle.move(r, actor, d, LifecycleState.ENROLLED, now, "enrolled", out);
            return c;
        }));
        cx.publish(out);
        return cert;
    }

    X509Certificate reenroll(DeviceId id, BigInteger presentedSerial, PublicKey key) {
        Instant now = cx.now();
        String actor = "device:" + id;
        List<DomainEvent> out = new ArrayList<>();
        X509Certificate cert = cx.auditRejection(actor, id, () -> cx.store.transaction(r -> {
            Device d = requireDevice(r, id);
            CertificateRecord current = r.certificates().find(presentedSerial)
                    .filter(c -> c.deviceId().equals(id))
                    .orElseThrow(() -> PalisadeException.unauthorized("re-enrollment refused: the presented certificate is not a current Palisade certificate of this device"));
            if (!d.state().hasIdentity() || !current.isValidAt(now) || current.status() != CertificateStatus.VALID) {
                throw PalisadeException.unauthorized("re-enrollment refused: the presented certificate is not valid (revoked, expired or the device is not enrolled)");
            }
            X509Certificate c = issueInto(r, actor, d, key, now);
            Instant effective = now.plus(cx.rotationOverlap);
            r.certificates().update(current.revoked(effective, RevocationReason.SUPERSEDED));
            AuditLog.append(r.audit(), now, actor, AuditAction.CERT_REVOKED, DeviceRegistry.subject(id),
                    "serial=" + current.serialHex() + " reason=superseded effective=" + effective);
            out.add(new DomainEvent.CertificateRevoked(id, current.serial(), effective, now));
            return c;
        }));
        cx.publish(out);
        return cert;
    }

    /** Issues a certificate for {@code key} to {@code d} inside the caller's transaction; refuses a key bound to another device. */
    X509Certificate issueInto(Repositories r, String actor, Device d, PublicKey key, Instant now) {
        String fp = Secrets.sha256Hex(key.getEncoded());
        for (CertificateRecord other : r.certificates().listByKeyFingerprint(fp)) {
            if (!other.deviceId().equals(d.id())) {
                throw PalisadeException.conflict("this public key is already bound to another device: every device needs its own key pair (ETSI EN 303 645 5.4-4)");
            }
        }
        DeviceModel model = requireModel(r, d.model());
        X509Certificate c = cx.issuer.issue(d.id(), key, model, now);
        try {
            r.certificates().insert(new CertificateRecord(c.getSerialNumber(), d.id(), fp, c.getNotBefore().toInstant(),
                    c.getNotAfter().toInstant(), CertificateStatus.VALID, null, null, DeviceRegistry.pem(c)));
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("cannot encode issued certificate", e);
        }
        AuditLog.append(r.audit(), now, actor, AuditAction.CERT_ISSUED, DeviceRegistry.subject(d.id()),
                "serial=" + c.getSerialNumber().toString(16) + " notAfter=" + c.getNotAfter().toInstant() + " key=" + fp);
        return c;
    }
}
