package io.palisade.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.palisade.core.ErrorCode;
import io.palisade.core.PalisadeException;
import io.palisade.core.device.DeviceId;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

class ChainsTest {
    @Test
    void validChainReturnsLeafAndAnchor() {
        CertificateAuthority ca = TestCa.shared();
        X509Certificate leaf = TestCa.device(ca, "dev-ch1", Instant.now());
        var v = Chains.validate(new X509Certificate[] {leaf, ca.issuingCertificate()}, List.of(ca.rootCertificate()),
                Instant.now());
        assertThat(v.leaf()).isEqualTo(leaf);
        assertThat(v.anchor()).isEqualTo(ca.rootCertificate());
        // the anchor may be presented too, and the issuing CA may itself be the anchor
        assertThat(Chains.validate(new X509Certificate[] {leaf, ca.issuingCertificate(), ca.rootCertificate()},
                List.of(ca.rootCertificate()), Instant.now()).anchor()).isEqualTo(ca.rootCertificate());
        assertThat(Chains.validate(new X509Certificate[] {leaf}, List.of(ca.issuingCertificate()), Instant.now())
                .anchor()).isEqualTo(ca.issuingCertificate());
    }

    @Test
    void expiredCertificateIsRejected() {
        CertificateAuthority ca = TestCa.shared();
        X509Certificate old = TestCa.device(ca, "dev-old", Instant.now().minus(Duration.ofDays(800)));
        assertUnauthorized(new X509Certificate[] {old, ca.issuingCertificate()}, List.of(ca.rootCertificate()),
                Instant.now(), "certificate expired");
    }

    @Test
    void certificateFromACaCreatedWithAPastClockIsExpired() {
        Instant past = TestCa.FOREIGN_CREATED;
        CertificateAuthority ca = TestCa.foreign(); // created with a clock 40 days in the past
        X509Certificate server = ca.issueServerCertificate(List.of("old.example.com"), List.of(),
                KeyPairs.ecP256().getPublic(), Duration.ofDays(30));
        assertUnauthorized(new X509Certificate[] {server, ca.issuingCertificate()}, List.of(ca.rootCertificate()),
                Instant.now(), "certificate expired");
        assertThat(Chains.validate(new X509Certificate[] {server, ca.issuingCertificate()},
                List.of(ca.rootCertificate()), past.plus(Duration.ofDays(1))).leaf()).isEqualTo(server);
        assertUnauthorized(new X509Certificate[] {server, ca.issuingCertificate()}, List.of(ca.rootCertificate()),
                past.minus(Duration.ofDays(1)), "certificate not yet valid");
    }

    @Test
    void foreignCaMissingIntermediateAndEmptyChainsAreRejected() {
        CertificateAuthority ca = TestCa.shared();
        CertificateAuthority other = TestCa.foreign();
        X509Certificate foreignLeaf = TestCa.device(other, "dev-f", Instant.now());
        assertUnauthorized(new X509Certificate[] {foreignLeaf, other.issuingCertificate()},
                List.of(ca.rootCertificate()), Instant.now(), "certificate not issued by a trusted CA");
        X509Certificate leaf = TestCa.device(ca, "dev-m", Instant.now());
        assertUnauthorized(new X509Certificate[] {leaf}, List.of(ca.rootCertificate()), Instant.now(),
                "certificate not issued by a trusted CA");
        // our leaf with the other CA's intermediate (same shape, other key)
        assertUnauthorized(new X509Certificate[] {leaf, other.issuingCertificate()},
                List.of(ca.rootCertificate(), other.rootCertificate()), Instant.now(), null);
        assertUnauthorized(new X509Certificate[0], List.of(ca.rootCertificate()), Instant.now(), null);
        // a CA certificate is not accepted as a client leaf
        assertUnauthorized(new X509Certificate[] {ca.issuingCertificate()}, List.of(ca.rootCertificate()),
                Instant.now(), "certificate chain invalid");
        assertUnauthorized(new X509Certificate[] {ca.rootCertificate()}, List.of(ca.rootCertificate()), Instant.now(),
                "certificate not issued by a trusted CA");
    }

    @Test
    void trustAnchorMustBeAValidCa() throws Exception {
        CertificateAuthority ca = TestCa.shared();
        X509Certificate root = Chains.parseTrustAnchor(Pem.certificate(ca.rootCertificate()), Instant.now());
        assertThat(root).isEqualTo(ca.rootCertificate());
        String leafPem = Pem.certificate(TestCa.device(ca, "dev-ta", Instant.now()));
        assertInvalid(() -> Chains.parseTrustAnchor(leafPem, Instant.now()), "not a CA");
        assertInvalid(() -> Chains.parseTrustAnchor(Pem.certificate(ca.rootCertificate()),
                Instant.now().plus(Duration.ofDays(4000))), "expired");
        assertInvalid(() -> Chains.parseTrustAnchor("not pem", Instant.now()), "no certificate");
        assertInvalid(() -> Chains.parseTrustAnchor(Pem.certificates(ca.chain()), Instant.now()), "exactly one");
        // CA:true but without keyCertSign
        KeyPair kp = KeyPairs.ecP256();
        X500Name name = new X500Name("CN=No Cert Sign");
        var b = new JcaX509v3CertificateBuilder(name, BigInteger.TEN, new Date(System.currentTimeMillis() - 60_000),
                new Date(System.currentTimeMillis() + 86_400_000L), name, kp.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        X509Certificate noSign = new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
        assertInvalid(() -> Chains.parseTrustAnchor(Pem.certificate(noSign), Instant.now()), "keyCertSign");
    }

    @Test
    void deviceIdComesFromUriSanThenSerialNumberThenCn() throws Exception {
        assertThat(Chains.deviceIdOf(TestCa.device(TestCa.shared(), "dev-san", Instant.now())))
                .contains(DeviceId.of("dev-san"));
        assertThat(Chains.deviceIdOf(selfSigned("CN=Acme Thermostat,SERIALNUMBER=SN-0042", null)))
                .contains(DeviceId.of("SN-0042"));
        assertThat(Chains.deviceIdOf(selfSigned("CN=cn-device,O=Acme", null))).contains(DeviceId.of("cn-device"));
        assertThat(Chains.deviceIdOf(selfSigned("CN=cn-device", "urn:palisade:device:san-device")))
                .contains(DeviceId.of("san-device"));
        assertThat(Chains.deviceIdOf(selfSigned("CN=has spaces", null))).isEmpty();
        assertThat(Chains.deviceIdOf(selfSigned("CN=ok-cn", "urn:palisade:device:../etc"))).isEmpty();
        assertThat(Chains.deviceIdOf(selfSigned("O=Acme", null))).isEmpty();
    }

    @Test
    void fingerprintIsLowercaseSha256Hex() throws Exception {
        X509Certificate root = TestCa.shared().rootCertificate();
        String expected = java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(root.getEncoded()));
        assertThat(Chains.fingerprint(root)).isEqualTo(expected).matches("[0-9a-f]{64}");
    }

    private static X509Certificate selfSigned(String subject, String uriSan) throws Exception {
        KeyPair kp = KeyPairs.ecP256();
        X500Name name = new X500Name(subject);
        var b = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(7), new Date(System.currentTimeMillis() - 60_000),
                new Date(System.currentTimeMillis() + 86_400_000L), name, kp.getPublic());
        if (uriSan != null) {
            b.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, uriSan)));
        }
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
    }

    private static void assertUnauthorized(X509Certificate[] chain, List<X509Certificate> anchors, Instant now,
            String message) {
        var a = assertThatThrownBy(() -> Chains.validate(chain, anchors, now)).isInstanceOf(PalisadeException.class)
                .satisfies(e -> assertThat(((PalisadeException) e).code()).isEqualTo(ErrorCode.UNAUTHORIZED));
        if (message != null) {
            a.hasMessage(message);
        }
    }

    private static void assertInvalid(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOf(PalisadeException.class).hasMessageContaining(message)
                .satisfies(e -> assertThat(((PalisadeException) e).code()).isEqualTo(ErrorCode.INVALID_INPUT));
    }
}
