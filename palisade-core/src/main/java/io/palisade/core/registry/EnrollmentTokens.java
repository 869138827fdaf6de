package io.palisade.core.registry;

import io.palisade.core.device.*;
import static io.palisade.core.registry.RegistryContext.requireDevice;

import io.palisade.core.PalisadeException;
import io.palisade.core.audit.AuditAction;
import io.palisade.core.audit.AuditLog;
import io.palisade.core.auth.Secrets;
import io.palisade.core.event.DomainEvent;
import io.palisade.core.identity.EnrollmentToken;
import io.palisade.core.store.Repositories;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Registry section: one-time enrollment tokens (issue, check, consume). */
final class EnrollmentTokens {
    private final RegistryContext cx;
    private final DeviceCertificates certificates;

    EnrollmentTokens(RegistryContext cx, DeviceCertificates certificates) {
        this.cx = cx;
        this.certificates = certificates;
    }

    String issueEnrollmentToken(String actor, DeviceId id, Duration ttl) {
        Instant now = cx.now();
        Duration life = ttl == null ? DeviceRegistry.DEFAULT_TOKEN_TTL : ttl;
        if (life.isNegative() || life.isZero() || life.compareTo(Duration.ofDays(30)) > 0) {
            throw PalisadeException.invalid("token lifetime must be between 1 second and 30 days");
        }
        String secret = Secrets.newSecret();
        cx.store.transaction(r -> {
            Device d = requireDevice(r, id);
            if (d.state() != LifecycleState.REGISTERED) {
                throw PalisadeException.illegalState("device '" + id + "' is " + d.state().label()
                        + ": enrollment tokens are only issued to registered devices (revoke or transfer it first)");
            }
            r.enrollmentTokens().invalidateForDevice(id, now);
            r.enrollmentTokens().insert(new EnrollmentToken(id, Secrets.hash(secret), now, now.plus(life), null));
            AuditLog.append(r.audit(), now, actor, AuditAction.TOKEN_ISSUED, DeviceRegistry.subject(id), "expires=" + now.plus(life));
            return null;
        });
        return secret;
    }

    X509Certificate enrollWithToken(DeviceId id, String secret, PublicKey key) {
        Instant now = cx.now();
        String actor = "device:" + id;
        String[] why = new String[1];
        List<DomainEvent> out = new ArrayList<>();
        X509Certificate cert = cx.auditRejection(actor, id, () -> cx.store.transaction(r -> {
            why[0] = tokenProblem(r, id, secret, now);
            if (why[0] != null) {
                return null;
            }
            EnrollmentToken t = r.enrollmentTokens().findByHash(Secrets.hash(secret)).orElseThrow();
            Device d = requireDevice(r, id);
            if (d.state() != LifecycleState.REGISTERED) {
                throw PalisadeException.illegalState("device '" + id + "' is " + d.state().label() + ": only a registered device can enroll");
            }
            r.enrollmentTokens().update(t.used(now));
            AuditLog.append(r.audit(), now, actor, AuditAction.TOKEN_USED, DeviceRegistry.subject(id), "");
            X509Certificate c = certificates.issueInto(r, actor, d, key, now);
            DeviceLifecycle.move(r, actor, d, LifecycleState.ENROLLED, now, "enrolled with one-time token", out);
            return c;
        }));
        if (cert == null) {
            cx.store.transaction(r -> AuditLog.append(r.audit(), now, actor, AuditAction.TOKEN_REJECTED, DeviceRegistry.subject(id), why[0]));
            throw PalisadeException.unauthorized("enrollment token rejected: ask the operator for a new one-time token");
        }
        cx.publish(out);
        return cert;
    }

    private static String tokenProblem(Repositories r, DeviceId id, String secret, Instant now) {
        if (secret == null || secret.isEmpty() || secret.length() > 256) {
            return "malformed token";
        }
        var tok = r.enrollmentTokens().findByHash(Secrets.hash(secret));
        if (tok.isEmpty()) {
            return "unknown token";
        }
        EnrollmentToken t = tok.get();
        if (!t.deviceId().equals(id)) {
            return "token belongs to another device";
        }
        if (t.usedAt() != null) {
            return "token already used (replay)";
        }
        if (!now.isBefore(t.expiresAt())) {
            return "token expired";
        }
        return null;
    }
}
