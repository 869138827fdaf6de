package io.palisade.mud.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.palisade.mud.MudException;
import io.palisade.mud.model.Ace;
import io.palisade.mud.model.Acl;
import io.palisade.mud.model.AclType;
import io.palisade.mud.model.MudProfile;
import io.palisade.mud.net.IpAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The decision structures of {@link PolicyTemplate} ({@link CompiledPolicy#evaluate}) give exactly the verdict of the
 * reference {@link NaiveEvaluator} and of the plain compiled ACE walk ({@link CompiledPolicy#evaluateByScan}): on
 * adversarial random profiles (also with more than 64 ACEs per direction, i.e. multi-word bit sets), on the synthetic
 * fleet profiles with random devices and flows, while DNS answers appear and expire, and on the NIST SP 1800-15
 * scenario profiles with random flows between the testbed hosts.
 */
class DecisionIndexPropertyTest {
    private static final Clock FIXED = Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);

    private static void check(CompiledPolicy compiled, NaiveEvaluator naive, Flow f, Object context)
            throws MudException {
        Verdict expected = naive.evaluate(f);
        assertThat(compiled.evaluate(f)).as("%s flow %s", context, f).isEqualTo(expected);
        assertThat(compiled.evaluateByScan(f)).as("%s flow %s (scan)", context, f).isEqualTo(expected);
    }

    @Property(tries = 300)
    void randomProfilesSitesDnsAndDenies(@ForAll long seed) throws MudException {
        RandomPolicies g = new RandomPolicies(seed);
        MudProfile profile = g.profile();
        SiteContext site = g.site();
        DnsCache dns = new DnsCache(FIXED);
        g.fill(dns);
        List<DenyRule> denies = g.denies();
        CompiledPolicy compiled = MudCompiler.shared(profile, site, dns, denies).forDevice(g.device);
        NaiveEvaluator naive = new NaiveEvaluator(profile, g.device, site, dns, denies);
        for (int i = 0; i < 80; i++) {
            check(compiled, naive, g.flow(), "seed " + seed);
        }
    }

    /** More than 64 ACEs per direction: the bit sets span several words. */
    @Property(tries = 60)
    void largeProfilesUseMultiWordBitSets(@ForAll long seed, @ForAll @IntRange(min = 65, max = 200) int aces)
            throws MudException {
        RandomPolicies g = new RandomPolicies(seed);
        Map<String, Acl> acls = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        for (int a = 0; a * 40 < aces; a++) {
            List<Ace> list = new ArrayList<>();
            for (int j = 0; j < Math.min(40, aces - a * 40); j++) {
                list.add(g.ace("ace" + a + "-" + j));
            }
            String name = "acl" + a;
            acls.put(name, new Acl(name, Optional.of(AclType.MIXED_ETH_IPV4_IPV6), list));
            names.add(name);
        }
        MudProfile base = g.profile();
        MudProfile profile = new MudProfile(base.mudUrl(), base.lastUpdate(), base.mudSignature(),
                base.cacheValidityHours(), base.supported(), base.systemInfo(), base.mfgName(), base.modelName(),
                base.firmwareRev(), base.softwareRev(), base.documentation(), base.extensions(), names, names, acls);
        SiteContext site = g.site();
        DnsCache dns = new DnsCache(FIXED);
        g.fill(dns);
        List<DenyRule> denies = g.denies();
        CompiledPolicy compiled = MudCompiler.compile(profile, g.device, site, dns, denies);
        NaiveEvaluator naive = new NaiveEvaluator(profile, g.device, site, dns, denies);
        for (int i = 0; i < 150; i++) {
            check(compiled, naive, g.flow(), "seed " + seed + " aces " + aces);
        }
    }

    /** The fleet case of the benchmark: 30 synthetic profiles, one shared template each, random devices. */
    @Property(tries = 60)
    void syntheticFleetProfiles(@ForAll long seed) throws MudException {
        Random r = new Random(seed);
        List<MudProfile> profiles = SyntheticProfiles.generate(30, r.nextInt(1000));
        DnsCache dns = new DnsCache(FIXED);
        SyntheticProfiles.fillDns(profiles, dns);
        SiteContext site = SyntheticProfiles.site();
        for (int k = 0; k < 5; k++) {
            int d = r.nextInt(20_000);
            int pi = d % profiles.size();
            IpAddress address = SyntheticProfiles.deviceAddress(d);
            CompiledPolicy compiled = MudCompiler.shared(profiles.get(pi), site, dns).forDevice(address);
            NaiveEvaluator naive = new NaiveEvaluator(profiles.get(pi), address, site, dns);
            for (Flow f : SyntheticProfiles.flows(pi, address, 40, r.nextLong())) {
                check(compiled, naive, f, "seed " + seed + " device " + d);
            }
            // the flows' own DNS names, and peers of the same manufacturer
            for (int j = 0; j < 20; j++) {
                int other = r.nextInt(21);
                String name = r.nextBoolean() ? SyntheticProfiles.cloudName(pi, r.nextInt(12))
                        : SyntheticProfiles.cloudName(r.nextInt(30), r.nextInt(12));
                IpAddress peer = r.nextBoolean() ? SyntheticProfiles.deviceAddress(other)
                        : SyntheticProfiles.cloudAddress(r.nextInt(30), r.nextInt(16));
                int port = r.nextBoolean() ? new int[] {443, 8883, 8443, 5671, 1883, 9042, 53}[r.nextInt(7)]
                        : r.nextInt(65536);
                Flow.Initiator init = Flow.Initiator.values()[r.nextInt(3)];
                Flow f = r.nextBoolean()
                        ? new Flow(address, 40000, peer, port, 6, null, r.nextBoolean() ? name : null, init, -1, -1)
                        : new Flow(peer, port, address, 40000, r.nextBoolean() ? 6 : 17, r.nextBoolean() ? name
                        : null, null, init, -1, -1);
                check(compiled, naive, f, "seed " + seed + " device " + d);
            }
        }
    }

    /** DNS answers observed and expiring after the template was built are seen by the name index. */
    @Property(tries = 100)
    void liveDnsAnswersAppearAndExpire(@ForAll long seed) throws MudException {
        RandomPolicies g = new RandomPolicies(seed);
        MutableClock clock = new MutableClock();
        DnsCache dns = new DnsCache(clock);
        MudProfile profile = g.profile();
        SiteContext site = g.site();
        CompiledPolicy compiled = MudCompiler.compile(profile, g.device, site, dns);
        NaiveEvaluator naive = new NaiveEvaluator(profile, g.device, site, dns);
        Random r = new Random(seed);
        for (int round = 0; round < 12; round++) {
            switch (r.nextInt(4)) {
                case 0 -> dns.observe(RandomPolicies.NAMES[r.nextInt(RandomPolicies.NAMES.length)], g.remote(),
                        Duration.ofSeconds(1 + r.nextInt(20)));
                case 1 -> dns.addStatic(RandomPolicies.NAMES[r.nextInt(RandomPolicies.NAMES.length)], g.remote());
                case 2 -> clock.advance(Duration.ofSeconds(r.nextInt(15)));
                default -> dns.purgeExpired();
            }
            for (int i = 0; i < 20; i++) {
                check(compiled, naive, g.flow(), "seed " + seed + " round " + round);
            }
        }
    }

    private record Scenario(String dir, String file, Map<String, String> controllers, String[] associations) {
    }

    private static final List<Scenario> NIST = List.of(
            new Scenario("mud-same-manufacturer-test", "mudfile-same-manufacturer-test.json", Map.of(),
                    new String[] {"device-association-toaster.json"}),
            new Scenario("mud-mfg-test", "mudfile-mfg-test.json", Map.of(), new String[] {
                    "device-association-toaster.json", "device-association-toothbrush.json",
                    "device-association-hairbrush.json"}),
            new Scenario("mud-model-test", "mudfile-model-test.json", Map.of(), new String[] {
                    "device-association-toaster.json", "device-association-toothbrush.json",
                    "device-association-hairbrush.json"}),
            new Scenario("mud-local-networks-test", "mudfile-local-networks-test.json", Map.of(),
                    new String[] {"device-association-printer.json"}),
            new Scenario("mud-local-and-same-mfg-test", "mudfile-local-and-same-mfg-test.json", Map.of(),
                    new String[] {"device-association-toaster.json"}),
            new Scenario("mud-controllerclass-test", "mudfile-controllerclass-test.json",
                    Map.of("https://controller.nist.local", NistTestbed.host(7)),
                    new String[] {"device-association.json"}),
            new Scenario("mud-mycontrollerclass-test", "mudfile-mycontrollerclass-test.json", Map.of(),
                    new String[] {"device-association.json"}),
            new Scenario("mud-tcp-direction-test", "mudfile-tcp-direction-test.json", Map.of(),
                    new String[] {"device-association-toaster.json"}),
            new Scenario("mud-dns-test", "mudfile-dns-test.json", Map.of(), new String[] {"device-association.json"}));

    /** The NIST SP 1800-15 scenario profiles and sites, random flows between the testbed hosts h1..h10. */
    @Property(tries = 90)
    void nistScenarios(@ForAll @IntRange(min = 0, max = 8) int scenario, @ForAll long seed) throws MudException {
        Scenario s = NIST.get(scenario);
        SiteContext site = NistTestbed.site(NistTestbed.siteFile(s.dir(), s.controllers()),
                NistTestbed.associations(s.dir(), s.associations()));
        MudProfile profile = NistTestbed.profile(s.dir(), s.file());
        Random r = new Random(seed);
        DnsCache dns = r.nextBoolean() ? NistTestbed.looked(new DnsCache(FIXED)) : new DnsCache(FIXED);
        IpAddress h1 = IpAddress.of(NistTestbed.host(1));
        CompiledPolicy compiled = MudCompiler.compile(profile, h1, site, dns);
        NaiveEvaluator naive = new NaiveEvaluator(profile, h1, site, dns);
        int[] ports = {-1, 53, 67, 80, 123, 443, 888, 8000, 8008, 8010, 8080, 40000};
        String[] names = {null, "www.nist.local", "www.antd.local", "www.example.com"};
        for (int i = 0; i < 100; i++) {
            IpAddress other = IpAddress.of(r.nextInt(12) == 0 ? "198.51.100.7" : NistTestbed.host(1 + r.nextInt(10)));
            int proto = new int[] {6, 6, 17, 17, 1, 58, 47}[r.nextInt(7)];
            boolean l4 = proto == 6 || proto == 17;
            boolean icmp = proto == 1 || proto == 58;
            int sp = l4 ? ports[1 + r.nextInt(ports.length - 1)] : -1;
            int dp = l4 ? ports[1 + r.nextInt(ports.length - 1)] : -1;
            Flow.Initiator init = Flow.Initiator.values()[r.nextInt(3)];
            String name = names[r.nextInt(names.length)];
            int type = icmp ? new int[] {0, 3, 8}[r.nextInt(3)] : -1;
            int code = icmp ? r.nextInt(2) : -1;
            Flow f = r.nextBoolean() ? new Flow(h1, sp, other, dp, proto, null, name, init, type, code)
                    : new Flow(other, sp, h1, dp, proto, name, null, init, type, code);
            check(compiled, naive, f, s.dir() + " seed " + seed);
        }
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2025-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
