package io.palisade.vuln.validate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.palisade.vuln.TestFiles;
import io.palisade.vuln.sbom.Sbom;
import io.palisade.vuln.sbom.SbomParser;
import org.junit.jupiter.api.Test;

/** CycloneDX 1.7 (ECMA-424 2nd edition, October 2025) and SPDX 3.0 JSON-LD. */
class CurrentFormatsTest {
    static final ObjectMapper M = new ObjectMapper();
    static final Validator V = new Validator();

    static ObjectNode hbomAs(String version) throws Exception {
        ObjectNode d = (ObjectNode) M.readTree(TestFiles.bytes("sbom/cyclonedx-bom-examples/HBOM/PCIe-SATA-adapter-board/bom.json"));
        d.put("specVersion", version);
        d.remove("$schema");
        return d;
    }

    @Test
    void cycloneDx17IsAcceptedAndValidatedAgainstItsSchema() throws Exception {
        ValidationReport ok = V.validate(hbomAs("1.7"));
        assertThat(ok.schema()).isEqualTo("CycloneDX 1.7");
        assertThat(ok.findings()).isEmpty();
        ObjectNode bad = hbomAs("1.7");
        bad.put("unknownTopLevel", true); // additionalProperties: false in the 1.7 schema
        assertThat(V.validate(bad).findings()).isNotEmpty();
        ObjectNode badCrypto = hbomAs("1.7");
        badCrypto.withArray("components").addObject().put("type", "cryptographic-asset").put("name", "k")
                .putObject("cryptoProperties").put("assetType", "algorithm").putObject("algorithmProperties")
                .put("algorithmFamily", "NOT-A-FAMILY");
        assertThat(V.validate(badCrypto).findings()).as("refs into cryptography-defs resolve offline").isNotEmpty();
        for (String v : new String[] {"1.2", "1.3", "1.4", "1.5", "1.6"}) {
            assertThat(V.validate(hbomAs(v)).schema()).isEqualTo("CycloneDX " + v);
        }
        assertThat(V.validate(hbomAs("1.8")).findings()).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("1.2-1.7 supported"));
        Sbom parsed = new SbomParser().parse(M.writeValueAsBytes(hbomAs("1.7")));
        assertThat(parsed.format()).isEqualTo("CycloneDX 1.7");
        assertThat(parsed.components()).isNotEmpty();
    }

    @Test
    void spdx3JsonLdIsRecognizedCheckedAndParsed() throws Exception {
        for (String f : new String[] {"sbom/spdx-spec-examples/spdx3-package_sbom.jsonld.json",
                "sbom/spdx-examples/ai/example02/spdx3.0/sbom.spdx3.json"}) {
            ValidationReport r = V.validate(M.readTree(TestFiles.bytes(f)));
            assertThat(r.kind()).as(f).isEqualTo(DocumentKind.SPDX);
            assertThat(r.schema()).as(f).startsWith("SPDX 3.0");
            assertThat(r.findings()).as(f).isEmpty();
        }
        Sbom pkg = new SbomParser().parse(TestFiles.bytes("sbom/spdx-spec-examples/spdx3-package_sbom.jsonld.json"));
        assertThat(pkg.format()).isEqualTo("SPDX-3.0.1");
        assertThat(pkg.components()).extracting(c -> c.name()).contains("my-package");
        assertThat(pkg.components()).filteredOn(c -> c.name().equals("my-package")).first()
                .satisfies(c -> assertThat(c.version()).isEqualTo("1.0.0"));
        Sbom ai = new SbomParser().parse(TestFiles.bytes("sbom/spdx-examples/ai/example02/spdx3.0/sbom.spdx3.json"));
        assertThat(ai.components()).isNotEmpty(); // ai_AIPackage and dataset_DatasetPackage are packages
        ObjectNode broken = (ObjectNode) M.readTree(TestFiles.bytes("sbom/spdx-spec-examples/spdx3-package_sbom.jsonld.json"));
        ((ObjectNode) broken.withArray("@graph").get(1)).remove("spdxId");
        assertThat(V.validate(broken).findings()).anySatisfy(x -> assertThat(x.message()).contains("without spdxId"));
    }
}
