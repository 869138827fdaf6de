package io.palisade.vuln.sbom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.palisade.core.PalisadeException;
import io.palisade.vuln.TestFiles;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class SbomParserTest {
    final SbomParser parser = new SbomParser();

    @Test
    void cycloneDxDropwizard() {
        Sbom s = parser.parse(TestFiles.bytes("sbom/cyclonedx-bom-examples/SBOM/dropwizard-1.3.15/bom.json"));
        assertThat(s.format()).isEqualTo("CycloneDX 1.2");
        assertThat(s.components()).hasSizeGreaterThanOrEqualTo(167);
        Component c = s.components().get(0);
        assertThat(c.name()).isEqualTo("jackson-annotations");
        assertThat(c.version()).isEqualTo("2.9.10");
        assertThat(c.purl()).startsWith("pkg:maven/com.fasterxml.jackson.core/jackson-annotations@2.9.10");
    }

    @Test
    void cycloneDxOtherVersions() {
        for (String f : new String[] {"sbom/cyclonedx-bom-examples/SBOM/laravel-7.12.0/bom.1.4.json",
                "sbom/cyclonedx-bom-examples/HBOM/PCIe-SATA-adapter-board/bom.json",
                "sbom/cyclonedx-bom-examples/SBOM/proton-bridge/proton-bridge-v1.8.0.bom.json"}) {
            assertThat(parser.parse(TestFiles.bytes(f)).components()).as(f).isNotEmpty();
        }
    }

    @Test
    void spdxExample() {
        Sbom s = parser.parse(TestFiles.bytes("sbom/spdx-spec-examples/SPDXJSONExample-v2.3.spdx.json"));
        assertThat(s.format()).isEqualTo("SPDX-2.3");
        Component glibc = s.components().stream().filter(c -> c.name().equals("glibc")).findFirst().orElseThrow();
        assertThat(glibc.version()).isEqualTo("2.11.1");
        assertThat(glibc.cpe()).startsWith("cpe:2.3:a:");
        assertThat(glibc.supplier()).startsWith("Jane Doe");
        assertThat(s.components()).anyMatch(c -> c.name().equals("Jena") && c.purl() != null);
        assertThat(parser.parse(TestFiles.bytes("sbom/spdx-examples/software/example8/spdx2.3/examplemaven-0.0.1.spdx.json"))
                .components()).isNotEmpty();
    }

    @Test
    void limits() {
        StringBuilder many = new StringBuilder("{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"components\":[");
        for (int i = 0; i <= SbomParser.MAX_COMPONENTS; i++) {
            many.append(i == 0 ? "" : ",").append("{\"name\":\"c\"}");
        }
        many.append("]}");
        assertThatThrownBy(() -> parser.parse(many.toString().getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(PalisadeException.class).hasMessageContaining("components");
        assertThatThrownBy(() -> parser.parse("{\"x\":1}".getBytes(StandardCharsets.UTF_8))).isInstanceOf(PalisadeException.class);
        String nested = "{\"bomFormat\":\"CycloneDX\",\"components\":[" + "{\"name\":\"n\",\"components\":[".repeat(25) + "]}".repeat(25) + "]}";
        assertThatThrownBy(() -> parser.parse(nested.getBytes(StandardCharsets.UTF_8))).isInstanceOf(PalisadeException.class);
    }

    @Property(tries = 200)
    void arbitraryInputFailsCleanly(@ForAll @StringLength(max = 300) String s) {
        for (String doc : new String[] {s, "{\"bomFormat\":\"CycloneDX\",\"components\":[{\"name\":" + s + "}]}",
                "{\"spdxVersion\":\"SPDX-2.3\",\"packages\":[" + s + "]}"}) {
            try {
                parser.parse(doc.getBytes(StandardCharsets.UTF_8));
            } catch (PalisadeException e) {
                assertThat(e.getMessage()).isNotBlank();
            }
        }
    }
}
