package io.palisade.server.evidence;

import static io.palisade.server.evidence.Fixtures.byCollector;
import static io.palisade.server.evidence.Fixtures.ok;
import static io.palisade.server.evidence.Fixtures.okJson;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import io.palisade.core.device.DeviceId;
import io.palisade.core.identity.CertificateRecord;
import io.palisade.core.identity.CertificateStatus;
import io.palisade.server.TestServer;
import io.palisade.server.http.Json;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
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
 * Conformity verdicts and audit checks on fleets whose right answer is known: compliant credentials, then a public
 * key shared by two devices (inserted into the store), then a model past its support period; OSCAL output checked
 * against the OSCAL 1.1.2 assessment-results schema; the HTML report escapes hostile attestation text.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConformityAndAuditTest {
    @TempDir
    static Path tmp;
    static TestServer t;

    @BeforeAll
    static void fleet() throws Exception {
        t = new TestServer(tmp.resolve("data"));
        Path keys = Files.createDirectories(tmp.resolve("keys"));
        Fixtures.model(t, "thermo", "Acme", "2031-12");
        Fixtures.device(t, keys, "thermo", "th-1", "1.0");
        Fixtures.device(t, keys, "thermo", "th-2", "1.0");
        Fixtures.device(t, keys, "thermo", "th-3", "1.0");
        ok(t, "vuln", "disclosure", "set", "--file", Fixtures.write(tmp, "policy.json",
                Fixtures.policy(Instant.now().plus(Duration.ofDays(200)))).toString());
    }

    @AfterAll
    static void stop() {
        t.close();
    }

    static JsonNode assess(String query) throws Exception {
        TestServer.Response r = t.get("/api/v1/conformity?profile=consumer" + query);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    static JsonNode auditRun() {
        return okJson(t, "audit", "run", "--json");
    }

    static List<String> checks(JsonNode run) {
        List<String> out = new java.util.ArrayList<>();
        run.path("results").forEach(f -> out.add(f.path("check").asText()));
        return out;
    }

    @Test
    @Order(1)
    void aCompliantFleetPassesCredentialAndSupportChecksAndHasNoSharedKeyFinding() throws Exception {
        JsonNode a = assess("");
        JsonNode cred = byCollector(a, "credential-uniqueness").get(0);
        assertThat(cred.path("verdict").asText()).isEqualTo("PASS");
        JsonNode values = cred.path("evidence").get(0).path("values");
        assertThat(values.path("devices").asText()).isEqualTo("3");
        assertThat(values.path("distinctKeys").asText()).isEqualTo("3");
        assertThat(cred.path("evidence").get(0).path("recheck").asText()).isNotBlank();
        assertThat(byCollector(a, "support-period").get(0).path("verdict").asText()).isEqualTo("PASS");
        assertThat(byCollector(a, "audit-log").get(0).path("verdict").asText()).isEqualTo("PASS");
        JsonNode update = byCollector(a, "update-repository").get(0);
        assertThat(update.path("verdict").asText()).isEqualTo("FAIL");
        assertThat(update.path("reasons").toString()).contains("no signed-update repository is configured");
        JsonNode defaults = byCollector(a, "default-credentials").get(0).path("evidence").get(0).path("values");
        assertThat(defaults.path("adminSecretGeneratedPerInstall").asText()).isEqualTo("true");
        assertThat(defaults.path("serviceCredentialsDefault").asText()).isEqualTo("false");
        assertThat(defaults.toString()).contains("per-install password");
        assertThat(byCollector(a, "default-credentials").get(0).path("verdict").asText()).isEqualTo("PASS");

        assertThat(checks(auditRun())).doesNotContain("key-shared", "model-past-support");
    }

    @Test
    @Order(2)
    void aPublicKeySharedByTwoDevicesFailsTheCredentialCheckAndTheAudit() throws Exception {
        CertificateRecord a1 = t.server.store().read(r -> r.certificates().listByDevice(DeviceId.of("th-1"))).get(0);
        Instant now = Instant.now();
        t.server.store().transaction(r -> {
            r.certificates().insert(new CertificateRecord(new BigInteger(64, new java.security.SecureRandom()).add(BigInteger.ONE),
                    DeviceId.of("th-2"), a1.keyFingerprint(), now.minusSeconds(60), now.plus(Duration.ofDays(30)), CertificateStatus.VALID,
                    null, null, a1.pem()));
            return null;
        });
        for (String scope : List.of("", "&model=thermo")) {
            JsonNode cred = byCollector(assess(scope), "credential-uniqueness").get(0);
            assertThat(cred.path("verdict").asText()).isEqualTo("FAIL");
            assertThat(cred.path("reasons").toString()).contains("shared by 2 devices").contains(a1.keyFingerprint());
            assertThat(cred.path("evidence").get(0).path("values").path("sharedKeyGroups").asText()).isEqualTo("1");
        }

        JsonNode run = auditRun();
        JsonNode shared = null;
        for (JsonNode f : run.path("results")) {
            if (f.path("check").asText().equals("key-shared")) {
                shared = f;
            }
        }
        assertThat(shared).as(run.toString()).isNotNull();
        assertThat(shared.path("severity").asText()).isEqualTo("CRITICAL");
        assertThat(shared.path("evidence").path("devices").asText()).isEqualTo("th-1,th-2");
        assertThat(shared.path("mitigation").asText()).contains("revoke");
        assertThat(t.get("/api/v1/alerts?type=audit.key-shared").json().toString()).contains(a1.keyFingerprint());
        assertThat(ok(t, "audit", "run")).contains("key-shared").contains("CRITICAL");
    }

    @Test
    @Order(3)
    void aModelPastItsSupportPeriodFailsAndTheScopedAssessmentOfAnotherModelDoesNot() throws Exception {
        Fixtures.model(t, "legacy", "Acme", "2020-06");
        Fixtures.device(t, tmp.resolve("keys"), "legacy", "old-1", "0.9");
        JsonNode support = byCollector(assess(""), "support-period").get(0);
        assertThat(support.path("verdict").asText()).isEqualTo("FAIL");
        assertThat(support.path("reasons").toString()).contains("model legacy is past its support period (ended 2020-06) with 1 device(s)");
        assertThat(support.path("evidence").get(0).path("values").path("model.legacy").asText()).contains("supportUntil=2020-06");
        assertThat(byCollector(assess("&model=thermo"), "support-period").get(0).path("verdict").asText()).isEqualTo("PASS");
        assertThat(checks(auditRun())).contains("model-past-support");
        assertThat(t.get("/api/v1/conformity?profile=consumer&model=nope").status()).isEqualTo(404);
    }

    @Test
    @Order(4)
    void oscalAssessmentResultsAreValidAgainstTheSchemaAndTheCatalogIsPublished() throws Exception {
        TestServer.Response r = t.get("/api/v1/conformity?profile=consumer&standard=etsi-en-303-645&format=oscal");
        assertThat(r.status()).isEqualTo(200);
        JsonSchema schema;
        try (var in = new ByteArrayInputStream(Fixtures.resource("oscal/oscal-ar_schema.json"))) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
        }
        JsonNode doc = r.json();
        assertThat(doc.has("assessment-results")).isTrue();
        assertThat(schema.validate(doc)).isEmpty();
        Path out = tmp.resolve("report.oscal.json");
        ok(t, "assess", "--profile", "consumer", "--format", "oscal", "--out", out.toString());
        assertThat(schema.validate(Json.MAPPER.readTree(out.toFile()))).isEmpty();
        ((com.fasterxml.jackson.databind.node.ObjectNode) doc.path("assessment-results")).remove("metadata");
        assertThat(schema.validate(doc)).isNotEmpty();
        assertThat(t.get("/api/v1/conformity/catalog?format=oscal").json().has("catalog")).isTrue();
    }

    @Test
    @Order(5)
    void attestationsAreSelfAttestedAndTheHtmlReportEscapesHostileText() throws Exception {
        String hostile = "<script>alert(1)</script> & \"owner\"";
        String file = """
                {"format": "palisade-attestations/1", "attestations": [
                  {"requirement": "etsi-en-303-645:5.0-1", "claim": "implemented", "owner": %s,
                   "statement": "Justifications are kept in the product file %s", "date": "%s", "expires": "%s"}]}
                """.formatted(Json.MAPPER.writeValueAsString(hostile), "<img src=x onerror=alert(2)>", LocalDate.now().minusDays(1),
                LocalDate.now().plusDays(300));
        ok(t, "assess", "attest", "--file", Fixtures.write(tmp, "attest.json", file).toString());
        JsonNode a = assess("&standard=etsi-en-303-645");
        JsonNode r = null;
        for (JsonNode x : a.path("results")) {
            if (x.path("requirementId").asText().equals("etsi-en-303-645:4-1")) {
                r = x;
            }
        }
        assertThat(r).isNotNull();
        assertThat(r.path("verdict").asText()).isEqualTo("PASS");
        assertThat(r.path("basis").asText()).isEqualTo("SELF_ATTESTED");

        Path html = tmp.resolve("report.html");
        ok(t, "assess", "--profile", "consumer", "--standard", "etsi-en-303-645", "--format", "html", "--out", html.toString());
        String text = Files.readString(html);
        assertThat(text).contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>alert(1)").doesNotContain("<img src=x");
        assertThat(text).contains("self-attested");
        assertThat(t.cli("assess", "attest", "--file", Fixtures.write(tmp, "bad-attest.json",
                "{\"format\": \"palisade-attestations/1\", \"attestations\": [{\"requirement\": \"nope:1\"}]}").toString()).exit()).isEqualTo(1);
    }

    @Test
    @Order(6)
    void deviceDefinitionFromTraitsAndAnOfflineVendorDeclaration() throws Exception {
        assertThat(t.cli("assess", "device-definition", "--model", "thermo").exit()).isEqualTo(1);
        ok(t, "assess", "traits", "--model", "thermo", "--file", Fixtures.write(tmp, "traits.json",
                "{\"sensors\": 2, \"actuators\": 1, \"networkInterfaces\": 1, \"operation\": \"standalone\", \"generalPurposeComputer\": false,"
                        + " \"placedOnMarket\": \"2024-01\"}").toString());
        assertThat(ok(t, "assess", "device-definition", "--model", "thermo")).contains("thermo is an IoT device");
        ok(t, "assess", "traits", "--model", "legacy", "--file", Fixtures.write(tmp, "traits2.json",
                "{\"sensors\": 0, \"actuators\": 0, \"networkInterfaces\": 1, \"operation\": \"component-only\", \"generalPurposeComputer\": false}").toString());
        JsonNode d = okJson(t, "assess", "device-definition", "--model", "legacy", "--json");
        assertThat(d.path("definition").path("iotDevice").asBoolean()).isFalse();
        assertThat(d.path("definition").path("unmetCriteria").toString()).contains("transducer");

        Path decl = Fixtures.write(tmp, "vendor.json", """
                {"format": "palisade-vendor-declaration/1", "vendor": "ACME Devices Ltd", "product": "Cam 3", "date": "2026-10-01",
                 "declarations": [{"requirement": "etsi-en-303-645:5.1-1", "status": "met", "evidence": "per-device passwords"}]}
                """);
        TestServer.Cli v = t.cli("assess", "vendor", "--declaration", decl.toString(), "--profile", "consumer", "--standard", "etsi-en-303-645");
        assertThat(v.exit()).as(v.err()).isEqualTo(1);
        assertThat(v.out()).contains("ACME Devices Ltd").contains("mandatory gap");
    }
}
