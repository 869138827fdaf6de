package io.palisade.mud.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.palisade.mud.MudException;
import io.palisade.mud.model.MudProfile;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * The compiled policy gives exactly the verdict (decision, ACL, ACE, direction) of the plain ACE-by-ACE reference
 * evaluation, on randomized profiles, sites, DNS answers, extra deny rules and flows.
 */
class CompiledVsReferencePropertyTest {
    private static final Map<String, Integer> OUTCOMES = new TreeMap<>();

    @Property(tries = 400)
    void compiledVerdictEqualsReference(@ForAll long seed) throws MudException {
        RandomPolicies g = new RandomPolicies(seed);
        MudProfile profile = g.profile();
        SiteContext site = g.site();
        DnsCache dns = new DnsCache(Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC));
        g.fill(dns);
        List<DenyRule> denies = g.denies();
        CompiledPolicy compiled = MudCompiler.compile(profile, g.device, site, dns, denies);
        NaiveEvaluator reference = new NaiveEvaluator(profile, g.device, site, dns, denies);
        for (int i = 0; i < 60; i++) {
            Flow f = g.flow();
            Verdict expected = reference.evaluate(f);
            assertThat(compiled.evaluate(f)).as("seed %d flow %s", seed, f).isEqualTo(expected);
            synchronized (OUTCOMES) {
                OUTCOMES.merge(expected.isDefaultDeny() ? "default-deny" : expected.acl().startsWith("vpatch:")
                        ? "vpatch" : expected.decision().lowerCase(), 1, Integer::sum);
            }
        }
    }

    /** The generator must exercise every kind of outcome, or the property proves little. */
    @AfterContainer
    static void outcomesAreVaried() {
        assertThat(OUTCOMES.keySet()).containsExactlyInAnyOrder("allow", "deny", "default-deny", "vpatch");
        assertThat(OUTCOMES.values()).allSatisfy(n -> assertThat(n).isGreaterThan(100));
    }
}
