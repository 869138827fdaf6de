package io.palisade.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.palisade.server.http.Json;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every route needs the bearer token, except health, EST, CRL and OCSP; errors are RFC 9457 problem details. */
class ApiSecurityTest {
    @TempDir
    static Path dir;
    static TestServer t;
    static final Set<String> PUBLIC = Set.of("/health", "/.well-known/est/cacerts", "/.well-known/est/simpleenroll",
            "/.well-known/est/simplereenroll", "/pki/crl", "/pki/ca.crt", "/pki/ocsp", "/pki/ocsp/{request}", "/tuf/metadata/{file}",
            "/tuf/targets/{path}", "/.well-known/security.txt", "/.well-known/vulnerability-disclosure-policy", "/api/v1/vulnerability-reports");

    @BeforeAll
    static void start() {
        t = new TestServer(dir.resolve("data"));
    }

    @AfterAll
    static void stop() {
        t.close();
    }

    static JsonNode openapi() throws Exception {
        try (InputStream in = ApiSecurityTest.class.getResourceAsStream("/openapi.json")) {
            return Json.MAPPER.readTree(in);
        }
    }

    @Test
    void everyDocumentedRouteWithoutTokenIs401ExceptThePublicOnes() throws Exception {
        JsonNode paths = openapi().path("paths");
        int walked = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> p = it.next();
            String path = p.getKey().replace("{id}", "cam-0001").replace("{name}", "acme").replace("{request}", "AAAA")
                    .replaceAll("\\{[a-z]+\\}", "x");
            for (Iterator<String> m = p.getValue().fieldNames(); m.hasNext();) {
                String method = m.next().toUpperCase(java.util.Locale.ROOT);
                for (String token : new String[] {null, "Bearer wrong-token", "Basic YWRtaW46YWRtaW4="}) {
                    TestServer.Response r = TestServer.call(java.net.http.HttpClient.newHttpClient(), method, t.api() + path, token,
                            method.equals("POST") ? "application/json" : null, method.equals("POST") ? "{}".getBytes() : null);
                    if (PUBLIC.contains(p.getKey())) {
                        assertThat(r.status()).as("%s %s is public", method, path).isNotEqualTo(401);
                    } else {
                        assertThat(r.status()).as("%s %s with %s", method, path, token).isEqualTo(401);
                        assertThat(r.contentType()).startsWith("application/problem+json");
                        assertThat(r.json().path("status").asInt()).isEqualTo(401);
                        assertThat(r.json().path("type").asText()).isEqualTo("urn:palisade:problem:unauthorized");
                    }
                    walked++;
                }
            }
        }
        assertThat(walked).isGreaterThan(60);
    }

    @Test
    void undocumentedPathsAreDeniedByDefault() throws Exception {
        for (String p : new String[] {"/api/v2/devices", "/admin", "/", "/api/v1/devices/../../etc/passwd", "/console"}) {
            TestServer.Response r = t.call("GET", t.api() + p, null, null, null);
            assertThat(r.status()).as(p).isIn(401, 400, 404);
            assertThat(r.status()).as(p).isNotEqualTo(200);
        }
    }

    @Test
    void failedAuthenticationIsAudited() throws Exception {
        t.call("GET", t.api() + "/api/v1/devices", "Bearer nope", null, null);
        JsonNode entries = t.get("/api/v1/audit?limit=1000").json();
        boolean found = false;
        for (JsonNode e : entries) {
            found |= e.path("action").asText().equals("api.auth-failed") && e.path("detail").asText().equals("invalid bearer token");
            assertThat(e.toString()).doesNotContain(t.token());
        }
        assertThat(found).isTrue();
    }

    @Test
    void adminTokenFileIsOwnerOnlyAndOnlyItsHashIsStored() throws Exception {
        assertThat(java.nio.file.Files.getPosixFilePermissions(t.dataDir.resolve("admin.token")))
                .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ, java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        String secret = t.token();
        java.util.List<io.palisade.core.auth.ApiToken> tokens = t.server.store().read(r -> r.apiTokens().list());
        assertThat(tokens).isNotEmpty().allSatisfy(tok -> assertThat(tok.tokenHash()).isNotEqualTo(secret).hasSize(64));
        assertThat(t.get("/api/v1/devices").status()).isEqualTo(200);
    }

    @Test
    void problemDetailsForBadInputAndOversizedBodies() throws Exception {
        TestServer.Response r = t.post("/api/v1/models", "{not json");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().path("detail").asText()).contains("not valid JSON");

        r = t.post("/api/v1/models", "{\"name\":\"x\",\"bogus\":1}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().path("detail").asText()).contains("unknown field 'bogus'");

        String big = "{\"name\":\"" + "a".repeat(200_000) + "\"}";
        r = t.post("/api/v1/models", big);
        assertThat(r.status()).isEqualTo(413);

        r = t.get("/api/v1/devices/bad%0Aid");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().path("detail").asText()).contains("invalid device id");

        r = t.get("/api/v1/devices/nobody");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().path("detail").asText()).contains("palisade device list");
    }

    @Test
    void openapiDocumentIsServedWithToken() throws Exception {
        TestServer.Response r = t.get("/openapi.json");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().path("openapi").asText()).startsWith("3.1");
        assertThat(t.get("/metrics").body()).contains("jvm_");
    }

    @Test
    void estIsRefusedOverPlainHttp() throws Exception {
        TestServer.Response r = t.call("GET", t.api() + "/.well-known/est/cacerts", null, null, null);
        assertThat(r.status()).isEqualTo(403);
    }

    @Test
    void repeatedFailedAuthenticationsOverHttpsAreThrottled(@TempDir Path own) throws Exception {
        try (TestServer x = new TestServer(own.resolve("data"))) {
            java.security.KeyStore ts = java.security.KeyStore.getInstance("PKCS12");
            ts.load(null, null);
            ts.setCertificateEntry("root", x.server.ca().rootCertificate());
            javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ts);
            javax.net.ssl.SSLContext ssl = javax.net.ssl.SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder().sslContext(ssl).build();
            String url = x.https() + "/api/v1/devices";
            for (int i = 0; i < 10; i++) {
                assertThat(TestServer.call(client, "GET", url, "Bearer guess-" + i, null, null).status()).isEqualTo(401);
            }
            TestServer.Response blocked = TestServer.call(client, "GET", url, "Bearer " + x.token(), null, null);
            assertThat(blocked.status()).as("even the right token waits out the minute").isEqualTo(429);
            assertThat(blocked.json().path("type").asText()).isEqualTo("urn:palisade:problem:rate-limited");
            assertThat(x.get("/api/v1/devices").status()).as("the loopback CLI listener is not throttled").isEqualTo(200);
        }
    }
}
