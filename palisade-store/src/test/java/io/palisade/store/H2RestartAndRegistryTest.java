package io.palisade.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.palisade.core.audit.AuditAction;
import io.palisade.core.audit.AuditEvent;
import io.palisade.core.audit.AuditLog;
import io.palisade.core.device.Access;
import io.palisade.core.device.Device;
import io.palisade.core.device.DeviceId;
import io.palisade.core.device.DeviceModel;
import io.palisade.core.registry.DeviceRegistry;
import io.palisade.core.device.LifecycleState;
import io.palisade.core.device.RiskProfile;
import io.palisade.core.event.InProcessEventBus;
import io.palisade.core.identity.CertificateRecord;
import io.palisade.core.identity.CertificateStatus;
import io.palisade.core.identity.IdentityIssuer;
import io.palisade.core.identity.RevocationReason;
import io.palisade.core.telemetry.TelemetryRecord;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** H2-only checks: data survives a close/reopen, and the device registry works end to end over the store. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class H2RestartAndRegistryTest {
    private static final Instant NOW = Instant.parse("2026-05-04T08:00:00.654321Z");

    @TempDir
    Path dir;

    /** A tiny CA for the test: signs the device key with a throwaway EC key (BC certificate builder). */
    static final class FakeIssuer implements IdentityIssuer {
        private final KeyPair ca = ecKeyPair();
        private final SecureRandom random = new SecureRandom();

        @Override
        public X509Certificate issue(DeviceId id, PublicKey key, DeviceModel model, Instant now) {
            try {
                Instant nb = now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
                var builder = new JcaX509v3CertificateBuilder(new X500Name("CN=Test CA"), new BigInteger(127, random).setBit(126),
                        Date.from(nb), Date.from(nb.plus(model.profile().certificateValidity())), new X500Name("CN=" + id), key);
                return new JcaX509CertificateConverter().getCertificate(
                        builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(ca.getPrivate())));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    static KeyPair ecKeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void everythingIsFoundAgainAfterReopen() {
        Path db = dir.resolve("data");
        DeviceModel m = new DeviceModel("cam", "Acme", YearMonth.of(2030, 1), "https://mud.example.org/cam", RiskProfile.ENTERPRISE, NOW);
        Device d = new Device(DeviceId.of("cam-1"), "cam", LifecycleState.ACTIVE, "Owner", "1.0", NOW, NOW.plusSeconds(1));
        CertificateRecord c = new CertificateRecord(new BigInteger("123456789abcdef0123456789abcdef", 16), d.id(), "fp", NOW, NOW.plusSeconds(99),
                CertificateStatus.REVOKED, NOW.plusSeconds(2), RevocationReason.SUPERSEDED, "pem");
        List<AuditEvent> audit;
        long telemetryId;
        try (JdbcStore s = JdbcStore.h2(db)) {
            audit = s.transaction(r -> {
                r.models().insert(m);
                r.devices().insert(d);
                r.certificates().insert(c);
                return List.of(AuditLog.append(r.audit(), NOW, "admin", "a", "s", "x"), AuditLog.append(r.audit(), NOW.plusNanos(1), "admin", "b", "s", ""));
            });
            telemetryId = s.telemetry().append(new TelemetryRecord(0, d.id(), NOW, "telemetry", "{\"t\":21.5}"));
        }
        try (JdbcStore s = JdbcStore.h2(db)) {
            assertThat(StoreContractTest.<Object>listOf(s, r -> r.models().list())).containsExactly(m);
            assertThat(StoreContractTest.<Object>listOf(s, r -> r.devices().list())).containsExactly(d);
            assertThat(StoreContractTest.<Object>listOf(s, r -> r.certificates().list())).containsExactly(c);
            assertThat(StoreContractTest.<Object>listOf(s, r -> r.audit().list(0, 10))).containsExactlyElementsOf(audit);
            assertThat(s.read(r -> AuditLog.verify(r.audit())).intact()).isTrue();
            assertThat(s.telemetry().query(d.id(), NOW, NOW.plusSeconds(1), 10))
                    .containsExactly(new TelemetryRecord(telemetryId, d.id(), NOW, "telemetry", "{\"t\":21.5}"));
            // the chain continues where it left off
            AuditEvent next = s.transaction(r -> AuditLog.append(r.audit(), NOW, "admin", "c", "s", ""));
            assertThat(next.seq()).isEqualTo(3);
            assertThat(next.prevHash()).isEqualTo(audit.get(1).hash());
        }
    }

    @Test
    void closedStoreRefusesWorkAndCloseIsIdempotent() {
        JdbcStore s = JdbcStore.h2(dir.resolve("c"));
        s.close();
        s.close();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.read(r -> r.models().list())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void registryLifecycleAndAuditVerifyEndToEnd() throws Exception {
        Path db = dir.resolve("reg");
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        try (JdbcStore store = JdbcStore.h2(db)) {
            DeviceRegistry reg = new DeviceRegistry(store, new FakeIssuer(), new InProcessEventBus(), clock, Duration.ofMinutes(5));
            reg.createModel("admin", "thermo", "Acme", YearMonth.of(2031, 6), null, RiskProfile.INDUSTRIAL);
            DeviceId id = DeviceId.of("thermo-7");
            reg.register("admin", id, "thermo", "Plant A", "1.0.0");
            String token = reg.issueEnrollmentToken("admin", id, Duration.ofHours(1));
            KeyPair key = ecKeyPair();
            X509Certificate cert = reg.enrollWithToken(id, token, key.getPublic());
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> reg.enrollWithToken(id, token, ecKeyPair().getPublic()))
                    .isInstanceOf(io.palisade.core.PalisadeException.class);
            assertThat(reg.device(id).state()).isEqualTo(LifecycleState.ENROLLED);
            reg.markActive(id);
            assertThat(reg.access(id, cert.getSerialNumber())).isInstanceOf(Access.Allow.class);

            X509Certificate rotated = reg.reenroll(id, cert.getSerialNumber(), ecKeyPair().getPublic());
            assertThat(reg.certificates(id)).hasSize(2);
            reg.quarantine("admin", id, "anomaly");
            assertThat(reg.access(id, rotated.getSerialNumber())).isInstanceOfSatisfying(Access.Allow.class,
                    a -> assertThat(a.rights()).isEqualTo(Access.Rights.QUARANTINE));
            reg.release("admin", id);
            reg.recordFirmware(id, "1.1.0");
            reg.transfer("admin", id, "Plant B");
            Device d = reg.device(id);
            assertThat(d.state()).isEqualTo(LifecycleState.REGISTERED);
            assertThat(d.owner()).isEqualTo("Plant B");
            assertThat(d.firmware()).isEqualTo("1.1.0");
            assertThat(reg.certificates(id)).allMatch(c -> c.status() == CertificateStatus.REVOKED);
            assertThat(reg.access(id, rotated.getSerialNumber())).isInstanceOf(Access.Deny.class);
            reg.decommission("admin", id);

            AuditLog.Verification v = store.read(r -> AuditLog.verify(r.audit()));
            assertThat(v.intact()).as(v.message()).isTrue();
            List<AuditEvent> entries = store.read(r -> r.audit().list(0, 1000));
            assertThat(v.entries()).isEqualTo(entries.size()).isGreaterThan(10);
            assertThat(entries).extracting(AuditEvent::action).contains(AuditAction.MODEL_CREATED, AuditAction.DEVICE_REGISTERED,
                    AuditAction.TOKEN_ISSUED, AuditAction.TOKEN_USED, AuditAction.TOKEN_REJECTED, AuditAction.CERT_ISSUED, AuditAction.CERT_REVOKED,
                    AuditAction.LIFECYCLE, AuditAction.TRANSFER, AuditAction.FIRMWARE_REPORTED);
            long victim = entries.get(entries.size() / 2).seq();

            // tamper with one row behind the store's back: verify must name it
            try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + db.toAbsolutePath().resolve("palisade") + ";DB_CLOSE_ON_EXIT=FALSE", "sa", "");
                    PreparedStatement ps = c.prepareStatement("UPDATE audit_log SET detail = ? WHERE seq = ?")) {
                ps.setString(1, "nothing to see here");
                ps.setLong(2, victim);
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
            AuditLog.Verification after = store.read(r -> AuditLog.verify(r.audit()));
            assertThat(after.intact()).isFalse();
            assertThat(after.firstBadSeq()).isEqualTo(victim);
            assertThat(after.message()).contains("altered");
        }
    }

    @Test
    void deletedAuditRowIsReportedAsAGap() throws Exception {
        Path db = dir.resolve("gap");
        try (JdbcStore store = JdbcStore.h2(db)) {
            for (int i = 0; i < 5; i++) {
                store.transaction(r -> AuditLog.append(r.audit(), NOW, "admin", "x", "s", ""));
            }
            try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + db.toAbsolutePath().resolve("palisade") + ";DB_CLOSE_ON_EXIT=FALSE", "sa", "");
                    var st = c.createStatement()) {
                assertThat(st.executeUpdate("DELETE FROM audit_log WHERE seq = 3")).isEqualTo(1);
            }
            AuditLog.Verification v = store.read(r -> AuditLog.verify(r.audit()));
            assertThat(v.intact()).isFalse();
            assertThat(v.firstBadSeq()).isEqualTo(3L);
        }
    }
}
