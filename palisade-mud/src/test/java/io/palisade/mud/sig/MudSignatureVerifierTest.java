package io.palisade.mud.sig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.palisade.mud.TestFiles;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class MudSignatureVerifierTest {
    private static final byte[] MUD = TestFiles.bytes("mud/osmud/ieft-draft.json");

    record Issued(KeyPair keys, X509Certificate cert) {
    }

    static Issued ca;
    static Issued signer;
    static Issued otherCa;
    static Issued otherSigner;

    @BeforeAll
    static void pki() throws Exception {
        ca = issue("CN=Example MUD CA", null, true, Instant.now().minus(1, ChronoUnit.DAYS), 365);
        signer = issue("CN=Example MUD Signer", ca, false, Instant.now().minus(1, ChronoUnit.DAYS), 30);
        otherCa = issue("CN=Other CA", null, true, Instant.now().minus(1, ChronoUnit.DAYS), 365);
        otherSigner = issue("CN=Other Signer", otherCa, false, Instant.now().minus(1, ChronoUnit.DAYS), 30);
    }

    static Issued issue(String subject, Issued issuer, boolean isCa, Instant notBefore, int days) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair kp = g.generateKeyPair();
        X500Name name = new X500Name(subject);
        X500Name issuerName = issuer == null ? name : X500Name.getInstance(
                issuer.cert().getSubjectX500Principal().getEncoded());
        PrivateKey signingKey = issuer == null ? kp.getPrivate() : issuer.keys().getPrivate();
        var b = new JcaX509v3CertificateBuilder(issuerName, BigInteger.valueOf(System.nanoTime()),
                Date.from(notBefore), Date.from(notBefore.plus(days, ChronoUnit.DAYS)), name, kp.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(isCa ? KeyUsage.keyCertSign | KeyUsage.cRLSign
                : KeyUsage.digitalSignature));
        var holder = b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signingKey));
        return new Issued(kp, new JcaX509CertificateConverter().getCertificate(holder));
    }

    static byte[] sign(byte[] content, Issued by, boolean encapsulate, X509Certificate... chain) throws Exception {
        CMSSignedDataGenerator gen = new CMSSignedDataGenerator();
        gen.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(by.keys().getPrivate()), by.cert()));
        gen.addCertificates(new JcaCertStore(List.of(chain.length == 0 ? new X509Certificate[] {by.cert()} : chain)));
        return gen.generate(new CMSProcessableByteArray(content), encapsulate).getEncoded();
    }

    private static MudSignatureVerifier trusting(X509Certificate... certs) {
        return new MudSignatureVerifier(List.of(certs));
    }

    @Test
    void detachedSignatureChainingToTrustedCaIsValid() throws Exception {
        SignatureCheck check = trusting(ca.cert()).verify(MUD, sign(MUD, signer, false));
        assertThat(check).isEqualTo(new SignatureCheck.Valid("CN=Example MUD Signer"));
    }

    @Test
    void pinnedSignerCertificateIsValid() throws Exception {
        assertThat(trusting(signer.cert()).verify(MUD, sign(MUD, signer, false)).valid()).isTrue();
    }

    @Test
    void tamperedFileIsInvalid() throws Exception {
        byte[] sig = sign(MUD, signer, false);
        byte[] tampered = MUD.clone();
        tampered[tampered.length / 2] ^= 1;
        assertThat(trusting(ca.cert()).verify(tampered, sig))
                .isEqualTo(new SignatureCheck.Invalid("signature does not verify over the MUD file"));
        byte[] extraSpace = (new String(MUD, StandardCharsets.UTF_8) + " ").getBytes(StandardCharsets.UTF_8);
        assertThat(trusting(ca.cert()).verify(extraSpace, sig).valid()).isFalse();
    }

    @Test
    void otherSignerIsInvalid() throws Exception {
        SignatureCheck check = trusting(ca.cert()).verify(MUD, sign(MUD, otherSigner, false));
        assertThat(check).isInstanceOfSatisfying(SignatureCheck.Invalid.class,
                i -> assertThat(i.reason()).isEqualTo("signer is not trusted: CN=Other Signer"));
        // a trusted CA's name on an untrusted key does not help either
        assertThat(trusting(otherCa.cert()).verify(MUD, sign(MUD, signer, false)).valid()).isFalse();
    }

    @Test
    void garbageAndEmptySignaturesAreInvalid() {
        MudSignatureVerifier v = trusting(ca.cert());
        assertThat(v.verify(MUD, "not a signature".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new SignatureCheck.Invalid("malformed or unverifiable CMS signature"));
        assertThat(v.verify(MUD, new byte[0]).valid()).isFalse();
        assertThat(v.verify(MUD, new byte[] {0x30, (byte) 0x80, 0, 0}).valid()).isFalse();
        assertThat(v.verify(MUD, new byte[MudSignatureVerifier.MAX_SIGNATURE_BYTES + 1]).valid()).isFalse();
    }

    @Test
    void encapsulatedContentMustEqualTheMudFile() throws Exception {
        MudSignatureVerifier v = trusting(ca.cert());
        assertThat(v.verify(MUD, sign(MUD, signer, true)).valid()).isTrue();
        byte[] other = "{}".getBytes(StandardCharsets.UTF_8);
        assertThat(v.verify(MUD, sign(other, signer, true)))
                .isEqualTo(new SignatureCheck.Invalid("encapsulated content differs from the MUD file"));
    }

    @Test
    void expiredSignerIsInvalid() throws Exception {
        Issued old = issue("CN=Old Signer", ca, false, Instant.now().minus(1, ChronoUnit.DAYS), 3);
        byte[] sig = sign(MUD, old, false);
        assertThat(trusting(ca.cert()).verify(MUD, sig).valid()).isTrue();
        assertThat(trusting(ca.cert()).verify(MUD, sig, Instant.now().plus(10, ChronoUnit.DAYS)).valid()).isFalse();
    }

    @Test
    void requiresTrustedSigners() {
        assertThatThrownBy(() -> new MudSignatureVerifier(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    /** Cisco MUD-Manager's real signed luminaire file: CA valid 2018-07-12 .. 2019-07-12. */
    @Test
    void ciscoLuminaireValidAtTimeExpiredAnchorAndTampered() throws Exception {
        byte[] json = TestFiles.bytes("mud/cisco-luminaire-signed/Luminaire_150.json");
        byte[] sig = TestFiles.bytes("mud/cisco-luminaire-signed/Luminaire_150.p7s");
        var v = new MudSignatureVerifier(MudSignatureVerifier.readCertificates(
                TestFiles.bytes("mud/cisco-luminaire-signed/luminaire-cacert.pem")));
        assertThat(v.verify(json, sig, Instant.parse("2018-08-01T00:00:00Z"))).isEqualTo(
                new SignatureCheck.Valid("CN=luminaire.example.com,O=Demo Luminaire Manufacturer"));
        assertThat(v.verify(json, sig, Instant.parse("2026-11-22T00:00:00Z")).valid()).isFalse();
        byte[] tampered = json.clone();
        tampered[100] ^= 0x01;
        assertThat(v.verify(tampered, sig, Instant.parse("2018-08-01T00:00:00Z")).valid()).isFalse();
    }

    @Test
    @Timeout(60)
    void verifiesOpensslRfc8520SignCommand(@TempDir Path dir) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(hasOpenssl(), "openssl is not installed; skipping");
        Path key = dir.resolve("key.pem");
        Path cert = dir.resolve("cert.pem");
        Path mud = dir.resolve("mud.json");
        Files.write(mud, MUD);
        run(dir, "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", key.toString(), "-out", cert.toString(), "-days", "30", "-subj", "/CN=openssl MUD signer");
        // exactly the command of RFC 8520 §13.2
        run(dir, "openssl", "cms", "-sign", "-signer", cert.toString(), "-inkey", key.toString(), "-in",
                mud.toString(), "-binary", "-outform", "DER", "-out", dir.resolve("mud.p7s").toString());
        run(dir, "openssl", "cms", "-sign", "-signer", cert.toString(), "-inkey", key.toString(), "-in",
                mud.toString(), "-binary", "-outform", "DER", "-nodetach", "-out", dir.resolve("mud-att.p7s").toString());
        var v = new MudSignatureVerifier(MudSignatureVerifier.readCertificates(Files.readAllBytes(cert)));
        byte[] detached = Files.readAllBytes(dir.resolve("mud.p7s"));
        assertThat(v.verify(MUD, detached)).isEqualTo(new SignatureCheck.Valid("CN=openssl MUD signer"));
        assertThat(v.verify(MUD, Files.readAllBytes(dir.resolve("mud-att.p7s"))).valid()).isTrue();
        byte[] tampered = MUD.clone();
        tampered[10] ^= 0x20;
        assertThat(v.verify(tampered, detached).valid()).isFalse();
        assertThat(trusting(ca.cert()).verify(MUD, detached).valid()).isFalse();
    }

    static boolean hasOpenssl() {
        try {
            Process p = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    static void run(Path dir, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("command finished: " + String.join(" ", cmd)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", cmd) + " -> " + output).isZero();
    }
}
