package io.palisade.conformity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.palisade.conformity.catalog.Catalog;
import io.palisade.conformity.catalog.Crosswalk;
import io.palisade.conformity.catalog.EvidenceKind;
import io.palisade.conformity.catalog.ProfileDefinition;
import io.palisade.conformity.catalog.Requirement;
import io.palisade.conformity.catalog.RequirementStatus;
import io.palisade.conformity.evidence.CollectorRegistry;
import io.palisade.core.PalisadeException;
import io.palisade.core.device.RiskProfile;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class CatalogIntegrityTest {
    static final Catalog CATALOG = Catalog.loadDefault();

    @Test
    void idsAreUniqueAndWellFormed() {
        Set<String> ids = new HashSet<>();
        for (Requirement r : CATALOG.requirements()) {
            assertThat(ids.add(r.id())).as(r.id()).isTrue();
            assertThat(r.oscalId()).matches("^[A-Za-z_][A-Za-z0-9._-]*$");
            assertThat(r.text()).doesNotContain("\n").hasSizeLessThan(200);
        }
        assertThat(CATALOG.version()).isEqualTo("2026.11.0");
    }

    @Test
    void standardsHaveTheirStructure() {
        assertThat(CATALOG.findStandard("nistir-8259a").orElseThrow().categories()).hasSize(6);
        assertThat(CATALOG.findStandard("nistir-8259b").orElseThrow().categories()).hasSize(4);
        assertThat(CATALOG.findStandard("iec-62443-4-2").orElseThrow().categories()).extracting(c -> c.id())
                .containsExactly("FR1", "FR2", "FR3", "FR4", "FR5", "FR6", "FR7");
        assertThat(CATALOG.get("etsi-en-303-645:5.1-1").status()).isEqualTo(RequirementStatus.M_C);
        assertThat(CATALOG.get("etsi-en-303-645:5.1-1").condition()).contains("passwords");
        assertThat(CATALOG.get("etsi-en-303-645:5.3-13").status()).isEqualTo(RequirementStatus.M);
        assertThat(CATALOG.get("etsi-en-303-645:5.7-1").evidence()).isEqualTo(EvidenceKind.ATTESTATION);
        long etsi = CATALOG.requirements().stream().filter(r -> r.standard().equals("etsi-en-303-645")).count();
        assertThat(etsi).isGreaterThan(65);
        assertThat(CATALOG.requirements().stream().filter(r -> r.standard().equals("cra")).map(Requirement::localId))
                .contains("annex-i-part-i-1", "annex-i-part-i-2a", "annex-i-part-i-2m", "annex-i-part-ii-1", "annex-i-part-ii-8",
                        "art-14.exploited-early-warning", "art-14.exploited-notification", "art-14.exploited-final-report");
    }

    @Test
    void pstiDeemedComplianceMapsToTheFourEtsiProvisionsOrIso29147() {
        // Schedule 2 para. 2(2)(b): ISO/IEC 29147 6.2.2, 6.2.5 and 6.5 are an alternative to ETSI 5.2-1 (was missing)
        Set<String> targets = CATALOG.crosswalks().stream()
                .filter(x -> x.relation() == Crosswalk.Relation.DEEMED_COMPLIANCE).map(Crosswalk::target).collect(Collectors.toSet());
        assertThat(targets).containsExactlyInAnyOrder("etsi-en-303-645:5.1-1", "etsi-en-303-645:5.1-2",
                "etsi-en-303-645:5.2-1", "etsi-en-303-645:5.3-13", "iso-iec-29147:6.2.2", "iso-iec-29147:6.2.5",
                "iso-iec-29147:6.5");
    }

    @Test
    void everyCrosswalkEndExists() {
        for (Crosswalk x : CATALOG.crosswalks()) {
            assertThat(CATALOG.find(x.source())).as(x.source()).isPresent();
            assertThat(CATALOG.find(x.target())).as(x.target()).isPresent();
        }
        assertThat(CATALOG.crosswalks()).hasSizeGreaterThan(50);
    }

    @Test
    void everyProfileRequirementHasACollectorOrIsAttestationOnly() {
        Set<String> collectors = CollectorRegistry.builtIn().ids();
        for (ProfileDefinition p : CATALOG.profiles()) {
            List<Requirement> sel = CATALOG.select(p, null);
            assertThat(sel).as(p.id()).isNotEmpty();
            for (Requirement r : sel) {
                if (r.evidence() == EvidenceKind.ATTESTATION) {
                    assertThat(r.collector()).as(r.id()).isNull();
                } else {
                    assertThat(collectors).as(r.id()).contains(r.collector());
                }
            }
        }
        assertThat(CATALOG.profiles()).extracting(ProfileDefinition::id)
                .containsExactly("consumer", "enterprise", "industrial", "critical-infrastructure");
        for (RiskProfile rp : RiskProfile.values()) {
            assertThat(CATALOG.profile(rp).parameters().maxCertificateLifetimeDays())
                    .isEqualTo((int) rp.certificateValidity().toDays());
        }
    }

    static Catalog loadPatched(String file, UnaryOperator<String> patch) {
        return Catalog.load(name -> {
            var in = Catalog.class.getResourceAsStream("/io/palisade/conformity/catalog/" + name);
            if (in == null || !name.equals(file)) {
                return in;
            }
            String s = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new ByteArrayInputStream(patch.apply(s).getBytes(StandardCharsets.UTF_8));
        });
    }

    @Test
    void brokenCatalogsAreRejectedAtLoad() {
        assertThatThrownBy(() -> loadPatched("uk-psti.json", s -> s.replace("\"id\": \"vulnerability-disclosure\"", "\"id\": \"passwords\"")))
                .isInstanceOf(PalisadeException.class).hasMessageContaining("duplicate requirement id uk-psti:passwords");
        assertThatThrownBy(() -> loadPatched("crosswalks.json", s -> s.replace("etsi-en-303-645:5.1-2", "etsi-en-303-645:9.9-9")))
                .hasMessageContaining("crosswalk names unknown requirement etsi-en-303-645:9.9-9");
        assertThatThrownBy(() -> loadPatched("uk-psti.json", s -> s.replaceFirst("\"status\": \"M\"", "\"status\": \"X\"")))
                .hasMessageContaining("unknown requirement status 'X'");
        assertThatThrownBy(() -> loadPatched("profiles.json", s -> s.replaceFirst("\"uk-psti\"", "\"uk-nope\"")))
                .hasMessageContaining("unknown standard uk-nope");
        assertThatThrownBy(() -> loadPatched("uk-psti.json", s -> s.replaceFirst("\"collector\": \"psti-passwords\"", "\"collector\": null")))
                .hasMessageContaining("collector is required");
        assertThatThrownBy(() -> loadPatched("index.json", s -> s.replace("uk-psti.json", "../etc/passwd.json")))
                .hasMessageContaining("invalid catalog file name");
        Catalog unknownCollector = loadPatched("uk-psti.json", s -> s.replaceFirst("\"collector\": \"psti-passwords\"", "\"collector\": \"telepathy\""));
        assertThatThrownBy(() -> unknownCollector.requireCollectors(CollectorRegistry.builtIn().ids()))
                .hasMessageContaining("telepathy");
    }
}
