package io.palisade.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.palisade.core.device.DeviceId;
import io.palisade.pki.CaUrls;
import io.palisade.pki.CertificateAuthority;
import io.palisade.pki.Pem;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad input at EST and the API: each gives a clear error and changes nothing. */
class EstAndLifecycleNegativeTest {
    @TempDir
    static Path dir;
    static TestServer t;
    static final String PKCS10 = "application/pkcs10";

    @BeforeAll
    static void start() throws Exception {
        t = new TestServer(dir.resolve("data"));
        assertThat(t.post("/api/v1/models", "{\"name\":\"m\",\"manufacturer\":\"Acme\",\"supportUntil\":\"2031-12\"}").status()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        t.close();
    }

    static String register(String id) throws Exception {
        TestServer.Response r = t.post("/api/v1/devices", "{\"id\":\"" + id + "\",\"model\":\"m\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return t.post("/api/v1/devices/" + id + "/enrollment-token", "{}").json().path("token").asText();
    }

    static TestServer.Response enroll(String id, String token, byte[] body) throws Exception {
        String basic = "Basic " + Base64.getEncoder().encodeToString((id + ":" + token).getBytes(StandardCharsets.UTF_8));
        return TestServer.call(t.httpsClient(null, null), "POST", t.https() + "/.well-known/est/simpleenroll", basic, PKCS10, body);
    }

    static String state(String id) throws Exception {
        return t.get("/api/v1/devices/" + id).json().path("device").path("state").asText();
    }

    static X509Certificate leaf(TestServer.Response r) throws Exception {
        byte[] der = Base64.getMimeDecoder().decode(r.body());
        var certs = new org.bouncycastle.cms.CMSSignedData(der).getCertificates().getMatches(null);
        var h = certs.iterator().next();
        return new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter().getCertificate((org.bouncycastle.cert.X509CertificateHolder) h);
    }

    @Test
    void badCsrsAreRefusedAndTheTokenIsNotBurned() throws Exception {
        String token = register("bad-csr-1");
        record Case(String name, byte[] body, int status, String detail) {
        }
        List<Case> cases = List.of(
                new Case("garbage", "not a csr at all!".getBytes(StandardCharsets.US_ASCII), 400, ""),
                new Case("oversized", Base64.getMimeEncoder().encode(new byte[40_000]), 413, "larger than"),
                new Case("rsa-1024", Csrs.estBody(Csrs.der(Csrs.rsa(1024), "bad-csr-1", Csrs.Extra.NONE)), 400, ""),
                new Case("secp256k1", Csrs.estBody(Csrs.der(Csrs.ec("secp256k1"), "bad-csr-1", Csrs.Extra.NONE)), 400, ""),
                new Case("ca-true", Csrs.estBody(Csrs.der(Csrs.ec("secp256r1"), "bad-csr-1", Csrs.Extra.CA_TRUE)), 400, ""),
                new Case("server-auth", Csrs.estBody(Csrs.der(Csrs.ec("secp256r1"), "bad-csr-1", Csrs.Extra.SERVER_AUTH)), 400, ""),
                new Case("other-id", Csrs.estBody(Csrs.der(Csrs.ec("secp256r1"), "cam-9999", Csrs.Extra.NONE)), 400, "another device"));
        for (Case c : cases) {
            TestServer.Response r = enroll("bad-csr-1", token, c.body());
            assertThat(r.status()).as(c.name() + ": " + r.body()).isEqualTo(c.status());
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.json().path("detail").asText()).as(c.name()).isNotBlank().contains(c.detail());
            assertThat(state("bad-csr-1")).isEqualTo("registered");
        }
        // a flipped signature byte: no proof of possession
        byte[] der = Csrs.der(Csrs.ec("secp256r1"), "bad-csr-1", Csrs.Extra.NONE);
        der[der.length - 5] ^= 0x01;
        assertThat(enroll("bad-csr-1", token, Csrs.estBody(der)).status()).isEqualTo(400);
        // wrong media type
        TestServer.Response r = TestServer.call(t.httpsClient(null, null), "POST", t.https() + "/.well-known/est/simpleenroll",
                "Basic " + Base64.getEncoder().encodeToString(("bad-csr-1:" + token).getBytes(StandardCharsets.UTF_8)), "application/json", "{}".getBytes());
        assertThat(r.status()).isEqualTo(415);
        // the token still works for a good CSR
        r = enroll("bad-csr-1", token, Csrs.estBody(Csrs.der(Csrs.ec("secp256r1"), "bad-csr-1", Csrs.Extra.NONE)));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(leaf(r).getSubjectX500Principal().getName()).isEqualTo("CN=bad-csr-1");
        assertThat(state("bad-csr-1")).isEqualTo("enrolled");
    }

    @Test
    void replayedExpiredForeignAndMalformedTokensAreRefused() throws Exception {
        String token = register("tok-1");
        byte[] csr = Csrs.estBody(Csrs.der(Csrs.ec("secp256r1"), "tok-1", Csrs.Extra.NONE));
        assertThat(enroll("tok-1", "wrong-token", csr).status()).isEqualTo(401);
        String other = register("tok-2");
        assertThat(enroll("tok-1", other, csr).status()).as("token of another device").isEqualTo(401);
        assertThat(enroll("tok-1", token, csr).status()).isEqualTo(200);
        TestServer.Response replay = enroll("tok-1", token, Csrs.estBody(Csrs.der(Csrs.ec("secp256r1"), "tok-1", Csrs.Extra.NONE)));
        assertThat(replay.status()).isEqualTo(401);
        assertThat(replay.json().path("detail").asText()).contains("token rejected");

        register("tok-3");
        String shortLived = t.server.registry().issueEnrollmentToken("test", DeviceId.of("tok-3"), Duration.ofMillis(300));
        Thread.sleep(600);
        assertThat(enroll("tok-3", shortLived, Csrs.estBody(Csrs.der(Csrs.ec("secp256r1"), "tok-3", Csrs.Extra.NONE))).status()).isEqualTo(401);
        assertThat(state("tok-3")).isEqualTo("registered");

        TestServer.Response noAuth = TestServer.call(t.httpsClient(null, null), "POST", t.https() + "/.well-known/est/simpleenroll", null, PKCS10, csr);
        assertThat(noAuth.status()).isEqualTo(401);
        TestServer.Response badBasic = TestServer.call(t.httpsClient(null, null), "POST", t.https() + "/.well-known/est/simpleenroll",
                "Basic !!!notbase64", PKCS10, csr);
        assertThat(badBasic.status()).isEqualTo(401);
        TestServer.Response pathId = enroll("../etc", token, csr);
        assertThat(pathId.status()).isEqualTo(401);

        List<String> details = t.get("/api/v1/audit?limit=1000").json().findValuesAsText("detail");
        assertThat(details).contains("unknown token", "token belongs to another device", "token already used (replay)", "token expired");
    }

    @Test
    void oneKeyIsNeverBoundToTwoDevices() throws Exception {
        KeyPair kp = Csrs.ec("secp256r1");
        String a = register("key-a");
        String b = register("key-b");
        assertThat(enroll("key-a", a, Csrs.estBody(Csrs.der(kp, "key-a", Csrs.Extra.NONE))).status()).isEqualTo(200);
        TestServer.Response r = enroll("key-b", b, Csrs.estBody(Csrs.der(kp, "key-b", Csrs.Extra.NONE)));
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.json().path("detail").asText()).contains("already bound to another device");
        assertThat(state("key-b")).isEqualTo("registered");
        assertThat(enroll("key-b", b, Csrs.estBody(Csrs.der(Csrs.ec("secp256r1"), "key-b", Csrs.Extra.NONE))).status())
                .as("token survives the refused key").isEqualTo(200);
    }

    @Test
    void reenrollRefusesMissingForeignExpiredAndRevokedCertificates() throws Exception {
        KeyPair kp = Csrs.ec("secp256r1");
        String tok = register("re-1");
        X509Certificate cert = leaf(enroll("re-1", tok, Csrs.estBody(Csrs.der(kp, "re-1", Csrs.Extra.NONE))));
        List<X509Certificate> chain = List.of(cert, t.server.ca().issuingCertificate());
        byte[] newCsr = Csrs.estBody(Csrs.der(Csrs.ec("secp256r1"), "re-1", Csrs.Extra.NONE));
        String url = t.https() + "/.well-known/est/simplereenroll";

        assertThat(TestServer.call(t.httpsClient(null, null), "POST", url, null, PKCS10, newCsr).status()).as("no certificate").isEqualTo(401);

        CertificateAuthority foreign = CertificateAuthority.loadOrCreate(dir.resolve("foreign-ca"), "foreign-passphrase-123".toCharArray(),
                new CaUrls("http://localhost/crl", "http://localhost/ocsp"), Clock.systemUTC());
        KeyPair fk = Csrs.ec("secp256r1");
        X509Certificate forged = foreign.issue(DeviceId.of("re-1"), fk.getPublic(), t.server.registry().model("m"), Instant.now());
        assertThat(TestServer.call(t.httpsClient(fk.getPrivate(), List.of(forged, foreign.issuingCertificate())), "POST", url, null, PKCS10, newCsr)
                .status()).as("foreign CA").isEqualTo(401);

        KeyPair ek = Csrs.ec("secp256r1");
        X509Certificate expired = t.server.ca().issue(DeviceId.of("re-1"), ek.getPublic(), t.server.registry().model("m"),
                Instant.now().minus(Duration.ofDays(500)));
        assertThat(TestServer.call(t.httpsClient(ek.getPrivate(), List.of(expired, t.server.ca().issuingCertificate())), "POST", url, null,
                PKCS10, newCsr).status()).as("expired").isEqualTo(401);

        assertThat(TestServer.call(t.httpsClient(kp.getPrivate(), chain), "POST", url, null, PKCS10,
                Csrs.estBody(Csrs.der(Csrs.ec("secp256r1"), "someone-else", Csrs.Extra.NONE))).status()).as("CSR for another id").isEqualTo(400);

        assertThat(t.post("/api/v1/devices/re-1/revoke", "{\"reason\":\"key-compromise\"}").status()).isEqualTo(200);
        TestServer.Response revoked = TestServer.call(t.httpsClient(kp.getPrivate(), chain), "POST", url, null, PKCS10, newCsr);
        assertThat(revoked.status()).as("revoked").isEqualTo(401);
        assertThat(t.get("/api/v1/devices/re-1/certificates").json()).hasSize(1);
    }

    @Test
    void idevidEnrollmentNeedsARegisteredManufacturerAnchor() throws Exception {
        CertificateAuthority maker = CertificateAuthority.loadOrCreate(dir.resolve("maker-ca"), "maker-passphrase-1234".toCharArray(),
                new CaUrls("http://maker/crl", "http://maker/ocsp"), Clock.systemUTC());
        register("idev-1");
        KeyPair idevKey = Csrs.ec("secp256r1");
        X509Certificate idevid = maker.issue(DeviceId.of("idev-1"), idevKey.getPublic(), t.server.registry().model("m"), Instant.now());
        HttpClient asDevice = t.httpsClient(idevKey.getPrivate(), List.of(idevid, maker.issuingCertificate()));
        String url = t.https() + "/.well-known/est/simpleenroll";
        byte[] csr = Csrs.estBody(Csrs.der(Csrs.ec("secp256r1"), "idev-1", Csrs.Extra.NONE));

        assertThat(TestServer.call(asDevice, "POST", url, null, PKCS10, csr).status()).as("unknown manufacturer CA").isEqualTo(401);
        assertThat(state("idev-1")).isEqualTo("registered");

        String pem = Pem.certificate(maker.rootCertificate()).replace("\n", "\\n");
        assertThat(t.post("/api/v1/manufacturers", "{\"name\":\"Acme\",\"ca\":\"" + pem + "\"}").status()).isEqualTo(201);
        assertThat(t.post("/api/v1/manufacturers", "{\"name\":\"Acme\",\"ca\":\"" + pem + "\"}").status()).isEqualTo(409);
        String leafPem = Pem.certificate(idevid).replace("\n", "\\n");
        assertThat(t.post("/api/v1/manufacturers", "{\"name\":\"Leaf\",\"ca\":\"" + leafPem + "\"}").status()).as("not a CA").isEqualTo(400);

        TestServer.Response r = TestServer.call(asDevice, "POST", url, null, PKCS10, csr);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(state("idev-1")).isEqualTo("enrolled");
        X509Certificate issued = leaf(r);
        issued.verify(t.server.ca().issuingCertificate().getPublicKey());

        // the manufacturer CA is revoked: its IDevIDs no longer enroll, and the audit run lists the device it enrolled
        String fp = io.palisade.pki.Chains.fingerprint(maker.rootCertificate());
        assertThat(t.post("/api/v1/manufacturers/" + fp + "/revoke", null).status()).isEqualTo(200);
        assertThat(t.post("/api/v1/manufacturers/" + fp + "/revoke", null).status()).as("already revoked").isEqualTo(409);
        register("idev-2");
        X509Certificate idevid2 = maker.issue(DeviceId.of("idev-2"), idevKey.getPublic(), t.server.registry().model("m"), Instant.now());
        HttpClient asDevice2 = t.httpsClient(idevKey.getPrivate(), List.of(idevid2, maker.issuingCertificate()));
        byte[] csr2 = Csrs.estBody(Csrs.der(Csrs.ec("secp256r1"), "idev-2", Csrs.Extra.NONE));
        assertThat(TestServer.call(asDevice2, "POST", url, null, PKCS10, csr2).status()).as("revoked anchor").isEqualTo(401);
        JsonNode findings = t.post("/api/v1/audit-checks/run", null).json();
        assertThat(findings.toString()).contains("Acme");
        assertThat(findings.findValuesAsText("check")).anyMatch(c -> c.contains("anchor"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../etc/passwd", "a/b", "cam\\u0000", "cam 1", "x\\n", "-x", ""})
    void deviceIdsWithPathOrControlCharactersAreRefused(String bad) throws Exception {
        TestServer.Response r = t.post("/api/v1/devices", "{\"id\":\"" + bad + "\",\"model\":\"m\"}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().path("detail").asText()).contains("invalid device id");
    }

    @Test
    void illegalLifecycleTransitionsAreRefused() throws Exception {
        register("life-1");
        TestServer.Response r = t.post("/api/v1/devices/life-1/quarantine", null);
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.json().path("type").asText()).isEqualTo("urn:palisade:problem:illegal-transition");
        assertThat(r.json().path("detail").asText()).contains("registered", "cannot become quarantined");
        assertThat(t.post("/api/v1/devices/life-1/release", null).status()).isEqualTo(409);
        assertThat(t.post("/api/v1/devices/life-1/decommission", null).status()).isEqualTo(200);
        for (String action : new String[] {"quarantine", "release", "decommission", "revoke"}) {
            assertThat(t.post("/api/v1/devices/life-1/" + action, null).status()).as(action).isEqualTo(409);
        }
        assertThat(t.post("/api/v1/devices/life-1/transfer", "{\"owner\":\"x\"}").status()).isEqualTo(409);
        assertThat(t.post("/api/v1/devices/life-1/enrollment-token", "{}").status()).isEqualTo(409);
        assertThat(state("life-1")).isEqualTo("decommissioned");
    }

    @Test
    void quarantineReleaseAndTransferFollowTheStateMachine() throws Exception {
        String tok = register("life-2");
        assertThat(enroll("life-2", tok, Csrs.estBody(Csrs.der(Csrs.ec("secp256r1"), "life-2", Csrs.Extra.NONE))).status()).isEqualTo(200);
        assertThat(t.post("/api/v1/devices/life-2/quarantine", "{\"reason\":\"beaconing\"}").json().path("state").asText()).isEqualTo("quarantined");
        assertThat(t.post("/api/v1/devices/life-2/release", null).json().path("state").asText()).isEqualTo("active");
        JsonNode moved = t.post("/api/v1/devices/life-2/transfer", "{\"owner\":\"New Owner Ltd\"}").json();
        assertThat(moved.path("state").asText()).isEqualTo("registered");
        assertThat(moved.path("owner").asText()).isEqualTo("New Owner Ltd");
        JsonNode certs = t.get("/api/v1/devices/life-2/certificates").json();
        assertThat(certs.findValuesAsText("status")).containsOnly("revoked");
        assertThat(certs.findValuesAsText("reason")).containsOnly("affiliation_changed");
    }
}
