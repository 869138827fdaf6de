package io.palisade.pki;

import static org.assertj.core.api.Assertions.assertThat;

import io.palisade.core.device.DeviceId;
import io.palisade.core.device.RiskProfile;
import io.palisade.core.identity.CertificateRecord;
import io.palisade.core.identity.RevocationReason;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CA's artefacts checked by an independent implementation: the openssl command line tool. */
class OpensslInteropTest {
    private static final String MUD = "https://mud.example.com/thermo-1.json";
    private static CertificateAuthority ca;
    @TempDir
    Path dir;

    @BeforeAll
    static void ca() {
        Openssl.assumeAvailable();
        ca = TestCa.shared();
    }

    @BeforeEach
    void writeCaFiles() throws Exception {
        write("root.crt", Pem.certificate(ca.rootCertificate()));
        write("issuing.crt", Pem.certificate(ca.issuingCertificate()));
        write("chain.crt", Pem.certificates(ca.chain()));
    }

    @Test
    void opensslVerifiesTheDeviceChainAndShowsTheMudUrl() throws Exception {
        X509Certificate leaf = ca.issue(DeviceId.of("dev-ossl"), KeyPairs.ecP256().getPublic(),
                TestCa.model(RiskProfile.CONSUMER, MUD), Instant.now());
        write("leaf.crt", Pem.certificate(leaf));
        var verify = Openssl.run(dir, "verify", "-CAfile", "root.crt", "-untrusted", "issuing.crt", "leaf.crt");
        assertThat(verify.output()).contains("leaf.crt: OK");
        assertThat(verify.exit()).isZero();
        // the device certificate is for clients only
        var asServer = Openssl.run(dir, "verify", "-purpose", "sslserver", "-CAfile", "root.crt", "-untrusted",
                "issuing.crt", "leaf.crt");
        assertThat(asServer.exit()).isNotZero();
        var asClient = Openssl.run(dir, "verify", "-purpose", "sslclient", "-CAfile", "root.crt", "-untrusted",
                "issuing.crt", "leaf.crt");
        assertThat(asClient.exit()).as(asClient.output()).isZero();

        var text = Openssl.run(dir, "x509", "-in", "leaf.crt", "-noout", "-text");
        assertThat(text.exit()).isZero();
        assertThat(text.output()).contains("1.3.6.1.5.5.7.1.25", MUD, "URI:urn:palisade:device:dev-ossl",
                "TLS Web Client Authentication", "CA:FALSE", "OCSP - URI:http://pki.example.test/ocsp",
                "URI:http://pki.example.test/crl", "Subject: CN = dev-ossl", "ecdsa-with-SHA256");
        assertThat(text.output()).doesNotContain("TLS Web Server Authentication");
    }

    @Test
    void opensslVerifiesServerCertificate() throws Exception {
        KeyPair kp = KeyPairs.ecP256();
        write("server.crt", Pem.certificate(ca.issueServerCertificate(List.of("mqtt.example.com"), List.of("10.0.0.1"),
                kp.getPublic(), java.time.Duration.ofDays(90))));
        var r = Openssl.run(dir, "verify", "-purpose", "sslserver", "-verify_hostname", "mqtt.example.com",
                "-CAfile", "root.crt", "-untrusted", "issuing.crt", "server.crt");
        assertThat(r.output()).contains("server.crt: OK");
        var ip = Openssl.run(dir, "verify", "-purpose", "sslserver", "-verify_ip", "10.0.0.1",
                "-CAfile", "root.crt", "-untrusted", "issuing.crt", "server.crt");
        assertThat(ip.exit()).as(ip.output()).isZero();
        var wrongHost = Openssl.run(dir, "verify", "-verify_hostname", "other.example.com",
                "-CAfile", "root.crt", "-untrusted", "issuing.crt", "server.crt");
        assertThat(wrongHost.exit()).isNotZero();
    }

    @Test
    void opensslVerifiesTheCrlAndSeesTheRevocation() throws Exception {
        Instant now = Instant.now();
        X509Certificate revokedCert = TestCa.device(ca, "dev-rev", now);
        X509Certificate goodCert = TestCa.device(ca, "dev-good", now);
        CertificateRecord revoked = TestCa.record(revokedCert, "dev-rev")
                .revoked(now.minusSeconds(5), RevocationReason.KEY_COMPROMISE);
        byte[] crl = ca.crl(List.of(revoked, TestCa.record(goodCert, "dev-good")), now);
        Files.write(dir.resolve("crl.der"), crl);
        write("crl.pem", Pem.encode("X509 CRL", crl));
        write("revoked.crt", Pem.certificate(revokedCert));
        write("good.crt", Pem.certificate(goodCert));

        var check = Openssl.run(dir, "crl", "-inform", "DER", "-in", "crl.der", "-CAfile", "chain.crt", "-noout");
        assertThat(check.output()).contains("verify OK");
        assertThat(check.exit()).isZero();
        var text = Openssl.run(dir, "crl", "-inform", "DER", "-in", "crl.der", "-noout", "-text");
        assertThat(text.output()).contains("Key Compromise", "X509v3 CRL Number", "X509v3 Authority Key Identifier",
                revokedCert.getSerialNumber().toString(16).toUpperCase(java.util.Locale.ROOT));

        var rev = Openssl.run(dir, "verify", "-crl_check", "-CRLfile", "crl.pem", "-CAfile", "root.crt",
                "-untrusted", "issuing.crt", "revoked.crt");
        assertThat(rev.exit()).isNotZero();
        assertThat(rev.output()).contains("certificate revoked");
        var ok = Openssl.run(dir, "verify", "-crl_check", "-CRLfile", "crl.pem", "-CAfile", "root.crt",
                "-untrusted", "issuing.crt", "good.crt");
        assertThat(ok.output()).contains("good.crt: OK");
        assertThat(ok.exit()).isZero();
    }

    @Test
    void ocspAnswersGoodRevokedAndUnknownVerifiedByOpenssl() throws Exception {
        Instant now = Instant.now();
        X509Certificate good = TestCa.device(ca, "dev-o1", now);
        X509Certificate revoked = TestCa.device(ca, "dev-o2", now);
        X509Certificate unknown = TestCa.device(ca, "dev-o3", now);
        Map<BigInteger, CertificateRecord> registry = Map.of(
                good.getSerialNumber(), TestCa.record(good, "dev-o1"),
                revoked.getSerialNumber(), TestCa.record(revoked, "dev-o2")
                        .revoked(now.minusSeconds(60), RevocationReason.KEY_COMPROMISE));
        Function<BigInteger, Optional<CertificateRecord>> lookup = s -> Optional.ofNullable(registry.get(s));

        assertThat(ocspViaOpenssl(good, lookup, now)).contains("leaf.crt: good");
        String rev = ocspViaOpenssl(revoked, lookup, now);
        assertThat(rev).contains("leaf.crt: revoked", "Reason: keyCompromise");
        assertThat(ocspViaOpenssl(unknown, lookup, now)).contains("leaf.crt: unknown");
    }

    private String ocspViaOpenssl(X509Certificate leaf, Function<BigInteger, Optional<CertificateRecord>> lookup,
            Instant now) throws Exception {
        write("leaf.crt", Pem.certificate(leaf));
        var req = Openssl.run(dir, "ocsp", "-issuer", "issuing.crt", "-cert", "leaf.crt", "-reqout", "req.der",
                "-no_nonce");
        assertThat(req.exit()).as(req.output()).isZero();
        byte[] resp = ca.ocsp(Files.readAllBytes(dir.resolve("req.der")), lookup, now);
        Files.write(dir.resolve("resp.der"), resp);
        var check = Openssl.run(dir, "ocsp", "-respin", "resp.der", "-issuer", "issuing.crt", "-CAfile", "root.crt",
                "-cert", "leaf.crt", "-resp_text");
        assertThat(check.output()).contains("Response verify OK", "Responder Id: ", "Cert Status:");
        assertThat(check.output()).doesNotContain("Response Verify Failure");
        assertThat(check.exit()).isZero();
        return check.output();
    }

    @Test
    void ocspEchoesTheNonceAndOpensslChecksIt() throws Exception {
        Instant now = Instant.now();
        X509Certificate leaf = TestCa.device(ca, "dev-nonce", now);
        write("leaf.crt", Pem.certificate(leaf));
        var req = Openssl.run(dir, "ocsp", "-issuer", "issuing.crt", "-cert", "leaf.crt", "-reqout", "req.der");
        assertThat(req.exit()).isZero();
        byte[] reqDer = Files.readAllBytes(dir.resolve("req.der"));
        assertThat(new OCSPReq(reqDer).getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce)).isNotNull();
        byte[] resp = ca.ocsp(reqDer, s -> Optional.of(TestCa.record(leaf, "dev-nonce")), now);
        Files.write(dir.resolve("resp.der"), resp);

        BasicOCSPResp basic = (BasicOCSPResp) new OCSPResp(resp).getResponseObject();
        assertThat(basic.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce).getExtnValue())
                .isEqualTo(new OCSPReq(reqDer).getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce).getExtnValue());

        // with -reqin openssl compares the response nonce with the request's
        var check = Openssl.run(dir, "ocsp", "-reqin", "req.der", "-respin", "resp.der", "-CAfile", "root.crt",
                "-resp_text");
        assertThat(check.output()).contains("Response verify OK", "OCSP Nonce", "Cert Status: good")
                .doesNotContain("no nonce", "Nonce Verify error");
        assertThat(check.exit()).isZero();
        // control: against a fresh request (another nonce) openssl reports the mismatch, so the check above is real
        var mismatch = Openssl.run(dir, "ocsp", "-respin", "resp.der", "-issuer", "issuing.crt", "-CAfile", "root.crt",
                "-cert", "leaf.crt");
        assertThat(mismatch.output()).contains("Nonce Verify error");
    }

    @Test
    void opensslRejectsAResponseFromAnotherCa() throws Exception {
        Instant now = Instant.now();
        X509Certificate leaf = TestCa.device(ca, "dev-x", now);
        write("leaf.crt", Pem.certificate(leaf));
        Openssl.run(dir, "ocsp", "-issuer", "issuing.crt", "-cert", "leaf.crt", "-reqout", "req.der", "-no_nonce");
        // a different CA answers: its signature must not verify against our root
        byte[] resp = TestCa.foreign().ocsp(Files.readAllBytes(dir.resolve("req.der")),
                s -> Optional.of(TestCa.record(leaf, "dev-x")), now);
        Files.write(dir.resolve("resp.der"), resp);
        var check = Openssl.run(dir, "ocsp", "-respin", "resp.der", "-issuer", "issuing.crt", "-CAfile", "root.crt",
                "-cert", "leaf.crt");
        assertThat(check.output()).doesNotContain("Response verify OK");
    }

    @Test
    void estCertsOnlyParsesWithOpenssl() throws Exception {
        Files.write(dir.resolve("certs.p7"), Est.certsOnly(ca.chain()));
        var r = Openssl.run(dir, "pkcs7", "-inform", "DER", "-in", "certs.p7", "-print_certs", "-noout");
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("subject=" + "O = Palisade, CN = Palisade Issuing CA",
                "subject=O = Palisade, CN = Palisade Root CA");
    }

    @Test
    void opensslCanDecryptTheStoredCaKeyWithThePassphrase() throws Exception {
        Path caDir = TestCa.sharedDir();
        Path pass = dir.resolve("pass.txt");
        Files.writeString(pass, new String(TestCa.PASSPHRASE) + "\n", StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(pass, PosixFilePermissions.fromString("rw-------"));
        var parse = Openssl.run(caDir, "asn1parse", "-in", "issuing.key.enc");
        assertThat(parse.output()).contains("PBES2", "PBKDF2", "hmacWithSHA256", "aes-256-cbc");
        var dec = Openssl.run(caDir, "pkey", "-in", "issuing.key.enc", "-passin", "file:" + pass, "-pubout");
        assertThat(dec.exit()).as(dec.output()).isZero();
        var wrong = Openssl.run(caDir, "pkey", "-in", "issuing.key.enc", "-passin", "pass:wrong-passphrase", "-pubout");
        assertThat(wrong.exit()).isNotZero();
    }

    private void write(String name, String content) throws Exception {
        Files.writeString(dir.resolve(name), content, StandardCharsets.US_ASCII);
    }
}
