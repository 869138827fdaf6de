package io.palisade.vuln.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.palisade.core.PalisadeException;
import io.palisade.vuln.advisory.Advisory;
import io.palisade.vuln.advisory.CsafParser;
import io.palisade.vuln.advisory.ProductStatus;
import io.palisade.vuln.match.VexStatus;
import io.palisade.vuln.validate.DocumentKind;
import io.palisade.vuln.validate.ValidationReport;
import io.palisade.vuln.validate.Validator;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class WritersTest {
    static final Validator VALIDATOR = new Validator();
    static final Instant T0 = Instant.parse("2026-10-01T08:00:00Z");
    static final ProductRef PLUG_1 = new ProductRef("Example", "smart-plug", "1.4", "pkg:generic/example/smart-plug-fw@1.4", null);
    static final ProductRef PLUG_2 = new ProductRef("Example", "smart-plug", "2.0", null, "cpe:2.3:o:example:smart-plug_firmware:2.0:*:*:*:*:*:*:*");
    static final ProductRef CAM = new ProductRef("Example", "camera", "5.1", null, null);
    static final ProductRef GW = new ProductRef("Example", "plc-gateway", "3.2", null, null);

    static List<VulnerabilityEntry> vulns() {
        return List.of(new VulnerabilityEntry("CVE-2026-12345", null, "Command injection", "A crafted <script> request runs commands.",
                "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "CWE-78", "Improper Neutralization of Special Elements used in an OS Command ('OS Command Injection')",
                List.of(new VexStatement(PLUG_1, VexStatus.AFFECTED, null, null, null, "2.0"),
                        new VexStatement(PLUG_2, VexStatus.FIXED, null, null, null, null),
                        new VexStatement(CAM, VexStatus.NOT_AFFECTED, Justification.COMPONENT_NOT_PRESENT, null, null, null),
                        new VexStatement(GW, VexStatus.UNDER_INVESTIGATION, null, null, null, null))),
                new VulnerabilityEntry(null, "PAL-2026-7", null, "Weak default TLS configuration.", null, null, null,
                        List.of(new VexStatement(CAM, VexStatus.NOT_AFFECTED, null, "TLS 1.3 only; the weak suites are not compiled in.", null, null))));
    }

    static Publication publication(Publication.Profile profile) {
        return new Publication(profile, "PAL-SA-2026-001", "Smart plug command injection", "Palisade Example Vendor",
                URI.create("https://example.com"), "en", T0, T0.plusSeconds(86_400), List.of("Initial release", "Added camera"),
                false, "Summary of the issue.", vulns());
    }

    @Test
    void csafSecurityAdvisoryIsSchemaValidAndPassesMandatoryTests() {
        byte[] doc = new CsafWriter().writeBytes(publication(Publication.Profile.SECURITY_ADVISORY));
        ValidationReport r = VALIDATOR.validate(doc);
        assertThat(r.kind()).isEqualTo(DocumentKind.CSAF);
        assertThat(r.findings()).isEmpty();
        Advisory back = new CsafParser().parse(doc);
        assertThat(back.id()).isEqualTo("PAL-SA-2026-001");
        assertThat(back.cvssBaseScore()).isEqualTo(9.8);
        assertThat(back.products()).anyMatch(p -> p.status() == ProductStatus.KNOWN_AFFECTED && p.product().equals("smart-plug")
                && p.versions().test("1.4") == io.palisade.vuln.version.Verdict.AFFECTED);
        assertThat(back.products()).anyMatch(p -> p.status() == ProductStatus.NOT_AFFECTED && "component_not_present".equals(p.justification()));
    }

    @Test
    void csafVexIsSchemaValidAndPassesMandatoryTests() {
        JsonNode doc = new CsafWriter().write(publication(Publication.Profile.VEX));
        assertThat(doc.at("/document/category").asText()).isEqualTo("csaf_vex");
        assertThat(VALIDATOR.validate(doc).findings()).isEmpty();
        assertThat(doc.at("/vulnerabilities/1/threats/0/category").asText()).isEqualTo("impact");
    }

    @Test
    void cycloneDxVexIsValidAgainstTheSchema() {
        JsonNode bom = new CycloneDxVexWriter().write(vulns(), UUID.nameUUIDFromBytes(new byte[] {1}), T0);
        ValidationReport r = VALIDATOR.validate(bom);
        assertThat(r.schema()).isEqualTo("CycloneDX 1.7");
        assertThat(r.findings()).isEmpty();
        assertThat(bom.at("/components").size()).isEqualTo(4);
        assertThat(bom.at("/vulnerabilities/0/analysis/state").asText()).isEqualTo("exploitable");
        assertThat(bom.at("/vulnerabilities/0/ratings/0/score").asDouble()).isEqualTo(9.8);
        assertThat(bom.findValuesAsText("state")).contains("resolved", "not_affected", "in_triage");
    }

    @Test
    void rejectsInconsistentInput() {
        assertThatThrownBy(() -> new VexStatement(CAM, VexStatus.NOT_AFFECTED, null, null, null, null)).isInstanceOf(PalisadeException.class);
        assertThatThrownBy(() -> new VulnerabilityEntry("CVE-1", null, null, "d", null, null, null, List.of()))
                .isInstanceOf(PalisadeException.class);
        assertThatThrownBy(() -> new ProductRef("Example", "m\u0000", "1", null, null)).isInstanceOf(PalisadeException.class);
        assertThatThrownBy(() -> new Publication(Publication.Profile.VEX, "bad id with spaces", "t", "p", URI.create("https://e"),
                null, T0, null, null, false, "s", vulns())).isInstanceOf(PalisadeException.class);
    }
}
