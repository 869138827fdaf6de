package io.palisade.conformity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.palisade.conformity.assess.AssessmentRequest;
import io.palisade.conformity.assess.AssessmentResult;
import io.palisade.conformity.attest.Attestation;
import io.palisade.conformity.report.OscalWriter;
import java.io.InputStream;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class OscalSchemaTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static JsonSchema schema(String name) throws Exception {
        try (InputStream in = OscalSchemaTest.class.getResourceAsStream("/controls/oscal-schema-1.1.2/" + name)) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
        }
    }

    static Set<ValidationMessage> validate(String schema, JsonNode doc) throws Exception {
        return schema(schema).validate(JSON.readTree(OscalWriter.toJson((ObjectNode) doc)));
    }

    @Test
    void nistExampleValidatesAndABrokenCopyDoesNot() throws Exception {
        JsonNode example;
        try (InputStream in = getClass().getResourceAsStream("/controls/oscal-content/ifa_assessment-results-example.json")) {
            example = JSON.readTree(in);
        }
        assertThat(schema("oscal-ar_schema.json").validate(example)).isEmpty();
        ObjectNode broken = example.deepCopy();
        ((ObjectNode) broken.get("assessment-results")).put("uuid", "not-a-uuid");
        assertThat(schema("oscal-ar_schema.json").validate(broken)).isNotEmpty();
    }

    @Test
    void catalogValidates() throws Exception {
        ObjectNode doc = OscalWriter.catalog(KnownFleetsTest.ASSESSOR.catalog(), Fleets.NOW);
        assertThat(validate("oscal-catalog_schema.json", doc)).isEmpty();
        assertThat(doc.at("/catalog/groups")).hasSize(10); // + ETSI EN 303 645 V3.1.3 and ISO/IEC 29147 (deemed-compliance route)
        assertThat(doc.toString()).contains("\"id\":\"etsi-en-303-645_5.1-1\"").contains("\"rel\":\"deemed-compliance\"");
    }

    @Test
    void mappingAndRiskProfilesValidate() throws Exception {
        var catalog = KnownFleetsTest.ASSESSOR.catalog();
        ObjectNode mapping = OscalWriter.mapping(catalog, "palisade-catalog.json", Fleets.NOW);
        assertThat(validate("oscal-profile_schema.json", mapping)).isEmpty();
        assertThat(mapping.at("/profile/modify/alters")).isNotEmpty();
        for (var p : catalog.profiles()) {
            ObjectNode doc = OscalWriter.riskProfile(catalog, p, "palisade-catalog.json", Fleets.NOW);
            assertThat(validate("oscal-profile_schema.json", doc)).as(p.id()).isEmpty();
        }
    }

    @Test
    void assessmentResultsValidateForEveryProfileAndFleet() throws Exception {
        Attestation a = new Attestation("etsi-en-303-645:5.7-1", Attestation.Claim.IMPLEMENTED, "J. Doe <psirt@acme>",
                "secure boot\nwith two lines", LocalDate.of(2026, 1, 1), LocalDate.of(2027, 1, 1), "https://acme.example/sb");
        for (var facts : List.of(Fleets.compliant(), Fleets.sharedKey(), Fleets.staleUpdateRepository(), Fleets.pastSupport())) {
            for (String profile : List.of("consumer", "enterprise", "industrial", "critical-infrastructure")) {
                AssessmentResult res = KnownFleetsTest.ASSESSOR.assess(AssessmentRequest.of(profile), facts,
                        profile.equals("consumer") ? List.of(a) : List.of());
                ObjectNode doc = OscalWriter.assessmentResults(res);
                assertThat(validate("oscal-ar_schema.json", doc)).as(profile).isEmpty();
                assertThat(doc.at("/assessment-results/results/0/findings")).hasSize(res.results().size());
            }
        }
    }
}
