package io.palisade.mud.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.palisade.mud.model.Direction;
import io.palisade.mud.model.MudProfile;
import io.palisade.mud.net.IpAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SyntheticProfilesTest {
    @Test
    void deterministicVariedAndCompiledEqualsNaive() throws Exception {
        List<MudProfile> profiles = SyntheticProfiles.generate(30, 42);
        assertThat(SyntheticProfiles.generate(30, 42)).isEqualTo(profiles);
        assertThat(profiles).extracting(MudProfile::mudUrl).doesNotHaveDuplicates();
        Set<Integer> sizes = new HashSet<>();
        profiles.forEach(p -> sizes.add(p.policy(Direction.FROM_DEVICE).get(0).aces().size()));
        assertThat(sizes).hasSizeGreaterThan(5);
        DnsCache dns = DnsCache.systemClock();
        SyntheticProfiles.fillDns(profiles, dns);
        SiteContext site = SyntheticProfiles.site();
        int allowed = 0;
        int total = 0;
        for (int i = 0; i < profiles.size(); i++) {
            IpAddress device = SyntheticProfiles.deviceAddress(i * 333);
            CompiledPolicy compiled = MudCompiler.compile(profiles.get(i), device, site, dns);
            assertThat(compiled.warnings()).isEmpty();
            NaiveEvaluator naive = new NaiveEvaluator(profiles.get(i), device, site, dns);
            for (Flow f : SyntheticProfiles.flows(i, device, 200, i)) {
                Verdict v = compiled.evaluate(f);
                assertThat(v).isEqualTo(naive.evaluate(f));
                allowed += v.allowed() ? 1 : 0;
                total++;
            }
        }
        assertThat(allowed).isBetween(total / 4, total * 3 / 4);
        assertThat(SyntheticProfiles.deviceAddress(0)).isEqualTo(IpAddress.of("10.0.0.1"));
        assertThat(SyntheticProfiles.deviceAddress(9999)).isEqualTo(IpAddress.of("10.0.39.16"));
    }
}
