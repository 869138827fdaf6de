package io.palisade.server.evidence;

import static io.palisade.server.evidence.Fixtures.byCollector;
import static io.palisade.server.evidence.Fixtures.ok;
import static io.palisade.server.evidence.Fixtures.okJson;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.palisade.server.TestServer;
import io.palisade.server.http.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The disclosure policy (security.txt absent, expired, valid → conformity verdicts) and the public report intake
 * (anonymous, hostile text, size and rate limits) with cases run through their stages and the CRA clocks.
 * Ordered: the intake's per-source budget (5 reports) is shared by the tests of this class.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DisclosureAndReportsTest {
    static final String HOSTILE = "<script>alert('x')</script> \u202Egnp.exe & \"quotes\"";
    @TempDir
    static Path tmp;
    static TestServer t;
    static String exploitedCase;

    @BeforeAll
    static void start() {
        t = new TestServer(tmp.resolve("data"));
        Fixtures.model(t, "thermo", "Acme", "2031-12");
    }

    @AfterAll
    static void stop() {
        t.close();
    }

    static TestServer.Response anonymous(String method, String path, String contentType, byte[] body) throws Exception {
        return t.call(method, t.api() + path, null, contentType, body);
    }

    static JsonNode assess() throws Exception {
        TestServer.Response r = t.get("/api/v1/conformity?profile=consumer&format=json");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    static String verdict(JsonNode a, String collector) {
        return byCollector(a, collector).get(0).path("verdict").asText();
    }

    @Test
    @Order(1)
    void withoutAPolicyNothingIsPublishedAndTheChecksFail() throws Exception {
        assertThat(anonymous("GET", "/.well-known/security.txt", null, null).status()).isEqualTo(404);
        JsonNode a = assess();
        assertThat(verdict(a, "security-txt")).isEqualTo("FAIL");
        assertThat(byCollector(a, "security-txt").get(0).path("reasons").toString()).contains("no security.txt is published");
        assertThat(verdict(a, "disclosure-policy")).isEqualTo("FAIL");
        assertThat(byCollector(a, "support-period").get(0).path("reasons").toString()).contains("support period is not published");
    }

    @Test
    @Order(2)
    void anExpiredSecurityTxtFailsTheCheck() throws Exception {
        Path expired = Fixtures.write(tmp, "expired.json", Fixtures.policy(Instant.now().minus(Duration.ofDays(3))));
        assertThat(ok(t, "vuln", "disclosure", "set", "--file", expired.toString())).contains("FAILS");
        TestServer.Response txt = anonymous("GET", "/.well-known/security.txt", null, null);
        assertThat(txt.status()).isEqualTo(200);
        JsonNode a = assess();
        assertThat(verdict(a, "security-txt")).isEqualTo("FAIL");
        JsonNode r = byCollector(a, "security-txt").get(0);
        assertThat(r.path("reasons").toString()).contains("security.txt expired at");
        assertThat(r.path("evidence").get(0).path("values").path("expires").asText()).isNotBlank();
    }

    @Test
    @Order(3)
    void aValidPolicyIsPublishedWithTheSupportPeriodsAndPasses() throws Exception {
        Path valid = Fixtures.write(tmp, "policy.json", Fixtures.policy(Instant.now().plus(Duration.ofDays(200))));
        assertThat(ok(t, "vuln", "disclosure", "set", "--file", valid.toString())).contains("passes");
        TestServer.Response txt = anonymous("GET", "/.well-known/security.txt", null, null);
        assertThat(txt.status()).isEqualTo(200);
        assertThat(txt.contentType()).startsWith("text/plain");
        assertThat(txt.body()).contains("Contact: mailto:security@example.com").contains("Expires: ").contains("Policy: https://example.com/security/policy")
                .contains("Preferred-Languages: en, de").contains("Canonical: https://example.com/.well-known/security.txt");
        TestServer.Response policy = anonymous("GET", "/.well-known/vulnerability-disclosure-policy", null, null);
        assertThat(policy.status()).isEqualTo(200);
        assertThat(policy.body()).contains("thermo: until 2031-12");
        JsonNode a = assess();
        assertThat(verdict(a, "security-txt")).isEqualTo("PASS");
        assertThat(verdict(a, "disclosure-policy")).isEqualTo("PASS");
        assertThat(t.cli("vuln", "disclosure", "set", "--file", Fixtures.write(tmp, "bad.json",
                "{\"contacts\": [\"http://plain.example\"], \"expires\": \"2030-01-01T00:00:00Z\", \"acknowledgeWithinDays\": 5,"
                        + " \"statusUpdateEveryDays\": 30}").toString()).err()).contains("Contact");
    }

    @Test
    @Order(4)
    void anAnonymousReportWithHostileTextRunsThroughEveryStage() throws Exception {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("summary", HOSTILE);
        report.put("affectedProduct", "thermo");
        report.put("affectedVersion", "1.2");
        report.put("details", "line one\nline two \u001b]0;x is not allowed".replace("\u001b", ""));
        TestServer.Response r = anonymous("POST", "/api/v1/vulnerability-reports", "application/json", Json.MAPPER.writeValueAsBytes(report));
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        String id = r.json().path("trackingId").asText();
        assertThat(id).matches("VR-\\d{4}-[A-Z0-9]{10}");
        assertThat(r.json().path("message").asText()).contains(id);

        String shown = ok(t, "vuln", "case", "show", id);
        assertThat(shown).contains("<script>").doesNotContain("\u202E").contains("\\u{202E}");
        assertThat(okJson(t, "vuln", "case", "show", id, "--json").path("kase").path("report").path("summary").asText()).isEqualTo(HOSTILE);

        ok(t, "vuln", "case", "update", id, "--stage", "verified", "--owner", "psirt-alice", "--note", "reproduced on 1.2");
        ok(t, "vuln", "case", "update", id, "--stage", "remediation", "--due", Instant.now().plus(Duration.ofDays(30)).toString());
        TestServer.Cli skip = t.cli("vuln", "case", "update", id, "--stage", "closed", "--reason", "skipping");
        assertThat(skip.exit()).isEqualTo(1);
        assertThat(skip.err()).contains("cannot move from REMEDIATION to CLOSED");
        ok(t, "vuln", "case", "update", id, "--stage", "released", "--note", "fixed in 1.3");
        ok(t, "vuln", "case", "update", id, "--stage", "closed", "--reason", "advisory PALISADE-2026-1 published");
        JsonNode c = okJson(t, "vuln", "case", "show", id, "--json").path("kase");
        assertThat(c.path("stage").asText()).isEqualTo("CLOSED");
        assertThat(c.path("owner").asText()).isEqualTo("psirt-alice");
        assertThat(c.path("history").size()).isEqualTo(4);
        assertThat(c.path("notes").size()).isEqualTo(2);
        assertThat(okJson(t, "vuln", "cases", "--json").toString()).contains(id).contains("closed");

        TestServer.Response noSummary = anonymous("POST", "/api/v1/vulnerability-reports", "application/json",
                "{\"affectedProduct\": \"thermo\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(noSummary.status()).isEqualTo(400);
        TestServer.Response listAnon = anonymous("GET", "/api/v1/vuln/cases", null, null);
        assertThat(listAnon.status()).isEqualTo(401);
    }

    @Test
    @Order(5)
    void oversizedReportsAreRefused() throws Exception {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("summary", "big");
        report.put("affectedProduct", "thermo");
        report.put("details", "A".repeat(70 * 1024));
        assertThat(anonymous("POST", "/api/v1/vulnerability-reports", "application/json", Json.MAPPER.writeValueAsBytes(report)).status())
                .isEqualTo(413);
        byte[] huge = ("{\"summary\": \"x\", \"affectedProduct\": \"y\", \"details\": \"" + "B".repeat(200 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        assertThat(anonymous("POST", "/api/v1/vulnerability-reports", "application/json", huge).status()).isEqualTo(413);
    }

    @Test
    @Order(6)
    void anExploitedCaseRunsTheCraClocksAndOverdueStepsRaiseAlerts() throws Exception {
        TestServer.Response r = anonymous("POST", "/api/v1/vulnerability-reports", "application/json",
                "{\"summary\": \"RCE via MQTT command\", \"affectedProduct\": \"thermo\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(r.status()).isEqualTo(202);
        exploitedCase = r.json().path("trackingId").asText();
        assertThat(verdict(assess(), "vuln-handling-clocks")).isEqualTo("PASS");

        ok(t, "vuln", "case", "update", exploitedCase, "--exploited", "--aware-at", Instant.now().minus(Duration.ofDays(4)).toString());
        assertThat(ok(t, "vuln", "case", "show", exploitedCase)).contains("early-warning").contains("notification");
        JsonNode overdue = okJson(t, "vuln", "clocks", "--json").path("overdue");
        assertThat(overdue.toString()).contains("CRA_EARLY_WARNING_OVERDUE").contains("CRA_NOTIFICATION_OVERDUE").contains(exploitedCase);
        JsonNode alerts = t.get("/api/v1/alerts?type=vuln.cra-overdue").json();
        assertThat(alerts.toString()).contains(exploitedCase);
        assertThat(alerts.get(0).path("severity").asText().toLowerCase(java.util.Locale.ROOT)).isEqualTo("critical");
        JsonNode a = assess();
        assertThat(verdict(a, "vuln-handling-clocks")).isEqualTo("FAIL");
        assertThat(byCollector(a, "vuln-handling-clocks").get(0).path("reasons").toString()).contains(exploitedCase);

        ok(t, "vuln", "case", "update", exploitedCase, "--cra-step", "early-warning");
        ok(t, "vuln", "case", "update", exploitedCase, "--cra-step", "notification");
        assertThat(okJson(t, "vuln", "clocks", "--json").path("overdue").toString()).doesNotContain("CRA_");
        assertThat(verdict(assess(), "vuln-handling-clocks")).isEqualTo("PASS");
    }

    @Test
    @Order(7)
    void aFloodFromOneSourceIsRateLimited() throws Exception {
        int limited = 0;
        for (int i = 0; i < 8 && limited == 0; i++) {
            TestServer.Response r = anonymous("POST", "/api/v1/vulnerability-reports", "application/json",
                    ("{\"summary\": \"flood " + i + "\", \"affectedProduct\": \"thermo\"}").getBytes(StandardCharsets.UTF_8));
            if (r.status() == 429) {
                limited++;
                assertThat(r.json().path("detail").asText()).contains("too many reports");
            } else {
                assertThat(r.status()).isEqualTo(202);
            }
        }
        assertThat(limited).isEqualTo(1);
        assertThat(okJson(t, "vuln", "cases", "--json").size()).isLessThanOrEqualTo(5);
    }
}
