package io.palisade.conformity;

import static org.assertj.core.api.Assertions.assertThat;

import io.palisade.conformity.assess.AssessmentRequest;
import io.palisade.conformity.assess.AssessmentResult;
import io.palisade.conformity.attest.Attestation;
import io.palisade.conformity.catalog.Catalog;
import io.palisade.conformity.evidence.Verdict;
import io.palisade.conformity.procurement.ProcurementCheck;
import io.palisade.conformity.procurement.VendorDeclaration;
import io.palisade.conformity.procurement.VendorDeclaration.Entry;
import io.palisade.conformity.procurement.VendorDeclaration.Status;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeemedComplianceAndNotApplicableTest {
    static final Catalog CATALOG = Catalog.loadDefault();

    static ProcurementCheck.Report psti(Entry... entries) {
        return ProcurementCheck.score(CATALOG, new VendorDeclaration("v", "p", LocalDate.of(2026, 10, 1), List.of(entries)),
                "consumer", "uk-psti");
    }

    static boolean gap(ProcurementCheck.Report r, String id) {
        return r.gaps().stream().anyMatch(g -> g.requirementId().equals(id));
    }

    @Test
    void deviceWithoutPreinstalledPasswordsKeepsDeemedCompliance() {
        // Schedule 2 para. 1: 5.1-1 and, where relevant, 5.1-2; no pre-installed passwords -> 5.1-2 not relevant
        var r = psti(new Entry("etsi-en-303-645:5.1-1", Status.MET, null, null),
                new Entry("etsi-en-303-645:5.1-2", Status.NOT_APPLICABLE, "no pre-installed passwords: set by the user at setup", null));
        assertThat(gap(r, "uk-psti:passwords")).isFalse();
        // not relevant without a reason: not deemed
        var noReason = psti(new Entry("etsi-en-303-645:5.1-1", Status.MET, null, null),
                new Entry("etsi-en-303-645:5.1-2", Status.NOT_APPLICABLE, null, null));
        assertThat(gap(noReason, "uk-psti:passwords")).isTrue();
        // 5.1-1 alone is not enough when 5.1-2 is not addressed at all
        assertThat(gap(psti(new Entry("etsi-en-303-645:5.1-1", Status.MET, null, null)), "uk-psti:passwords")).isTrue();
        // 5.1-2 not applicable never replaces 5.1-1
        assertThat(gap(psti(new Entry("etsi-en-303-645:5.1-2", Status.NOT_APPLICABLE, "none", null)), "uk-psti:passwords")).isTrue();
    }

    @Test
    void iso29147IsAnAlternativeRouteForReporting() {
        var iso = psti(new Entry("iso-iec-29147:6.2.2", Status.MET, null, null), new Entry("iso-iec-29147:6.2.5", Status.MET, null, null),
                new Entry("iso-iec-29147:6.5", Status.MET, null, null));
        assertThat(gap(iso, "uk-psti:vulnerability-disclosure")).isFalse();
        var partial = psti(new Entry("iso-iec-29147:6.2.2", Status.MET, null, null), new Entry("iso-iec-29147:6.2.5", Status.MET, null, null));
        assertThat(gap(partial, "uk-psti:vulnerability-disclosure")).isTrue();
        var etsi = psti(new Entry("etsi-en-303-645:5.2-1", Status.MET, null, null));
        assertThat(gap(etsi, "uk-psti:vulnerability-disclosure")).isFalse();
    }

    @Test
    void pstiPasswordCheckIgnoresApiKeys() {
        // the per-install API token is an API key, not a password (Schedule 1 para. 1(4)(c))
        var facts = Fleets.compliant();
        AssessmentResult res = KnownFleetsTest.ASSESSOR.assess(AssessmentRequest.of("consumer"), facts, List.of());
        var x = res.find("uk-psti:passwords").orElseThrow();
        assertThat(x.verdict()).isEqualTo(Verdict.PASS);
        assertThat(x.evidence().get(0).values()).containsKey("scope");
    }

    @Test
    void craPartIPoint2CanBeDeclaredNotApplicableWithAReason() {
        Attestation na = new Attestation("cra:annex-i-part-i-2i", Attestation.Claim.NOT_APPLICABLE, "ACME PSIRT",
                "risk assessment RA-7: the product has no network function affecting other devices", LocalDate.of(2026, 1, 1),
                LocalDate.of(2027, 12, 31), null);
        AssessmentResult res = KnownFleetsTest.ASSESSOR.assess(AssessmentRequest.of("consumer"), Fleets.compliant(), List.of(na));
        var x = res.find("cra:annex-i-part-i-2i").orElseThrow();
        assertThat(x.verdict()).isEqualTo(Verdict.NOT_APPLICABLE);
        assertThat(x.reasons()).anySatisfy(s -> assertThat(s).contains("RA-7"));
        assertThat(x.standardVersion()).isNotBlank();
        // Part I (1) is unconditional: not applicable is refused
        Attestation bad = new Attestation("cra:annex-i-part-i-1", Attestation.Claim.NOT_APPLICABLE, "ACME", "no", LocalDate.of(2026, 1, 1),
                LocalDate.of(2027, 12, 31), null);
        AssessmentResult res2 = KnownFleetsTest.ASSESSOR.assess(AssessmentRequest.of("consumer"), Fleets.compliant(), List.of(bad));
        assertThat(res2.find("cra:annex-i-part-i-1").orElseThrow().verdict()).isEqualTo(Verdict.NEEDS_ATTESTATION);
    }

    @Test
    void reportsNameTheStandardVersion() {
        AssessmentResult res = KnownFleetsTest.ASSESSOR.assess(AssessmentRequest.of("consumer"), Fleets.compliant(), List.of());
        assertThat(res.find("etsi-en-303-645:5.1-1").orElseThrow().standardVersion()).isEqualTo("V2.1.1 (2020-06)");
        assertThat(io.palisade.conformity.report.HtmlReport.render(res)).contains("etsi-en-303-645 V2.1.1 (2020-06)");
    }
}
