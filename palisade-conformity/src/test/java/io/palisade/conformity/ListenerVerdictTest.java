package io.palisade.conformity;

import static org.assertj.core.api.Assertions.assertThat;

import io.palisade.conformity.assess.AssessmentRequest;
import io.palisade.conformity.assess.Assessor;
import io.palisade.conformity.assess.RequirementResult;
import io.palisade.conformity.evidence.Verdict;
import io.palisade.conformity.evidence.Facts.Listener;
import io.palisade.conformity.evidence.Facts.ListenerFacts;
import io.palisade.conformity.evidence.StaticPlatformFacts;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A plaintext listener fails transport encryption unless it is bound to the loopback interface only. */
class ListenerVerdictTest {
    static StaticPlatformFacts withListener(Listener extra) {
        StaticPlatformFacts f = Fleets.compliant();
        List<Listener> ls = new ArrayList<>(f.listeners().listeners());
        ls.add(extra);
        return new StaticPlatformFacts(f.now(), f.credentials(), f.credentialsByModel(), new ListenerFacts(ls, Fleets.p("listeners")),
                f.authorization(), f.defaultCredentials(), f.updateRepository(), f.models(), f.disclosure(), f.vulnHandling(), f.auditLog(),
                f.dataProtection(), f.sbom(), f.monitoring(), f.payloadValidation());
    }

    static List<RequirementResult> tlsResults(StaticPlatformFacts f) {
        return Assessor.withDefaults().assess(AssessmentRequest.of("consumer"), f, List.of()).results().stream()
                .filter(r -> r.evidence().stream().anyMatch(e -> e.collector().equals("tls-listeners"))).toList();
    }

    @Test
    void loopbackPlaintextPassesNetworkPlaintextFails() {
        List<RequirementResult> loopback = tlsResults(withListener(new Listener("local-http@127.0.0.1", "http", 8080, false, false, true, null, false, true)));
        assertThat(loopback).isNotEmpty().allSatisfy(r -> assertThat(r.verdict()).isNotEqualTo(Verdict.FAIL));
        assertThat(loopback).anySatisfy(r -> assertThat(r.verdict()).isEqualTo(Verdict.PASS));
        List<RequirementResult> network = tlsResults(withListener(new Listener("http@0.0.0.0", "http", 8080, false, false, true, null, false, false)));
        assertThat(network).isNotEmpty().allSatisfy(r -> assertThat(r.verdict()).isEqualTo(Verdict.FAIL));
        assertThat(network.get(0).reasons().toString()).contains("accepts plaintext");
    }
}
