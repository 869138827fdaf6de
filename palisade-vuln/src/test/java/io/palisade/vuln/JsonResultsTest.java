package io.palisade.vuln;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.palisade.vuln.advisory.Advisory;
import io.palisade.vuln.advisory.CsafParser;
import io.palisade.vuln.advisory.OsvParser;
import io.palisade.vuln.match.ExposureMatcher;
import io.palisade.vuln.match.ExposureReport;
import io.palisade.vuln.match.FirmwareVersion;
import io.palisade.vuln.match.FleetCounts;
import io.palisade.vuln.sbom.Component;
import io.palisade.vuln.validate.Validator;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The result records the server returns are JSON-serializable with the module's mapper. */
@Timeout(30)
class JsonResultsTest {
    @Test
    void resultsSerialize() throws Exception {
        Advisory csaf = new CsafParser().parse(TestFiles.bytes("csaf/csaf_2.0/examples/csaf/bsi-2022-0001.json"));
        Advisory osv = new OsvParser().parse(TestFiles.bytes("osv/osv-schema/tools/ghsa/testdata/full_ranges.osv.json"));
        FirmwareVersion fw = new FirmwareVersion("gw", "Example", "1.0", null, null,
                List.of(new Component("akka", "2.5.1", "pkg:maven/com.typesafe.akka/akka-actor_2.12@2.5.1", null, null, null)));
        ExposureReport report = new ExposureMatcher(List.of(csaf, osv)).match(List.of(fw), FleetCounts.of(Map.of(fw.key(), 3L)),
                Instant.parse("2026-01-01T00:00:00Z"));
        JsonNode json = VulnJson.mapper().valueToTree(report);
        assertThat(json.at("/computedAt").asText()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(json.at("/advisories/0/firmware/0/matchedBy").asText()).isEqualTo("PURL");
        assertThat(json.at("/exposedDevices").asLong()).isEqualTo(3);
        JsonNode adv = VulnJson.mapper().valueToTree(csaf);
        assertThat(adv.at("/products/0/versions/expression").asText()).isNotBlank();
        JsonNode validation = VulnJson.mapper().valueToTree(new Validator().validate("{}".getBytes()));
        assertThat(validation.at("/findings/0/ruleId").asText()).isEqualTo("kind");
        assertThat(validation.at("/valid").asBoolean(true)).isFalse();
    }
}
