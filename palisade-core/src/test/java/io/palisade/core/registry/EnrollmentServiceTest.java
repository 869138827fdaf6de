package io.palisade.core.registry;

import io.palisade.core.device.*;
import static io.palisade.core.registry.RegistryFixture.newKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.palisade.core.ErrorCode;
import io.palisade.core.PalisadeException;
import io.palisade.core.audit.AuditAction;
import io.palisade.core.audit.AuditEvent;
import io.palisade.core.auth.Secrets;
import io.palisade.core.identity.CertificatePathValidator;
import java.io.InputStream;
import java.math.BigInteger;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** IDevID and rotation decisions of the EST enrollment service, with path validation faked at the port. */
class EnrollmentServiceTest {
    static final String PEER = "192.0.2.7";

    final RegistryFixture f = new RegistryFixture();
    final DeviceRegistry reg = f.registry;
    final X509Certificate makerA = resource("maker-a.pem");
    final X509Certificate makerB = resource("maker-b.pem");
    final List<List<X509Certificate>> anchorsSeen = new ArrayList<>();

    /** Accepts a fake leaf when the CA it names is among the anchors offered (or always, when {@code ignoreAnchors}). */
    boolean ignoreAnchors;
    final CertificatePathValidator paths = new CertificatePathValidator() {
        @Override
        public ValidatedPath validate(X509Certificate[] presented, List<X509Certificate> anchors, Instant now) {
            anchorsSeen.add(List.copyOf(anchors));
            FakeCertificate leaf = (FakeCertificate) presented[0];
            if (!ignoreAnchors && !anchors.contains(leaf.issuedBy)) {
                throw PalisadeException.unauthorized("certificate not issued by a trusted CA");
            }
            return new ValidatedPath(leaf, leaf.issuedBy);
        }

        @Override
        public Optional<DeviceId> deviceIdOf(X509Certificate certificate) {
            return Optional.ofNullable(((FakeCertificate) certificate).names);
        }
    };
    final EnrollmentService est = new EnrollmentService(reg, paths);

    @AfterEach
    void close() {
        f.close();
    }

    static X509Certificate resource(String name) {
        try (InputStream in = EnrollmentServiceTest.class.getResourceAsStream(name)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String fingerprint(X509Certificate c) {
        try {
            return Secrets.sha256Hex(c.getEncoded());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String pem(X509Certificate c) {
        try {
            return DeviceRegistry.pem(c);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    void trust(String name, X509Certificate ca) {
        reg.trustManufacturer("admin", name, fingerprint(ca), pem(ca));
    }

    static X509Certificate[] idevid(String device, X509Certificate maker) {
        return new X509Certificate[] {new FakeCertificate(BigInteger.ONE, Instant.EPOCH, Instant.MAX, newKey(),
                device == null ? null : DeviceId.of(device), maker)};
    }

    X509Certificate enroll(X509Certificate[] chain) {
        return est.enrollWithIdevid(PEER, chain, id -> newKey());
    }

    List<AuditEvent> refusals() {
        return f.audit(AuditAction.ENROLL_REJECTED);
    }

    static void assertUnauthorized(Runnable call, String message) {
        assertThatThrownBy(call::run).isInstanceOf(PalisadeException.class).hasMessage(message)
                .satisfies(e -> assertThat(((PalisadeException) e).code()).isEqualTo(ErrorCode.UNAUTHORIZED));
    }

    @Test
    void anIdevidOfATrustedMakerEnrollsTheDeviceItNames() {
        trust("Maker A", makerA);
        DeviceId id = f.register("idev-1");
        X509Certificate issued = enroll(idevid("idev-1", makerA));
        assertThat(reg.device(id).state()).isEqualTo(LifecycleState.ENROLLED);
        assertThat(reg.certificates(id)).extracting(c -> c.serial()).containsExactly(issued.getSerialNumber());
        assertThat(f.audit(AuditAction.CERT_ISSUED)).singleElement()
                .satisfies(e -> assertThat(e.actor()).isEqualTo("idevid:" + fingerprint(makerA).substring(0, 16)));
        assertThat(refusals()).isEmpty();
    }

    @Test
    void withoutAnyAnchorEveryIdevidIsRefusedAndAudited() {
        f.register("idev-1");
        assertUnauthorized(() -> enroll(idevid("idev-1", makerA)), EnrollmentService.NOT_A_TRUSTED_MAKER);
        assertThat(refusals()).singleElement().satisfies(e -> {
            assertThat(e.actor()).isEqualTo("est@" + PEER);
            assertThat(e.subject()).isEqualTo("est:idevid");
            assertThat(e.detail()).isEqualTo("no manufacturer trust anchor registered");
        });
        assertThat(anchorsSeen).isEmpty();
    }

    @Test
    void anIdevidOfAnUnknownMakerIsRefusedAndAudited() {
        trust("Maker B", makerB);
        DeviceId id = f.register("idev-1");
        assertUnauthorized(() -> enroll(idevid("idev-1", makerA)), "certificate not issued by a trusted CA");
        assertThat(refusals()).singleElement().satisfies(e -> assertThat(e.detail()).isEqualTo("certificate not issued by a trusted CA"));
        assertThat(reg.device(id).state()).isEqualTo(LifecycleState.REGISTERED);
    }

    @Test
    void aRevokedMakerIsNotOfferedAsAnchorAndItsIdevidsAreRefused() {
        trust("Maker A", makerA);
        trust("Maker B", makerB);
        reg.revokeManufacturer("admin", fingerprint(makerA));
        DeviceId id = f.register("idev-1");
        assertUnauthorized(() -> enroll(idevid("idev-1", makerA)), "certificate not issued by a trusted CA");
        assertThat(anchorsSeen).singleElement().isEqualTo(List.of(makerB));
        assertThat(reg.device(id).state()).isEqualTo(LifecycleState.REGISTERED);
        assertThat(refusals()).hasSize(1);
        // the other maker still works
        f.register("idev-2");
        enroll(idevid("idev-2", makerB));
        assertThat(reg.device(DeviceId.of("idev-2")).state()).isEqualTo(LifecycleState.ENROLLED);
    }

    @Test
    void onlyRevokedMakersLeaveNoAnchor() {
        trust("Maker A", makerA);
        reg.revokeManufacturer("admin", fingerprint(makerA));
        f.register("idev-1");
        assertUnauthorized(() -> enroll(idevid("idev-1", makerA)), EnrollmentService.NOT_A_TRUSTED_MAKER);
        assertThat(refusals()).singleElement().satisfies(e -> assertThat(e.detail()).isEqualTo("no manufacturer trust anchor registered"));
    }

    @Test
    void theAnchorAPathEndsAtIsCheckedAgainstTheRegistry() {
        trust("Maker B", makerB);
        ignoreAnchors = true; // a validator that answers with an anchor the registry does not trust
        f.register("idev-1");
        assertUnauthorized(() -> enroll(idevid("idev-1", makerA)), EnrollmentService.NOT_A_TRUSTED_MAKER);
        assertThat(refusals()).singleElement().satisfies(e -> assertThat(e.detail()).contains("is no longer trusted"));
        assertThat(reg.device(DeviceId.of("idev-1")).state()).isEqualTo(LifecycleState.REGISTERED);
    }

    @Test
    void anIdevidWithoutADeviceIdIsRefused() {
        trust("Maker A", makerA);
        assertUnauthorized(() -> enroll(idevid(null, makerA)),
                "the IDevID certificate carries no usable device id (URI SAN, serialNumber or CN)");
    }

    @Test
    void anIdevidOfAnUnregisteredOrEnrolledDeviceDoesNotEnroll() {
        trust("Maker A", makerA);
        assertThatThrownBy(() -> enroll(idevid("nobody", makerA))).isInstanceOf(PalisadeException.class)
                .satisfies(e -> assertThat(((PalisadeException) e).code()).isEqualTo(ErrorCode.NOT_FOUND));
        f.enrolled("idev-1");
        assertThatThrownBy(() -> enroll(idevid("idev-1", makerA))).isInstanceOf(PalisadeException.class)
                .satisfies(e -> assertThat(((PalisadeException) e).code()).isEqualTo(ErrorCode.ILLEGAL_TRANSITION));
    }

    @Test
    void theCsrCheckGetsTheDeviceIdTheIdevidNames() {
        trust("Maker A", makerA);
        f.register("idev-1");
        List<DeviceId> asked = new ArrayList<>();
        est.enrollWithIdevid(PEER, idevid("idev-1", makerA), id -> {
            asked.add(id);
            return newKey();
        });
        assertThat(asked).containsExactly(DeviceId.of("idev-1"));
    }

    @Test
    void rotationWithTheCurrentCertificate() {
        X509Certificate current = f.enrolled("d1");
        X509Certificate palisadeCa = makerB;
        X509Certificate[] chain = {new FakeCertificate(current.getSerialNumber(), Instant.EPOCH, Instant.MAX, current.getPublicKey(),
                DeviceId.of("d1"), palisadeCa)};
        X509Certificate rotated = est.reenrollWithCertificate(PEER, chain, List.of(palisadeCa), id -> newKey());
        assertThat(reg.certificates(DeviceId.of("d1"))).hasSize(2);
        assertThat(reg.access(DeviceId.of("d1"), rotated.getSerialNumber())).isInstanceOf(Access.Allow.class);
        f.clock.advance(Duration.ofMinutes(1));
        // a chain to another CA is refused and audited
        assertUnauthorized(() -> est.reenrollWithCertificate(PEER, chain, List.of(makerA), id -> newKey()),
                "certificate not issued by a trusted CA");
        assertThat(refusals()).singleElement().satisfies(e -> {
            assertThat(e.subject()).isEqualTo("est:reenroll");
            assertThat(e.actor()).isEqualTo("est@" + PEER);
        });
    }
}
