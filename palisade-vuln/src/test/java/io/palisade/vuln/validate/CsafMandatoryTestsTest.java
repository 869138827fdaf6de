package io.palisade.vuln.validate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.palisade.vuln.VulnJson;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One minimal failing document per implemented 6.1 rule, derived from a small valid csaf_security_advisory. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CsafMandatoryTestsTest {
    static final Validator VALIDATOR = new Validator();

    static final String BASE = """
            {"document":{"category":"csaf_security_advisory","csaf_version":"2.0","lang":"en",
              "publisher":{"category":"vendor","name":"Example","namespace":"https://example.com"},
              "title":"Test advisory",
              "tracking":{"current_release_date":"2024-01-02T00:00:00Z","id":"EX-2024-1","initial_release_date":"2024-01-01T00:00:00Z",
                "revision_history":[{"date":"2024-01-01T00:00:00Z","number":"1","summary":"initial"},
                                    {"date":"2024-01-02T00:00:00Z","number":"2","summary":"update"}],
                "status":"final","version":"2"}},
             "product_tree":{"branches":[{"category":"vendor","name":"Example","branches":[{"category":"product_name","name":"Plug",
                "branches":[{"category":"product_version","name":"1.0","product":{"name":"Example Plug 1.0","product_id":"P1"}},
                            {"category":"product_version","name":"2.0","product":{"name":"Example Plug 2.0","product_id":"P2",
                               "product_identification_helper":{"purl":"pkg:generic/example/plug@2.0"}}}]}]}],
               "product_groups":[{"group_id":"G1","product_ids":["P1","P2"]}]},
             "vulnerabilities":[{"cve":"CVE-2024-0001","notes":[{"category":"description","text":"x"}],
                "product_status":{"known_affected":["P1"],"fixed":["P2"]},
                "remediations":[{"category":"vendor_fix","details":"update to 2.0","product_ids":["P1"]}],
                "scores":[{"products":["P1"],"cvss_v3":{"version":"3.1","vectorString":"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H","baseScore":9.8,"baseSeverity":"CRITICAL"}}]}]}
            """;

    static ObjectNode base() {
        return (ObjectNode) VulnJson.parse(BASE, "test");
    }

    static ValidationReport check(Consumer<ObjectNode> mutation) {
        ObjectNode doc = base();
        mutation.accept(doc);
        return VALIDATOR.validate(doc.toString().getBytes(StandardCharsets.UTF_8));
    }

    static ObjectNode at(JsonNode root, String pointer) {
        return (ObjectNode) root.at(pointer);
    }

    static void assertFails(String rule, Consumer<ObjectNode> mutation) {
        ValidationReport r = check(mutation);
        assertThat(r.failedRules()).as(r.findings().toString()).contains(rule);
    }

    @Test
    void baseDocumentIsValid() {
        assertThat(check(d -> { }).findings()).isEmpty();
    }

    @Test
    void schemaViolationIsReported() {
        ValidationReport r = check(d -> at(d, "/document").remove("title"));
        assertThat(r.failedRules()).containsExactly("schema");
        assertThat(check(d -> at(d, "/document/tracking").put("current_release_date", "yesterday")).failedRules()).contains("schema");
    }

    @Test
    void rule_6_1_1_missingProductDefinition() {
        assertFails("6.1.1", d -> ((ArrayNode) d.at("/vulnerabilities/0/product_status/known_affected")).add("P9"));
    }

    @Test
    void rule_6_1_2_multipleDefinition() {
        assertFails("6.1.2", d -> at(d, "/product_tree/branches/0/branches/0/branches/1/product").put("product_id", "P1"));
    }

    @Test
    void rule_6_1_3_circularDefinition() {
        assertFails("6.1.3", d -> at(d, "/product_tree").putArray("relationships").addObject()
                .put("category", "installed_on").put("product_reference", "P3").put("relates_to_product_reference", "P1")
                .putObject("full_product_name").put("name", "loop").put("product_id", "P3"));
    }

    @Test
    void rule_6_1_4_and_6_1_5_groups() {
        assertFails("6.1.4", d -> ((ArrayNode) d.at("/vulnerabilities/0/remediations")).addObject()
                .put("category", "workaround").put("details", "x").putArray("group_ids").add("G9"));
        assertFails("6.1.5", d -> ((ArrayNode) d.at("/product_tree/product_groups")).addObject().put("group_id", "G1")
                .putArray("product_ids").add("P1").add("P2"));
    }

    @Test
    void rule_6_1_6_contradictingStatus() {
        assertFails("6.1.6", d -> at(d, "/vulnerabilities/0/product_status").putArray("known_not_affected").add("P1"));
    }

    @Test
    void rule_6_1_7_multipleScores() {
        assertFails("6.1.7", d -> ((ArrayNode) d.at("/vulnerabilities/0/scores")).add(d.at("/vulnerabilities/0/scores/0").deepCopy()));
    }

    @Test
    void rule_6_1_8_9_10_cvss() {
        assertFails("6.1.8", d -> at(d, "/vulnerabilities/0/scores/0/cvss_v3").put("version", "3.0"));
        assertFails("6.1.9", d -> at(d, "/vulnerabilities/0/scores/0/cvss_v3").put("baseScore", 5.0).put("baseSeverity", "MEDIUM"));
        assertFails("6.1.10", d -> at(d, "/vulnerabilities/0/scores/0/cvss_v3").put("attackVector", "LOCAL"));
    }

    @Test
    void rule_6_1_11_cwe() {
        assertFails("6.1.11", d -> at(d, "/vulnerabilities/0").putObject("cwe").put("id", "CWE-79").put("name", " "));
    }

    @Test
    void rule_6_1_12_language() {
        assertFails("6.1.12", d -> at(d, "/document").put("lang", "en-US-x-toolongprivateuse"));
    }

    @Test
    void rule_6_1_13_purl() {
        assertFails("6.1.13", d -> at(d, "/product_tree/branches/0/branches/0/branches/1/product/product_identification_helper")
                .put("purl", "pkg:/plug"));
    }

    @Test
    void rule_6_1_14_sortedRevisionHistory() {
        assertFails("6.1.14", d -> at(d, "/document/tracking/revision_history/1").put("date", "2023-12-31T00:00:00Z"));
    }

    @Test
    void rule_6_1_15_translator() {
        assertFails("6.1.15", d -> at(d, "/document/publisher").put("category", "translator"));
    }

    @Test
    void rule_6_1_16_latestVersion() {
        assertFails("6.1.16", d -> at(d, "/document/tracking").put("version", "1"));
    }

    @Test
    void rule_6_1_17_draftStatus() {
        assertFails("6.1.17", d -> {
            at(d, "/document/tracking").put("version", "0");
            at(d, "/document/tracking/revision_history/1").put("number", "0");
        });
    }

    @Test
    void rule_6_1_18_to_6_1_20_semverHistory() {
        assertFails("6.1.18", d -> {
            at(d, "/document/tracking").put("version", "1.0.0");
            at(d, "/document/tracking/revision_history/0").put("number", "0.9.0");
            at(d, "/document/tracking/revision_history/1").put("number", "1.0.0");
        });
        assertFails("6.1.19", d -> {
            at(d, "/document/tracking").put("version", "1.0.0");
            at(d, "/document/tracking/revision_history/0").put("number", "1.0.0-rc.1");
            at(d, "/document/tracking/revision_history/1").put("number", "1.0.0");
        });
        assertFails("6.1.20", d -> {
            at(d, "/document/tracking").put("version", "1.0.0-rc.1");
            at(d, "/document/tracking/revision_history/1").put("number", "1.0.0-rc.1");
        });
    }

    @Test
    void rule_6_1_21_missingItem() {
        assertFails("6.1.21", d -> {
            at(d, "/document/tracking").put("version", "3");
            at(d, "/document/tracking/revision_history/1").put("number", "3");
        });
    }

    @Test
    void rule_6_1_22_duplicateRevision() {
        assertFails("6.1.22", d -> at(d, "/document/tracking/revision_history/0").put("number", "2"));
    }

    @Test
    void rule_6_1_23_sameCve() {
        assertFails("6.1.23", d -> ((ArrayNode) d.at("/vulnerabilities")).add(d.at("/vulnerabilities/0").deepCopy()));
    }

    @Test
    void rule_6_1_24_involvements() {
        assertFails("6.1.24", d -> {
            ArrayNode inv = at(d, "/vulnerabilities/0").putArray("involvements");
            inv.addObject().put("party", "vendor").put("status", "open").put("date", "2024-01-01T00:00:00Z");
            inv.addObject().put("party", "vendor").put("status", "completed").put("date", "2024-01-01T00:00:00Z");
        });
    }

    @Test
    void rule_6_1_25_hashAlgorithm() {
        assertFails("6.1.25", d -> {
            ArrayNode fh = at(d, "/product_tree/branches/0/branches/0/branches/1/product/product_identification_helper")
                    .putArray("hashes").addObject().put("filename", "fw.bin").putArray("file_hashes");
            fh.addObject().put("algorithm", "sha256").put("value", "a".repeat(64));
            fh.addObject().put("algorithm", "sha256").put("value", "b".repeat(64));
        });
    }

    @Test
    void rule_6_1_26_prohibitedCategory() {
        assertFails("6.1.26", d -> at(d, "/document").put("category", "Security Advisory"));
    }

    @Test
    void rule_6_1_27_profiles() {
        assertFails("6.1.27.1", d -> at(d, "/document").put("category", "csaf_informational_advisory").remove("notes"));
        assertFails("6.1.27.2", d -> at(d, "/document").put("category", "csaf_informational_advisory"));
        assertFails("6.1.27.3", d -> at(d, "/document").put("category", "csaf_informational_advisory"));
        assertFails("6.1.27.4", d -> d.remove("product_tree"));
        assertFails("6.1.27.5", d -> at(d, "/vulnerabilities/0").remove("notes"));
        assertFails("6.1.27.6", d -> at(d, "/vulnerabilities/0").remove("product_status"));
        assertFails("6.1.27.7", d -> {
            at(d, "/document").put("category", "csaf_vex");
            at(d, "/vulnerabilities/0").putObject("product_status").putArray("recommended").add("P2");
        });
        assertFails("6.1.27.8", d -> {
            at(d, "/document").put("category", "csaf_vex");
            at(d, "/vulnerabilities/0").remove("cve");
        });
        assertFails("6.1.27.9", d -> {
            at(d, "/document").put("category", "csaf_vex");
            at(d, "/vulnerabilities/0/product_status").remove("fixed");
            at(d, "/vulnerabilities/0/product_status").putArray("known_not_affected").add("P2");
        });
        assertFails("6.1.27.10", d -> {
            at(d, "/document").put("category", "csaf_vex");
            at(d, "/vulnerabilities/0").remove("remediations");
        });
        assertFails("6.1.27.11", d -> d.remove("vulnerabilities"));
    }

    @Test
    void rule_6_1_28_translation() {
        assertFails("6.1.28", d -> at(d, "/document").put("source_lang", "en"));
    }

    @Test
    void rule_6_1_29_remediationWithoutProduct() {
        assertFails("6.1.29", d -> at(d, "/vulnerabilities/0/remediations/0").remove("product_ids"));
    }

    @Test
    void rule_6_1_30_mixedVersioning() {
        assertFails("6.1.30", d -> at(d, "/document/tracking/revision_history/0").put("number", "1.0.0"));
    }

    @Test
    void rule_6_1_31_versionRangeInProductVersion() {
        assertFails("6.1.31", d -> at(d, "/product_tree/branches/0/branches/0/branches/0").put("name", "prior to 2.0"));
    }

    @Test
    void rule_6_1_32_and_6_1_33_flags() {
        assertFails("6.1.32", d -> at(d, "/vulnerabilities/0").putArray("flags").addObject().put("label", "component_not_present"));
        assertFails("6.1.33", d -> {
            ArrayNode flags = at(d, "/vulnerabilities/0").putArray("flags");
            flags.addObject().put("label", "component_not_present").putArray("product_ids").add("P2");
            flags.addObject().put("label", "vulnerable_code_not_present").putArray("group_ids").add("G1");
        });
    }

    @Test
    void nonJsonAndHugeInputGiveParseFinding() {
        assertThat(VALIDATOR.validate("{not json".getBytes(StandardCharsets.UTF_8)).failedRules()).containsExactly("parse");
        byte[] deep = ("[".repeat(1000) + "]".repeat(1000)).getBytes(StandardCharsets.UTF_8);
        assertThat(VALIDATOR.validate(deep).failedRules()).containsExactly("parse");
        byte[] huge = new byte[VulnJson.MAX_DOCUMENT_BYTES + 1];
        java.util.Arrays.fill(huge, (byte) ' ');
        assertThat(VALIDATOR.validate(huge).failedRules()).containsExactly("parse");
        assertThat(VALIDATOR.validate("{\"hello\":1}".getBytes(StandardCharsets.UTF_8)).failedRules()).containsExactly("kind");
    }
}
