package io.palisade.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** EstClient against a real RFC 7030 HTTPS server started in the test. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EstClientTest {
    static TestPki pki;
    static EstTestServer server;
    static EstClient est;

    @BeforeAll
    static void start() throws Exception {
        pki = TestPki.create("Palisade Test Root");
        server = EstTestServer.start(pki, pki, "localhost");
        est = new EstClient(server.base(), pki.root, Duration.ofSeconds(10));
    }

    @AfterAll
    static void stop() {
        est.close();
        server.close();
    }

    @BeforeEach
    void reset() {
        server.canned = null;
        server.requests.clear();
    }

    @Test
    void cacertsReturnsThePlatformRoot() {
        assertThat(est.cacerts()).containsExactly(pki.root);
        assertThat(server.requests.get(0).method()).isEqualTo("GET");
        assertThat(server.requests.get(0).path()).isEqualTo("/.well-known/est/cacerts");
    }

    @Test
    void simpleEnrollSendsBase64Pkcs10WithBasicAuthAndReturnsTheChainLeafFirst() throws Exception {
        server.tokens.put("cam-1", "tok-123");
        KeyStorage key = KeyStorage.generateInMemory();
        byte[] csr = key.csr("cam-1");

        List<X509Certificate> chain = est.simpleEnroll("cam-1", "tok-123", csr);

        assertThat(chain).hasSize(2);
        assertThat(chain.get(0).getPublicKey()).isEqualTo(key.publicKey());
        assertThat(chain.get(0).getSubjectX500Principal().getName()).isEqualTo("CN=cam-1");
        assertThat(chain.get(1)).isEqualTo(pki.root);
        EstTestServer.Request r = server.requests.get(0);
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/.well-known/est/simpleenroll");
        assertThat(r.contentType()).isEqualTo("application/pkcs10");
        assertThat(r.transferEncoding()).isEqualTo("base64");
        assertThat(r.authorization()).isEqualTo("Basic " + Base64.getEncoder()
                .encodeToString("cam-1:tok-123".getBytes(StandardCharsets.UTF_8)));
        assertThat(Base64.getMimeDecoder().decode(r.body())).isEqualTo(csr);
        // the token is one-time
        assertThatThrownBy(() -> est.simpleEnroll("cam-1", "tok-123", csr))
                .isInstanceOfSatisfying(EstException.class, e -> assertThat(e.status()).isEqualTo(401));
    }

    @Test
    void aWrongTokenGives401WithTheProblemDetail() {
        server.tokens.put("plug-1", "right");
        assertThatThrownBy(() -> est.simpleEnroll("plug-1", "wrong", KeyStorage.generateInMemory().csr("plug-1")))
                .isInstanceOfSatisfying(EstException.class, e -> {
                    assertThat(e.status()).isEqualTo(401);
                    assertThat(e.problem()).contains("invalid or used enrollment token");
                    assertThat(e.getMessage()).contains("401").doesNotContain("wrong");
                });
    }

    @Test
    void reenrollAuthenticatesWithTheCurrentCertificate() {
        server.tokens.put("gw-1", "t");
        KeyStorage key = KeyStorage.generateInMemory();
        List<X509Certificate> chain = est.simpleEnroll("gw-1", "t", key.csr("gw-1"));
        KeyStorage next = KeyStorage.generateInMemory();

        List<X509Certificate> renewed = est.simpleReenroll(key.keyManagers(chain), next.csr("gw-1"));

        assertThat(renewed.get(0).getPublicKey()).isEqualTo(next.publicKey());
        assertThat(server.requests.get(1).path()).isEqualTo("/.well-known/est/simplereenroll");
        assertThat(server.requests.get(1).authorization()).isNull();
    }

    @Test
    void reenrollWithoutAValidClientCertificateIsRefused() {
        KeyStorage key = KeyStorage.generateInMemory();
        TestPki foreign = TestPki.create("Foreign Root");
        List<X509Certificate> foreignChain = List.of(foreign.issueClient("gw-2", key.publicKey()));
        assertThatThrownBy(() -> est.simpleReenroll(key.keyManagers(foreignChain), key.csr("gw-2")))
                .isInstanceOf(EstException.class);
    }

    @Test
    void enrollWithAnIdevidClientCertificate() {
        KeyStorage idevid = KeyStorage.generateInMemory();
        X509Certificate idevidCert = pki.issueClient("plc-9", idevid.publicKey());
        KeyStorage key = KeyStorage.generateInMemory();

        List<X509Certificate> chain = est.simpleEnrollWithClientCert(idevid.keyManagers(List.of(idevidCert)),
                key.csr("plc-9"));

        assertThat(chain.get(0).getPublicKey()).isEqualTo(key.publicKey());
        assertThat(server.requests.get(0).authorization()).isNull();
    }

    @Test
    void refusesAServerCertificateFromAForeignCa() throws Exception {
        TestPki foreign = TestPki.create("Foreign Root");
        try (EstTestServer other = EstTestServer.start(pki, foreign, "localhost");
                EstClient client = new EstClient(other.base(), pki.root, Duration.ofSeconds(10))) {
            assertThatThrownBy(client::cacerts).isInstanceOfSatisfying(EstException.class, e -> {
                assertThat(e.status()).isZero();
                assertThat(e.getMessage()).contains("TLS");
            });
            assertThat(other.requests).isEmpty();
        }
    }

    @Test
    void refusesAServerCertificateForAnotherHostName() throws Exception {
        try (EstTestServer other = EstTestServer.start(pki, pki, "est.example.org");
                EstClient client = new EstClient(other.base(), pki.root, Duration.ofSeconds(10))) {
            assertThatThrownBy(client::cacerts).isInstanceOfSatisfying(EstException.class,
                    e -> assertThat(e.getMessage()).contains("TLS"));
            assertThat(other.requests).isEmpty();
        }
    }

    @Test
    void anIssuedCertificateForAnotherKeyIsRejected() throws Exception {
        X509Certificate wrong = pki.issueClient("cam-2", TestPki.newKey().getPublic());
        server.canned = new EstTestServer.Canned(200, "application/pkcs7-mime; smime-type=certs-only",
                EstTestServer.certsOnly(List.of(wrong)), 0);
        assertThatThrownBy(() -> est.simpleEnroll("cam-2", "t", KeyStorage.generateInMemory().csr("cam-2")))
                .isInstanceOf(EstException.class).hasMessageContaining("does not certify the CSR key");
    }

    @Test
    void pendingApprovalIsReportedWithRetryAfter() {
        server.canned = new EstTestServer.Canned(202, "text/plain", new byte[0], 0);
        assertThatThrownBy(() -> est.simpleEnroll("cam-3", "t", KeyStorage.generateInMemory().csr("cam-3")))
                .isInstanceOfSatisfying(EstException.class, e -> {
                    assertThat(e.status()).isEqualTo(202);
                    assertThat(e.problem()).contains("retry after 60");
                });
    }

    @Test
    void aWrongContentTypeIsRejected() throws Exception {
        server.canned = new EstTestServer.Canned(200, "text/html", EstTestServer.certsOnly(List.of(pki.root)), 0);
        assertThatThrownBy(est::cacerts).isInstanceOf(EstException.class).hasMessageContaining("text/html");
    }

    @Test
    void aPlainTextErrorBodyBecomesTheProblemText() {
        server.canned = new EstTestServer.Canned(503, "text/plain",
                "CA offline\u0007 for maintenance".getBytes(StandardCharsets.UTF_8), 0);
        assertThatThrownBy(est::cacerts).isInstanceOfSatisfying(EstException.class, e -> {
            assertThat(e.status()).isEqualTo(503);
            assertThat(e.problem()).contains("CA offline  for maintenance");
        });
    }

    @Test
    void anOversizedResponseIsRejected() {
        byte[] huge = new byte[2 * 1024 * 1024];
        java.util.Arrays.fill(huge, (byte) 'A');
        server.canned = new EstTestServer.Canned(200, "application/pkcs7-mime", huge, 0);
        assertThatThrownBy(est::cacerts).isInstanceOf(EstException.class).hasMessageContaining("larger than");
    }

    @Test
    void aHugeErrorBodyStillReportsTheStatus() {
        byte[] huge = ("overloaded " + "x".repeat(3 * 1024 * 1024)).getBytes(StandardCharsets.UTF_8);
        server.canned = new EstTestServer.Canned(503, "text/plain", huge, 0);
        assertThatThrownBy(est::cacerts).isInstanceOfSatisfying(EstException.class, e -> {
            assertThat(e.status()).isEqualTo(503);
            assertThat(e.problem()).startsWith("cacerts rejected: overloaded xxx").hasSizeLessThan(400);
        });
    }

    @Test
    void aStalledResponseTimesOut() throws Exception {
        server.canned = new EstTestServer.Canned(200, "application/pkcs7-mime",
                EstTestServer.certsOnly(List.of(pki.root)), 20_000);
        try (EstClient impatient = new EstClient(server.base(), pki.root, Duration.ofSeconds(1))) {
            assertThatThrownBy(impatient::cacerts).isInstanceOf(EstException.class)
                    .hasMessageContaining("timed out");
        }
    }

    @Test
    void theCsrIsSignedByTheStoredKeyWithSha256WithEcdsa() throws Exception {
        KeyStorage key = KeyStorage.generateInMemory();
        PKCS10CertificationRequest csr = new PKCS10CertificationRequest(key.csr("sensor-1"));
        assertThat(csr.getSubject().toString()).isEqualTo("CN=sensor-1");
        assertThat(csr.getSignatureAlgorithm().getAlgorithm().getId()).isEqualTo("1.2.840.10045.4.3.2");
        assertThat(csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(key.publicKey()))).isTrue();
    }

    @Test
    void onlyHttpsBasesAreAccepted() {
        assertThatThrownBy(() -> new EstClient(java.net.URI.create("http://localhost/.well-known/est/"), pki.root))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
