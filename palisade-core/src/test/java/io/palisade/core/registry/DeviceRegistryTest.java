package io.palisade.core.registry;

import io.palisade.core.device.*;
import static io.palisade.core.registry.RegistryFixture.OVERLAP;
import static io.palisade.core.registry.RegistryFixture.newKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.palisade.core.ErrorCode;
import io.palisade.core.PalisadeException;
import io.palisade.core.audit.AuditAction;
import io.palisade.core.audit.AuditEvent;
import io.palisade.core.audit.AuditLog;
import io.palisade.core.event.DomainEvent;
import io.palisade.core.identity.CertificateRecord;
import io.palisade.core.identity.CertificateStatus;
import io.palisade.core.identity.ManufacturerAnchor;
import io.palisade.core.identity.RevocationReason;
import java.math.BigInteger;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.BiFunction;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The registry's domain rules, exercised over the in-memory store. */
class DeviceRegistryTest {
    final RegistryFixture f = new RegistryFixture();
    final DeviceRegistry reg = f.registry;

    @AfterEach
    void verifyAuditChainAndClose() {
        AuditLog.Verification v = f.store.read(r -> AuditLog.verify(r.audit()));
        assertThat(v.intact()).as(v.message()).isTrue();
        f.close();
    }

    static void assertCode(ErrorCode code, ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOf(PalisadeException.class)
                .satisfies(e -> assertThat(((PalisadeException) e).code()).isEqualTo(code));
    }

    /** A device brought to {@code state} through the registry. */
    DeviceId deviceIn(LifecycleState state) {
        DeviceId id = f.register("dev-" + state.label());
        switch (state) {
            case REGISTERED -> { }
            case ENROLLED -> reg.enroll("admin", id, newKey());
            case ACTIVE -> {
                reg.enroll("admin", id, newKey());
                reg.markActive(id);
            }
            case QUARANTINED -> {
                reg.enroll("admin", id, newKey());
                reg.markActive(id);
                reg.quarantine("admin", id, "test");
            }
            case DECOMMISSIONED -> reg.decommission("admin", id);
        }
        assertThat(reg.device(id).state()).isEqualTo(state);
        return id;
    }

    // ---- lifecycle guards ------------------------------------------------------------------------------------

    /** Checks one operation from every state: allowed ones end in {@code target}, refused ones leave the device as it was. */
    void checkOperation(LifecycleState from, Set<LifecycleState> allowedFrom, LifecycleState target, ErrorCode refusal,
            BiFunction<DeviceRegistry, DeviceId, Object> op) {
        DeviceId id = deviceIn(from);
        if (allowedFrom.contains(from)) {
            op.apply(reg, id);
            assertThat(reg.device(id).state()).isEqualTo(target);
        } else {
            Device before = reg.device(id);
            assertCode(refusal, () -> op.apply(reg, id));
            assertThat(reg.device(id)).isEqualTo(before);
        }
    }

    @ParameterizedTest
    @EnumSource(LifecycleState.class)
    void enrollOnlyFromRegistered(LifecycleState from) {
        checkOperation(from, EnumSet.of(LifecycleState.REGISTERED), LifecycleState.ENROLLED, ErrorCode.ILLEGAL_TRANSITION,
                (r, id) -> r.enroll("admin", id, newKey()));
    }

    @ParameterizedTest
    @EnumSource(LifecycleState.class)
    void quarantineFromEnrolledOrActive(LifecycleState from) {
        checkOperation(from, EnumSet.of(LifecycleState.ENROLLED, LifecycleState.ACTIVE), LifecycleState.QUARANTINED,
                ErrorCode.ILLEGAL_TRANSITION, (r, id) -> r.quarantine("admin", id, "anomaly"));
    }

    @ParameterizedTest
    @EnumSource(LifecycleState.class)
    void releaseOnlyFromQuarantined(LifecycleState from) {
        checkOperation(from, EnumSet.of(LifecycleState.QUARANTINED), LifecycleState.ACTIVE, ErrorCode.ILLEGAL_TRANSITION,
                (r, id) -> r.release("admin", id));
    }

    @ParameterizedTest
    @EnumSource(LifecycleState.class)
    void revokeFromStatesWithAnIdentity(LifecycleState from) {
        checkOperation(from, EnumSet.of(LifecycleState.ENROLLED, LifecycleState.ACTIVE, LifecycleState.QUARANTINED),
                LifecycleState.REGISTERED, ErrorCode.ILLEGAL_TRANSITION, (r, id) -> r.revoke("admin", id, RevocationReason.KEY_COMPROMISE));
    }

    @ParameterizedTest
    @EnumSource(LifecycleState.class)
    void decommissionFromEveryStateButDecommissioned(LifecycleState from) {
        checkOperation(from, EnumSet.complementOf(EnumSet.of(LifecycleState.DECOMMISSIONED)), LifecycleState.DECOMMISSIONED,
                ErrorCode.ILLEGAL_TRANSITION, (r, id) -> r.decommission("admin", id));
    }

    @ParameterizedTest
    @EnumSource(LifecycleState.class)
    void transferFromEveryStateButDecommissioned(LifecycleState from) {
        checkOperation(from, EnumSet.complementOf(EnumSet.of(LifecycleState.DECOMMISSIONED)), LifecycleState.REGISTERED,
                ErrorCode.ILLEGAL_TRANSITION, (r, id) -> r.transfer("admin", id, "New Owner"));
        if (from != LifecycleState.DECOMMISSIONED) {
            assertThat(reg.device(DeviceId.of("dev-" + from.label())).owner()).isEqualTo("New Owner");
        }
    }

    @ParameterizedTest
    @EnumSource(LifecycleState.class)
    void markActiveMovesOnlyEnrolledDevicesAndIsANoOpOtherwise(LifecycleState from) {
        DeviceId id = deviceIn(from);
        reg.markActive(id);
        assertThat(reg.device(id).state()).isEqualTo(from == LifecycleState.ENROLLED ? LifecycleState.ACTIVE : from);
    }

    @Test
    void unknownDevicesAreNotFound() {
        DeviceId ghost = DeviceId.of("ghost");
        assertCode(ErrorCode.NOT_FOUND, () -> reg.device(ghost));
        assertCode(ErrorCode.NOT_FOUND, () -> reg.quarantine("admin", ghost, null));
        assertCode(ErrorCode.NOT_FOUND, () -> reg.enroll("admin", ghost, newKey()));
        assertCode(ErrorCode.NOT_FOUND, () -> reg.certificates(ghost));
        assertThat(f.audit(AuditAction.ENROLL_REJECTED)).isEmpty();
    }

    @Test
    void registrationRulesAndEvents() {
        DeviceId id = f.register("d1");
        assertCode(ErrorCode.CONFLICT, () -> f.register("d1"));
        assertCode(ErrorCode.NOT_FOUND, () -> reg.register("admin", DeviceId.of("d2"), "no-model", null, null));
        assertCode(ErrorCode.INVALID_INPUT, () -> reg.register("admin", DeviceId.of("d3"), RegistryFixture.MODEL, null, " "));
        assertCode(ErrorCode.INVALID_INPUT, () -> reg.transfer("admin", id, ""));
        reg.enroll("admin", id, newKey());
        assertThat(f.events).contains(new DomainEvent.DeviceStateChanged(id, LifecycleState.REGISTERED, LifecycleState.ENROLLED, RegistryFixture.T0));
        assertThat(reg.devices()).extracting(Device::id).containsExactly(id);
    }

    @Test
    void revocationRevokesEveryCertificateNowAndVoidsTokens() {
        X509Certificate first = f.enrolled("d1");
        DeviceId id = DeviceId.of("d1");
        X509Certificate second = reg.reenroll(id, first.getSerialNumber(), newKey());
        f.clock.advance(Duration.ofMinutes(1)); // inside the rotation overlap: the first is still valid
        reg.revoke("admin", id, null);
        assertThat(reg.certificates(id)).allSatisfy(c -> {
            assertThat(c.status()).isEqualTo(CertificateStatus.REVOKED);
            assertThat(c.revokedAt()).isEqualTo(f.clock.now);
        });
        assertThat(reg.certificates(id)).extracting(CertificateRecord::reason).containsOnly(RevocationReason.UNSPECIFIED);
        assertThat(reg.access(id, second.getSerialNumber())).isInstanceOf(Access.Deny.class);
        assertThat(f.events).contains(new DomainEvent.CertificateRevoked(id, second.getSerialNumber(), f.clock.now, f.clock.now));
    }

    @Test
    void decommissionRevokesWithCessationOfOperation() {
        f.enrolled("d1");
        reg.decommission("admin", DeviceId.of("d1"));
        assertThat(reg.certificates(DeviceId.of("d1"))).extracting(CertificateRecord::reason)
                .containsExactly(RevocationReason.CESSATION_OF_OPERATION);
    }

    // ---- enrollment tokens ----------------------------------------------------------------------------------

    @Nested
    class Tokens {
        @Test
        void aTokenEnrollsOnceAndAReplayIsRejected() {
            DeviceId id = f.register("d1");
            String token = reg.issueEnrollmentToken("admin", id, Duration.ofHours(1));
            X509Certificate c = reg.enrollWithToken(id, token, newKey());
            assertThat(reg.device(id).state()).isEqualTo(LifecycleState.ENROLLED);
            assertThat(reg.certificates(id)).extracting(CertificateRecord::serial).containsExactly(c.getSerialNumber());
            reg.revoke("admin", id, null); // registered again: only the token blocks the replay
            assertCode(ErrorCode.UNAUTHORIZED, () -> reg.enrollWithToken(id, token, newKey()));
            assertThat(lastRejection()).isEqualTo("token already used (replay)");
        }

        @Test
        void anExpiredTokenIsRejectedAtItsExpiryInstant() {
            DeviceId id = f.register("d1");
            String token = reg.issueEnrollmentToken("admin", id, Duration.ofMinutes(30));
            f.clock.advance(Duration.ofMinutes(30));
            assertCode(ErrorCode.UNAUTHORIZED, () -> reg.enrollWithToken(id, token, newKey()));
            assertThat(lastRejection()).isEqualTo("token expired");
            assertThat(reg.device(id).state()).isEqualTo(LifecycleState.REGISTERED);
        }

        @Test
        void aTokenIsUsableUntilJustBeforeExpiry() {
            DeviceId id = f.register("d1");
            String token = reg.issueEnrollmentToken("admin", id, Duration.ofMinutes(30));
            f.clock.advance(Duration.ofMinutes(30).minusNanos(1000));
            reg.enrollWithToken(id, token, newKey());
            assertThat(reg.device(id).state()).isEqualTo(LifecycleState.ENROLLED);
        }

        @Test
        void aTokenOfAnotherDeviceIsRejectedAndNotBurnt() {
            DeviceId a = f.register("a");
            DeviceId b = f.register("b");
            String tokenA = reg.issueEnrollmentToken("admin", a, null);
            assertCode(ErrorCode.UNAUTHORIZED, () -> reg.enrollWithToken(b, tokenA, newKey()));
            assertThat(lastRejection()).isEqualTo("token belongs to another device");
            reg.enrollWithToken(a, tokenA, newKey());
            assertThat(reg.device(a).state()).isEqualTo(LifecycleState.ENROLLED);
            assertThat(reg.device(b).state()).isEqualTo(LifecycleState.REGISTERED);
        }

        @Test
        void unknownAndMalformedTokensAreRejectedWithOneMessage() {
            DeviceId id = f.register("d1");
            assertThatThrownBy(() -> reg.enrollWithToken(id, "nope", newKey())).hasMessageContaining("enrollment token rejected");
            assertThat(lastRejection()).isEqualTo("unknown token");
            assertThatThrownBy(() -> reg.enrollWithToken(id, "", newKey())).hasMessageContaining("enrollment token rejected");
            assertThat(lastRejection()).isEqualTo("malformed token");
            assertCode(ErrorCode.UNAUTHORIZED, () -> reg.enrollWithToken(id, "x".repeat(257), newKey()));
        }

        @Test
        void aNewTokenVoidsTheOlderOne() {
            DeviceId id = f.register("d1");
            String old = reg.issueEnrollmentToken("admin", id, null);
            String fresh = reg.issueEnrollmentToken("admin", id, null);
            assertCode(ErrorCode.UNAUTHORIZED, () -> reg.enrollWithToken(id, old, newKey()));
            assertThat(lastRejection()).isEqualTo("token already used (replay)");
            reg.enrollWithToken(id, fresh, newKey());
        }

        @Test
        void tokensOnlyForRegisteredDevicesWithABoundedLifetime() {
            DeviceId id = f.register("d1");
            assertCode(ErrorCode.INVALID_INPUT, () -> reg.issueEnrollmentToken("admin", id, Duration.ZERO));
            assertCode(ErrorCode.INVALID_INPUT, () -> reg.issueEnrollmentToken("admin", id, Duration.ofDays(31)));
            reg.enroll("admin", id, newKey());
            assertCode(ErrorCode.ILLEGAL_TRANSITION, () -> reg.issueEnrollmentToken("admin", id, null));
            assertCode(ErrorCode.NOT_FOUND, () -> reg.issueEnrollmentToken("admin", DeviceId.of("ghost"), null));
        }

        @Test
        void aRefusedKeyDoesNotBurnTheToken() {
            X509Certificate other = f.enrolled("other");
            DeviceId id = f.register("d1");
            String token = reg.issueEnrollmentToken("admin", id, null);
            PublicKey taken = other.getPublicKey();
            assertCode(ErrorCode.CONFLICT, () -> reg.enrollWithToken(id, token, taken));
            reg.enrollWithToken(id, token, newKey());
            assertThat(reg.device(id).state()).isEqualTo(LifecycleState.ENROLLED);
        }

        @Test
        void transferVoidsOutstandingTokens() {
            DeviceId id = f.register("d1");
            String token = reg.issueEnrollmentToken("admin", id, null);
            reg.transfer("admin", id, "Someone Else");
            assertCode(ErrorCode.UNAUTHORIZED, () -> reg.enrollWithToken(id, token, newKey()));
        }

        private String lastRejection() {
            var rejected = f.audit(AuditAction.TOKEN_REJECTED);
            return rejected.get(rejected.size() - 1).detail();
        }
    }

    // ---- key uniqueness -------------------------------------------------------------------------------------

    @Test
    void aKeyBoundToAnotherDeviceIsRefusedAndAudited() {
        X509Certificate a = f.enrolled("a");
        DeviceId b = f.register("b");
        assertCode(ErrorCode.CONFLICT, () -> reg.enroll("admin", b, a.getPublicKey()));
        assertThat(reg.device(b).state()).isEqualTo(LifecycleState.REGISTERED);
        assertThat(reg.certificates(b)).isEmpty();
        AuditEvent rejected = f.audit(AuditAction.ENROLL_REJECTED).get(0);
        assertThat(rejected.subject()).isEqualTo("device:b");
        assertThat(rejected.detail()).contains("already bound to another device");
        // also for a rotation and for create-with-key, which then keeps nothing
        X509Certificate bCert = reg.enroll("admin", b, newKey());
        assertCode(ErrorCode.CONFLICT, () -> reg.reenroll(b, bCert.getSerialNumber(), a.getPublicKey()));
        assertCode(ErrorCode.CONFLICT, () -> reg.create("admin", DeviceId.of("c"), RegistryFixture.MODEL, null, null, a.getPublicKey()));
        assertCode(ErrorCode.NOT_FOUND, () -> reg.device(DeviceId.of("c")));
    }

    @Test
    void aDeviceMayKeepItsOwnKeyAcrossARotation() {
        PublicKey key = newKey();
        DeviceId id = f.register("d1");
        X509Certificate first = reg.enroll("admin", id, key);
        X509Certificate second = reg.reenroll(id, first.getSerialNumber(), key);
        assertThat(second.getSerialNumber()).isNotEqualTo(first.getSerialNumber());
    }

    @Test
    void createWithAKeyRegistersAndEnrollsInOneStep() {
        DeviceRegistry.Created c = reg.create("admin", DeviceId.of("d1"), RegistryFixture.MODEL, "Owner", "1.0", newKey());
        assertThat(c.device().state()).isEqualTo(LifecycleState.ENROLLED);
        assertThat(c.certificate()).isNotNull();
        assertThat(f.issuer.issuedTo).containsExactly(DeviceId.of("d1"));
    }

    // ---- rotation -------------------------------------------------------------------------------------------

    @Test
    void rotationSupersedesTheOldCertificateAfterTheOverlap() {
        X509Certificate old = f.enrolled("d1");
        DeviceId id = DeviceId.of("d1");
        reg.markActive(id);
        f.clock.advance(Duration.ofDays(1));
        java.time.Instant rotatedAt = f.clock.now;
        X509Certificate fresh = reg.reenroll(id, old.getSerialNumber(), newKey());
        CertificateRecord oldRecord = reg.certificates(id).stream().filter(c -> c.serial().equals(old.getSerialNumber())).findFirst().orElseThrow();
        assertThat(oldRecord.status()).isEqualTo(CertificateStatus.REVOKED);
        assertThat(oldRecord.reason()).isEqualTo(RevocationReason.SUPERSEDED);
        assertThat(oldRecord.revokedAt()).isEqualTo(rotatedAt.plus(OVERLAP));
        assertThat(f.events).contains(new DomainEvent.CertificateRevoked(id, old.getSerialNumber(), rotatedAt.plus(OVERLAP), rotatedAt));
        // both certificates work during the overlap
        f.clock.advance(OVERLAP.minusSeconds(1));
        assertThat(reg.access(id, old.getSerialNumber())).isInstanceOf(Access.Allow.class);
        assertThat(reg.access(id, fresh.getSerialNumber())).isInstanceOf(Access.Allow.class);
        // the superseded certificate cannot rotate again, even inside the overlap
        assertCode(ErrorCode.UNAUTHORIZED, () -> reg.reenroll(id, old.getSerialNumber(), newKey()));
        // from the effective instant on it is revoked
        f.clock.advance(Duration.ofSeconds(1));
        assertThat(reg.access(id, old.getSerialNumber())).isEqualTo(new Access.Deny("certificate revoked"));
        assertThat(reg.access(id, fresh.getSerialNumber())).isInstanceOf(Access.Allow.class);
    }

    @Test
    void rotationNeedsACurrentCertificateOfThatDevice() {
        X509Certificate a = f.enrolled("a");
        X509Certificate b = f.enrolled("b");
        DeviceId idA = DeviceId.of("a");
        assertCode(ErrorCode.UNAUTHORIZED, () -> reg.reenroll(idA, b.getSerialNumber(), newKey()));
        assertCode(ErrorCode.UNAUTHORIZED, () -> reg.reenroll(idA, BigInteger.valueOf(42), newKey()));
        f.clock.advance(Duration.ofDays(181)); // past the INDUSTRIAL validity
        assertCode(ErrorCode.UNAUTHORIZED, () -> reg.reenroll(idA, a.getSerialNumber(), newKey()));
        assertThat(f.audit(AuditAction.ENROLL_REJECTED)).hasSize(3).allSatisfy(e -> assertThat(e.actor()).isEqualTo("device:a"));
    }

    @Test
    void aRevokedDeviceCannotRotate() {
        X509Certificate a = f.enrolled("a");
        reg.revoke("admin", DeviceId.of("a"), RevocationReason.KEY_COMPROMISE);
        assertCode(ErrorCode.UNAUTHORIZED, () -> reg.reenroll(DeviceId.of("a"), a.getSerialNumber(), newKey()));
    }

    // ---- session access -------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(LifecycleState.class)
    void accessFollowsTheLifecycleState(LifecycleState state) {
        DeviceId id = deviceIn(state);
        BigInteger serial = reg.certificates(id).stream().findFirst().map(CertificateRecord::serial).orElse(BigInteger.TEN);
        Access a = reg.access(id, serial);
        switch (state) {
            case ENROLLED, ACTIVE -> assertThat(a).isEqualTo(new Access.Allow(id, Access.Rights.FULL));
            case QUARANTINED -> assertThat(a).isEqualTo(new Access.Allow(id, Access.Rights.QUARANTINE));
            case REGISTERED -> assertThat(a).isEqualTo(new Access.Deny("device is registered"));
            case DECOMMISSIONED -> assertThat(a).isEqualTo(new Access.Deny("device is decommissioned"));
        }
    }

    @Test
    void accessIsDeniedForUnknownDevicesForeignRevokedAndExpiredCertificates() {
        X509Certificate a = f.enrolled("a");
        X509Certificate b = f.enrolled("b");
        DeviceId idA = DeviceId.of("a");
        assertThat(reg.access(DeviceId.of("ghost"), a.getSerialNumber())).isEqualTo(new Access.Deny("unknown device"));
        assertThat(reg.access(idA, b.getSerialNumber())).isEqualTo(new Access.Deny("certificate not issued to this device"));
        assertThat(reg.access(idA, BigInteger.valueOf(7))).isEqualTo(new Access.Deny("certificate not issued to this device"));
        f.clock.advance(Duration.ofDays(181));
        assertThat(reg.access(idA, a.getSerialNumber())).isEqualTo(new Access.Deny("certificate outside its validity period"));
        reg.revoke("admin", DeviceId.of("b"), RevocationReason.KEY_COMPROMISE);
        reg.enroll("admin", DeviceId.of("b"), newKey());
        assertThat(reg.access(DeviceId.of("b"), b.getSerialNumber())).isEqualTo(new Access.Deny("certificate revoked"));
    }

    // ---- manufacturer anchors ------------------------------------------------------------------------------

    @Test
    void manufacturerAnchorsAreTrustedOnceAndRevokedOnce() {
        ManufacturerAnchor a = reg.trustManufacturer("admin", "Acme", "ab".repeat(32), "pem");
        assertThat(a.revoked()).isFalse();
        assertCode(ErrorCode.CONFLICT, () -> reg.trustManufacturer("admin", "Acme again", "ab".repeat(32), "pem"));
        assertCode(ErrorCode.INVALID_INPUT, () -> reg.trustManufacturer("admin", " ", "cd".repeat(32), "pem"));
        assertThat(reg.revokeManufacturer("admin", "ab".repeat(32)).revoked()).isTrue();
        assertCode(ErrorCode.ILLEGAL_TRANSITION, () -> reg.revokeManufacturer("admin", "ab".repeat(32)));
        assertCode(ErrorCode.NOT_FOUND, () -> reg.revokeManufacturer("admin", "ef".repeat(32)));
        assertThat(reg.manufacturers()).singleElement().satisfies(m -> assertThat(m.revoked()).isTrue());
        assertThat(f.audit(AuditAction.MANUFACTURER_TRUSTED)).hasSize(2);
    }

    // ---- models ---------------------------------------------------------------------------------------------

    @Test
    void modelsAndTelemetrySchemas() {
        assertCode(ErrorCode.CONFLICT, () -> reg.createModel("admin", RegistryFixture.MODEL, "Acme", java.time.YearMonth.of(2030, 1), null, null));
        assertCode(ErrorCode.NOT_FOUND, () -> reg.model("nope"));
        reg.setTelemetrySchema("admin", RegistryFixture.MODEL, "{}");
        DeviceId id = f.register("d1");
        assertThat(reg.telemetrySchemaOf(id)).contains("{}");
        reg.setTelemetrySchema("admin", RegistryFixture.MODEL, null);
        assertThat(reg.telemetrySchema(RegistryFixture.MODEL)).isEmpty();
        assertCode(ErrorCode.NOT_FOUND, () -> reg.setTelemetrySchema("admin", RegistryFixture.MODEL, null));
        assertCode(ErrorCode.INVALID_INPUT, () -> reg.setTelemetrySchema("admin", RegistryFixture.MODEL, " "));
    }

    @Test
    void firmwareReportsAreRecordedOnlyWhenChanged() {
        DeviceId id = f.register("d1");
        reg.recordFirmware(id, "1.0");
        reg.recordFirmware(id, "1.1");
        assertThat(reg.device(id).firmware()).isEqualTo("1.1");
        assertThat(f.audit(AuditAction.FIRMWARE_REPORTED)).hasSize(1);
        assertCode(ErrorCode.INVALID_INPUT, () -> reg.recordFirmware(id, ""));
    }
}
