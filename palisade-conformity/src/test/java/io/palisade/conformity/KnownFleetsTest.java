package io.palisade.conformity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.palisade.conformity.assess.AssessmentRequest;
import io.palisade.conformity.assess.AssessmentResult;
import io.palisade.conformity.assess.Assessor;
import io.palisade.conformity.assess.Basis;
import io.palisade.conformity.assess.RequirementResult;
import io.palisade.conformity.attest.Attestation;
import io.palisade.conformity.evidence.PlatformFacts;
import io.palisade.conformity.evidence.Verdict;
import io.palisade.core.PalisadeException;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class KnownFleetsTest {
    static final Assessor ASSESSOR = Assessor.withDefaults();

    static AssessmentResult assess(PlatformFacts f, List<Attestation> a) {
        return ASSESSOR.assess(AssessmentRequest.of("consumer"), f, a);
    }

    static RequirementResult r(AssessmentResult res, String id) {
        return res.find(id).orElseThrow(() -> new AssertionError("not assessed: " + id));
    }

    @Test
    void compliantFleetHasNoObservedFailure() {
        AssessmentResult res = assess(Fleets.compliant(), List.of());
        assertThat(res.withVerdict(Verdict.FAIL)).isEmpty();
        RequirementResult uniq = r(res, "etsi-en-303-645:5.4-4");
        assertThat(uniq.verdict()).isEqualTo(Verdict.PASS);
        assertThat(uniq.basis()).isEqualTo(Basis.OBSERVED);
        assertThat(uniq.evidence()).singleElement().satisfies(e -> {
            assertThat(e.collector()).isEqualTo("credential-uniqueness");
            assertThat(e.checkedAt()).isEqualTo(Fleets.NOW);
            assertThat(e.values()).containsEntry("devices", "1000000").containsEntry("sharedKeyGroups", "0");
            assertThat(e.recheck()).contains("credentials");
        });
        assertThat(r(res, "etsi-en-303-645:5.7-1").verdict()).isEqualTo(Verdict.NEEDS_ATTESTATION);
        assertThat(res.totals().total()).isEqualTo(res.results().size());
        assertThat(res.categories()).isNotEmpty();
    }

    @Test
    void sharedPublicKeyFailsUniqueness() {
        AssessmentResult res = assess(Fleets.sharedKey(), List.of());
        for (String id : List.of("etsi-en-303-645:5.4-4", "nistir-8259a:1.1", "cta-2088-a:5.1")) {
            RequirementResult x = r(res, id);
            assertThat(x.verdict()).as(id).isEqualTo(Verdict.FAIL);
            assertThat(x.reasons().get(0)).contains("1 public key(s) shared by 2 devices").contains("cam-000001");
            assertThat(x.evidence().get(0).values()).containsEntry("sharedKeyGroups", "1")
                    .containsKey("sharedKey[0]");
        }
        assertThat(r(res, "etsi-en-303-645:5.3-13").verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void modelPastSupportPeriodFails() {
        AssessmentResult res = assess(Fleets.pastSupport(), List.of());
        for (String id : List.of("etsi-en-303-645:5.3-13", "uk-psti:support-period", "cra:art-13.support-period")) {
            RequirementResult x = r(res, id);
            assertThat(x.verdict()).as(id).isEqualTo(Verdict.FAIL);
            assertThat(x.reasons()).anySatisfy(s -> assertThat(s).contains("cam-1 is past its support period (ended 2025-06)"));
            assertThat(x.evidence().get(0).values()).containsKey("model.cam-1");
        }
        AssessmentResult onlyCam3 = ASSESSOR.assess(new AssessmentRequest("consumer", Optional.empty(), Optional.of("cam-3")),
                Fleets.pastSupport(), List.of());
        assertThat(r(onlyCam3, "etsi-en-303-645:5.3-13").verdict()).isEqualTo(Verdict.PASS);
        assertThat(onlyCam3.model()).isEqualTo("cam-3");
    }

    @Test
    void missingDisclosurePolicyFails() {
        AssessmentResult res = assess(Fleets.noDisclosurePolicy(), List.of());
        RequirementResult x = r(res, "etsi-en-303-645:5.2-1");
        assertThat(x.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(x.reasons()).contains("no vulnerability disclosure policy is published");
        assertThat(x.evidence().get(0).values()).containsEntry("policyPublished", "false");
        assertThat(r(res, "uk-psti:vulnerability-disclosure").verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r(res, "cra:annex-i-part-ii-5").verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r(res, "cra:annex-i-part-ii-6").verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void expiredSecurityTxtFails() {
        AssessmentResult res = assess(Fleets.expiredSecurityTxt(), List.of());
        RequirementResult x = r(res, "cra:annex-i-part-ii-6");
        assertThat(x.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(x.reasons()).containsExactly("security.txt expired at 2026-10-01T00:00:00Z");
        assertThat(x.evidence().get(0).values()).containsEntry("expires", "2026-10-01T00:00:00Z");
        assertThat(r(res, "etsi-en-303-645:5.2-1").verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void staleUpdateRepositoryFails() {
        AssessmentResult res = assess(Fleets.staleUpdateRepository(), List.of());
        for (String id : List.of("etsi-en-303-645:5.3-2", "etsi-en-303-645:5.3-10", "cra:annex-i-part-ii-7", "nistir-8259a:5.2")) {
            RequirementResult x = r(res, id);
            assertThat(x.verdict()).as(id).isEqualTo(Verdict.FAIL);
            assertThat(x.reasons()).anySatisfy(s -> assertThat(s).contains("timestamp metadata expired").contains("stale"));
            assertThat(x.evidence().get(0).values()).containsEntry("timestampExpires", "2026-11-20T00:00:00Z");
        }
    }

    @Test
    void stricterProfileFailsWhatConsumerPasses() {
        AssessmentResult res = ASSESSOR.assess(AssessmentRequest.of("critical-infrastructure"), Fleets.compliant(), List.of());
        RequirementResult x = r(res, "iec-62443-4-2:CR1.2");
        assertThat(x.verdict()).isEqualTo(Verdict.PASS);
        RequirementResult life = res.results().stream().filter(y -> y.evidence().stream()
                .anyMatch(e -> e.collector().equals("certificate-lifetime"))).findFirst().orElseThrow();
        assertThat(life.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(life.reasons().get(0)).contains("365 days exceeds the profile maximum of 90 days");
    }

    @Test
    void attestationsAreSelfAttestedAndExpire() {
        Attestation valid = new Attestation("etsi-en-303-645:5.7-1", Attestation.Claim.IMPLEMENTED, "J. Doe, ACME PSIRT",
                "secure boot verifies every stage", LocalDate.of(2026, 1, 1), LocalDate.of(2027, 1, 1), null);
        Attestation expired = new Attestation("etsi-en-303-645:5.6-9", Attestation.Claim.IMPLEMENTED, "J. Doe",
                "SDL per ISO/IEC 27034", LocalDate.of(2024, 1, 1), LocalDate.of(2025, 1, 1), null);
        Attestation mixed = new Attestation("etsi-en-303-645:5.4-1", Attestation.Claim.IMPLEMENTED, "J. Doe",
                "device keys in secure element", LocalDate.of(2026, 1, 1), LocalDate.of(2027, 1, 1), null);
        Attestation badNa = new Attestation("etsi-en-303-645:5.3-16", Attestation.Claim.NOT_APPLICABLE, "J. Doe",
                "no label", LocalDate.of(2026, 1, 1), LocalDate.of(2027, 1, 1), null);
        AssessmentResult res = assess(Fleets.compliant(), List.of(valid, expired, mixed, badNa));
        RequirementResult v = r(res, "etsi-en-303-645:5.7-1");
        assertThat(v.verdict()).isEqualTo(Verdict.PASS);
        assertThat(v.basis()).isEqualTo(Basis.SELF_ATTESTED);
        assertThat(v.selfAttested()).isTrue();
        RequirementResult e = r(res, "etsi-en-303-645:5.6-9");
        assertThat(e.verdict()).isEqualTo(Verdict.NEEDS_ATTESTATION);
        assertThat(e.reasons()).anySatisfy(s -> assertThat(s).contains("attestation expired on 2025-01-01"));
        RequirementResult m = r(res, "etsi-en-303-645:5.4-1");
        assertThat(m.verdict()).isEqualTo(Verdict.PASS);
        assertThat(m.basis()).isEqualTo(Basis.OBSERVED_AND_SELF_ATTESTED);
        assertThat(m.evidence()).isNotEmpty();
        assertThat(r(res, "etsi-en-303-645:5.3-16").verdict()).isEqualTo(Verdict.NEEDS_ATTESTATION);
        assertThat(res.warnings()).anySatisfy(w -> assertThat(w).contains("5.6-9").contains("expired"));
        assertThat(res.totals().selfAttested()).isEqualTo(2);
    }

    @Test
    void filtersAndBadRequests() {
        AssessmentResult psti = ASSESSOR.assess(new AssessmentRequest("consumer", Optional.of("uk-psti"), Optional.empty()),
                Fleets.compliant(), List.of());
        assertThat(psti.results()).extracting(RequirementResult::requirementId)
                .containsExactly("uk-psti:passwords", "uk-psti:vulnerability-disclosure", "uk-psti:support-period");
        assertThat(psti.withVerdict(Verdict.PASS)).hasSize(3);
        assertThatThrownBy(() -> ASSESSOR.assess(new AssessmentRequest("consumer", Optional.of("nope"), Optional.empty()),
                Fleets.compliant(), List.of())).isInstanceOf(PalisadeException.class).hasMessageContaining("unknown standard");
        assertThatThrownBy(() -> ASSESSOR.assess(new AssessmentRequest("industrial", Optional.of("uk-psti"), Optional.empty()),
                Fleets.compliant(), List.of())).hasMessageContaining("not part of profile");
        assertThatThrownBy(() -> ASSESSOR.assess(new AssessmentRequest("consumer", Optional.empty(), Optional.of("toaster")),
                Fleets.compliant(), List.of())).hasMessageContaining("unknown model");
        assertThatThrownBy(() -> ASSESSOR.assess(AssessmentRequest.of("hobby"), Fleets.compliant(), List.of()))
                .hasMessageContaining("unknown profile");
        assertThat(ASSESSOR.assess(AssessmentRequest.of("critical"), Fleets.compliant(), List.of()).profile())
                .isEqualTo("critical-infrastructure");
    }

    @Test
    void collectorThatThrowsFailsClosed() {
        PlatformFacts real = Fleets.compliant();
        PlatformFacts broken = (PlatformFacts) java.lang.reflect.Proxy.newProxyInstance(PlatformFacts.class.getClassLoader(),
                new Class<?>[] {PlatformFacts.class}, (proxy, method, args) -> {
                    if (method.getName().equals("auditLog")) {
                        throw new IllegalStateException("db down");
                    }
                    return method.invoke(real, args);
                });
        AssessmentResult res = assess(broken, List.of());
        RequirementResult x = r(res, "cra:annex-i-part-i-2l");
        assertThat(x.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(x.reasons()).anySatisfy(s -> assertThat(s).contains("evidence could not be collected"));
    }
}
