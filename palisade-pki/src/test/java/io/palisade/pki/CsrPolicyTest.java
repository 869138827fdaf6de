package io.palisade.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.palisade.core.ErrorCode;
import io.palisade.core.PalisadeException;
import io.palisade.core.device.DeviceId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Base64;
import org.assertj.core.api.AbstractThrowableAssert;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsrPolicyTest {
    private static final DeviceId ID = DeviceId.of("dev-1");

    @Test
    void acceptsP256CsrAsDerPemAndBase64() throws Exception {
        KeyPair kp = KeyPairs.ecP256();
        byte[] der = KeyPairs.csr(kp, "dev-1");
        ValidatedCsr v = CsrPolicy.validate(der, ID);
        assertThat(v.publicKey()).isEqualTo(kp.getPublic());
        assertThat(v.subjectCommonName()).isEqualTo("dev-1");
        assertThat(CsrPolicy.validate(Pem.csr(der).getBytes(StandardCharsets.US_ASCII), ID).publicKey())
                .isEqualTo(kp.getPublic());
        String b64 = Base64.getMimeEncoder(64, "\r\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        assertThat(CsrPolicy.validate(("\n " + b64 + "\r\n").getBytes(StandardCharsets.US_ASCII), ID).publicKey())
                .isEqualTo(kp.getPublic());
    }

    @Test
    void acceptsP384Rsa2048EmptySubjectAndMatchingUriSan() throws Exception {
        assertThat(CsrPolicy.validate(TestCsrs.csr(TestCsrs.ec("secp384r1"), "SHA384withECDSA", "CN=dev-1"), ID)
                .publicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(CsrPolicy.validate(TestCsrs.csr(TestCsrs.rsa(2048), "SHA256withRSA", "CN=dev-1"), ID)
                .publicKey().getAlgorithm()).isEqualTo("RSA");
        var san = new Extension(Extension.subjectAlternativeName, false, new GeneralNames(
                new GeneralName(GeneralName.uniformResourceIdentifier, "urn:palisade:device:dev-1")).getEncoded());
        var eku = new Extension(Extension.extendedKeyUsage, false,
                new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth).getEncoded());
        var ku = new Extension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature).getEncoded());
        var bc = new Extension(Extension.basicConstraints, true, new BasicConstraints(false).getEncoded());
        ValidatedCsr v = CsrPolicy.validate(TestCsrs.csr(KeyPairs.ecP256(), "SHA256withECDSA", "O=Acme", san, eku, ku,
                bc), ID);
        assertThat(v.subjectCommonName()).isNull();
    }

    @Test
    void acceptsAnOpensslMadeCsrAndRejectsAnOpensslRsa1024(@TempDir Path dir) throws Exception {
        Openssl.assumeAvailable();
        var r = Openssl.run(dir, "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", "k.pem", "-subj", "/CN=dev-1", "-out", "req.pem");
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(CsrPolicy.validate(Files.readAllBytes(dir.resolve("req.pem")), ID).subjectCommonName())
                .isEqualTo("dev-1");
        var weak = Openssl.run(dir, "req", "-new", "-newkey", "rsa:1024", "-nodes", "-keyout", "k2.pem",
                "-subj", "/CN=dev-1", "-outform", "DER", "-out", "weak.der");
        assertThat(weak.exit()).as(weak.output()).isZero();
        rejects(Files.readAllBytes(dir.resolve("weak.der"))).hasMessageContaining("RSA keys must have 2048 to 4096 bits");
        var k1 = Openssl.run(dir, "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:secp256k1", "-nodes",
                "-keyout", "k3.pem", "-subj", "/CN=dev-1", "-out", "k1.pem");
        assertThat(k1.exit()).as(k1.output()).isZero();
        rejects(Files.readAllBytes(dir.resolve("k1.pem"))).hasMessageContaining("P-256 or P-384");
        var ca = Openssl.run(dir, "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", "k4.pem", "-subj", "/CN=dev-1", "-addext", "basicConstraints=critical,CA:TRUE",
                "-out", "ca.pem");
        assertThat(ca.exit()).as(ca.output()).isZero();
        rejects(Files.readAllBytes(dir.resolve("ca.pem"))).hasMessageContaining("CA:true");
    }

    @Test
    void rejectsWeakOrWrongKeys() throws Exception {
        rejects(TestCsrs.csr(TestCsrs.rsa(1024), "SHA256withRSA", "CN=dev-1")).hasMessageContaining("2048 to 4096");
        rejects(TestCsrs.csr(TestCsrs.ec("secp256k1"), "SHA256withECDSA", "CN=dev-1")).hasMessageContaining("P-256");
        rejects(TestCsrs.csr(TestCsrs.ec("prime192v1"), "SHA256withECDSA", "CN=dev-1")).hasMessageContaining("P-256");
        rejects(TestCsrs.csr(TestCsrs.dsa(), "SHA256withDSA", "CN=dev-1")).hasMessageContaining("key type");
    }

    @Test
    void rejectsWeakSignatureAlgorithm() throws Exception {
        rejects(TestCsrs.csr(KeyPairs.ecP256(), "SHA1withECDSA", "CN=dev-1")).hasMessageContaining("signature algorithm");
    }

    @Test
    void rejectsRequestsForMoreThanADeviceClientCertificate() throws Exception {
        KeyPair kp = KeyPairs.ecP256();
        rejects(TestCsrs.csr(kp, "SHA256withECDSA", "CN=dev-1",
                new Extension(Extension.basicConstraints, true, new BasicConstraints(true).getEncoded())))
                .hasMessageContaining("CA:true");
        rejects(TestCsrs.csr(kp, "SHA256withECDSA", "CN=dev-1", new Extension(Extension.extendedKeyUsage, false,
                new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth, KeyPurposeId.id_kp_serverAuth})
                        .getEncoded()))).hasMessageContaining("extended key usage other than clientAuth");
        rejects(TestCsrs.csr(kp, "SHA256withECDSA", "CN=dev-1", new Extension(Extension.keyUsage, true,
                new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyCertSign).getEncoded())))
                .hasMessageContaining("keyCertSign");
        rejects(TestCsrs.csr(kp, "SHA256withECDSA", "CN=dev-1", new Extension(Extension.keyUsage, true,
                new KeyUsage(KeyUsage.cRLSign).getEncoded()))).hasMessageContaining("cRLSign");
        rejects(TestCsrs.csr(kp, "SHA256withECDSA", "CN=dev-1", new Extension(Extension.subjectAlternativeName, false,
                new GeneralNames(new GeneralName(GeneralName.dNSName, "evil.example.com")).getEncoded())))
                .hasMessageContaining("subject alternative name");
        rejects(TestCsrs.csr(kp, "SHA256withECDSA", "CN=dev-1", new Extension(Extension.subjectAlternativeName, false,
                new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, "urn:palisade:device:dev-2"))
                        .getEncoded()))).hasMessageContaining("subject alternative name");
    }

    @Test
    void rejectsASubjectClaimingAnotherDevice() throws Exception {
        rejects(KeyPairs.csr(KeyPairs.ecP256(), "other-device")).hasMessage("CSR subject claims another device id");
        rejects(TestCsrs.csr(KeyPairs.ecP256(), "SHA256withECDSA", "CN=dev-1,CN=dev-2"))
                .hasMessageContaining("more than one common name");
    }

    @Test
    void rejectsABadSignature() {
        byte[] der = KeyPairs.csr(KeyPairs.ecP256(), "dev-1");
        der[der.length - 1] ^= 0x01;
        rejects(der).hasMessageContaining("no proof of possession");
        // a CSR whose key was swapped after signing: parseable, signature does not match the key
        byte[] a = KeyPairs.csr(KeyPairs.ecP256(), "dev-1");
        byte[] b = KeyPairs.csr(KeyPairs.ecP256(), "dev-1");
        byte[] spliced = splice(a, b);
        rejects(spliced).hasMessageContaining("no proof of possession");
    }

    @Test
    void rejectsOversizedGarbageEmptyAndTrailingData() {
        rejects(new byte[CsrPolicy.MAX_BYTES + 1]).hasMessageContaining("larger than 16 KiB");
        rejects("hello, I am not a CSR".getBytes(StandardCharsets.US_ASCII)).hasMessageContaining("cannot be parsed");
        rejects(new byte[] {0x30, (byte) 0x82, 0x7f, 0x7f, 0x00}).hasMessageContaining("cannot be parsed");
        rejects(new byte[0]).hasMessageContaining("empty");
        rejects("-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n".getBytes(StandardCharsets.US_ASCII));
        byte[] der = KeyPairs.csr(KeyPairs.ecP256(), "dev-1");
        byte[] trailing = java.util.Arrays.copyOf(der, der.length + 2);
        rejects(trailing);
        rejects(Pem.privateKey(KeyPairs.ecP256().getPrivate()).getBytes(StandardCharsets.US_ASCII))
                .hasMessageContaining("CERTIFICATE REQUEST");
    }

    /** a's body with b's public key (same length encodings for P-256 keys). */
    private static byte[] splice(byte[] a, byte[] b) {
        var ra = org.bouncycastle.asn1.pkcs.CertificationRequest.getInstance(a);
        var rb = org.bouncycastle.asn1.pkcs.CertificationRequest.getInstance(b);
        var info = new org.bouncycastle.asn1.pkcs.CertificationRequestInfo(
                ra.getCertificationRequestInfo().getSubject(), rb.getCertificationRequestInfo().getSubjectPublicKeyInfo(),
                ra.getCertificationRequestInfo().getAttributes());
        try {
            return new DERSequence(new org.bouncycastle.asn1.ASN1Encodable[] {info, ra.getSignatureAlgorithm(),
                    ra.getSignature()}).getEncoded();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> rejects(byte[] csr) {
        return assertThatThrownBy(() -> CsrPolicy.validate(csr, ID)).isInstanceOf(PalisadeException.class)
                .satisfies(e -> assertThat(((PalisadeException) e).code()).isEqualTo(ErrorCode.INVALID_INPUT));
    }
}
