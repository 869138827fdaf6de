package io.palisade.conformity;

import static org.assertj.core.api.Assertions.assertThat;

import io.palisade.conformity.catalog.Catalog;
import io.palisade.conformity.catalog.Crosswalk;
import io.palisade.conformity.catalog.Requirement;
import io.palisade.conformity.catalog.RequirementStatus;
import io.palisade.conformity.catalog.Standard;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each catalog file names its source and matches, id for id and status for status, a list kept in test resources. */
class CatalogSourcesTest {
    static final Catalog CATALOG = Catalog.loadDefault();

    static Map<String, String> list(String file) throws IOException {
        try (InputStream in = CatalogSourcesTest.class.getResourceAsStream("/catalog-sources/" + file)) {
            assertThat(in).as(file).isNotNull();
            Map<String, String> m = new LinkedHashMap<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t");
                assertThat(m.put(f[0], f[1])).as("duplicate " + f[0]).isNull();
            }
            return m;
        }
    }

    @ParameterizedTest
    @CsvSource({"etsi-en-303-645, etsi-en-303-645-v2.1.1.tsv", "etsi-en-303-645-v3, etsi-en-303-645-v3.1.3.tsv",
            "cra, cra.tsv", "uk-psti, uk-psti.tsv", "iso-iec-29147, iso-iec-29147.tsv", "nistir-8259a, nistir-8259a.tsv",
            "nistir-8259b, nistir-8259b.tsv", "nist-ir-8425, nist-ir-8425.tsv", "cta-2088-a, cta-2088-a.tsv",
            "iec-62443-4-2, iec-62443-4-2.tsv"})
    void catalogMatchesItsSourceList(String standard, String file) throws IOException {
        Map<String, String> expected = list(file);
        Map<String, String> actual = new LinkedHashMap<>();
        CATALOG.requirements().stream().filter(r -> r.standard().equals(standard))
                .forEach(r -> actual.put(r.localId(), r.statusLabel()));
        assertThat(actual).containsExactlyEntriesOf(expected);
        Standard s = CATALOG.findStandard(standard).orElseThrow();
        assertThat(s.source()).isNotNull();
        assertThat(s.source().document()).isNotBlank();
        assertThat(s.source().version()).isNotBlank();
        assertThat(s.source().clause()).isNotBlank();
    }

    @Test
    void etsiV2AndV3AreSeparateVersionedCatalogs() {
        Standard v2 = CATALOG.findStandard("etsi-en-303-645").orElseThrow();
        Standard v3 = CATALOG.findStandard("etsi-en-303-645-v3").orElseThrow();
        assertThat(v2.version()).startsWith("V2.1.1");
        assertThat(v3.version()).startsWith("V3.1.3");
        assertThat(CATALOG.findStandard("etsi-en-303-645-v2")).contains(v2);
        // the V2.1.1 reporting provision is 4-1; 5.0-1 is its V3 number (the old catalog mixed them): alias kept
        assertThat(CATALOG.get("etsi-en-303-645:4-1").category()).isEqualTo("4");
        assertThat(CATALOG.get("etsi-en-303-645:5.0-1").id()).isEqualTo("etsi-en-303-645:4-1");
        assertThat(CATALOG.get("etsi-en-303-645-v2:5.1-1").id()).isEqualTo("etsi-en-303-645:5.1-1");
        assertThat(CATALOG.get("etsi-en-303-645-v3:5.0-1").status()).isEqualTo(RequirementStatus.M);
        // a "shall" provision: mandatory (was R)
        assertThat(CATALOG.get("etsi-en-303-645:5.8-2").status()).isEqualTo(RequirementStatus.M);
        // incomplete / wrong condition numbers fixed
        assertThat(CATALOG.get("etsi-en-303-645:5.3-6").statusLabel()).isEqualTo("R C (9, 12)");
        assertThat(CATALOG.get("etsi-en-303-645:5.3-10").statusLabel()).isEqualTo("M C (11, 12)");
        assertThat(CATALOG.get("etsi-en-303-645:5.3-2").statusLabel()).isEqualTo("M C (5)");
        assertThat(CATALOG.get("etsi-en-303-645:5.6-4").statusLabel()).isEqualTo("M C (13)");
        // V3 features
        assertThat(CATALOG.get("etsi-en-303-645-v3:5.1-5").statusLabel()).isEqualTo("M C F (14, e)");
        assertThat(CATALOG.get("etsi-en-303-645-v3:5.1-5").status().conditional()).isTrue();
        // paraphrase keeps the scope: V2.1.1 5.3-14/15 are about constrained devices that cannot be updated
        assertThat(CATALOG.get("etsi-en-303-645:5.3-14").text()).contains("constrained devices");
        assertThat(CATALOG.get("etsi-en-303-645:5.3-15").text()).contains("constrained devices");
    }

    @Test
    void everyV2ProvisionHasAV3Counterpart() {
        Set<String> linked = CATALOG.crosswalks().stream()
                .filter(x -> x.source().startsWith("etsi-en-303-645:") && x.target().startsWith("etsi-en-303-645-v3:"))
                .map(Crosswalk::source).collect(Collectors.toSet());
        for (Requirement r : CATALOG.requirements()) {
            if (r.standard().equals("etsi-en-303-645")) {
                assertThat(linked).as(r.id()).contains(r.id());
            }
        }
        assertThat(CATALOG.crosswalks()).anySatisfy(x -> {
            assertThat(x.source()).isEqualTo("etsi-en-303-645:5.3-4");
            assertThat(x.target()).isEqualTo("etsi-en-303-645-v3:5.3-4B");
        });
    }

    @Test
    void crosswalksDoNotLinkDifferentThings() {
        Set<String> pairs = CATALOG.crosswalks().stream().map(x -> x.source() + " -> " + x.target()).collect(Collectors.toSet());
        // a per-device physical identifier is not a model designation
        assertThat(pairs).doesNotContain("nistir-8259a:1.2 -> etsi-en-303-645:5.3-16");
        // a device reporting its own state is not the manufacturer examining telemetry
        assertThat(pairs).doesNotContain("nistir-8259a:6.1 -> etsi-en-303-645:5.10-1");
        assertThat(pairs).contains("nistir-8259a:5.2 -> etsi-en-303-645:5.3-9", "etsi-en-303-645:5.2-1 -> cra:annex-i-part-ii-5",
                "etsi-en-303-645:5.2-1 -> cra:annex-i-part-ii-6");
    }

    @Test
    void craUsesAnnexIPartNaming() {
        assertThat(CATALOG.requirements().stream().filter(r -> r.standard().equals("cra")).map(Requirement::localId))
                .noneMatch(id -> id.startsWith("annex-ii"));
        assertThat(CATALOG.get("cra:annex-i-part-i-2a").status().conditional()).isTrue();
        assertThat(CATALOG.get("cra:annex-i-part-i-1").status().conditional()).isFalse();
        assertThat(CATALOG.get("cra:annex-i-part-ii-1").text()).contains("top-level dependencies");
    }

    @Test
    void nistir8259aDescribesAbilitiesNotStates() {
        assertThat(CATALOG.get("nistir-8259a:4.3").text()).contains("thresholds").doesNotContain("locked out");
        assertThat(CATALOG.get("nistir-8259a:2.3").text()).contains("ability").contains("secure configuration")
                .doesNotContain("default");
        for (String id : new String[] {"2.1", "2.2", "3.2", "4.1", "5.2", "5.5", "6.1", "6.2", "6.5"}) {
            assertThat(CATALOG.get("nistir-8259a:" + id).text()).as(id).contains("ability");
        }
    }
}
