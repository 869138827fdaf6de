package io.palisade.mud.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.palisade.mud.MudException;
import io.palisade.mud.model.Ace;
import io.palisade.mud.model.Acl;
import io.palisade.mud.model.AclType;
import io.palisade.mud.model.Direction;
import io.palisade.mud.model.Forwarding;
import io.palisade.mud.model.L4Match;
import io.palisade.mud.model.Matches;
import io.palisade.mud.model.MudMatch;
import io.palisade.mud.model.MudProfile;
import io.palisade.mud.net.Cidr;
import io.palisade.mud.net.IpAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import org.junit.jupiter.api.Test;

/**
 * Policies bound from one shared {@link PolicyTemplate} give the same verdicts, entries and warnings as policies
 * compiled separately per device (and as the reference evaluator), including when a device is itself a member of
 * the address sets an abstraction resolves to.
 */
class PolicyTemplateTest {
    private static final Map<String, Integer> OUTCOMES = new TreeMap<>();

    @Property(tries = 300)
    void twoDevicesFromOneTemplateEqualSeparateCompilation(@ForAll long seed) throws MudException {
        RandomPolicies g = new RandomPolicies(seed);
        MudProfile profile = g.profile();
        SiteContext site = g.site();
        DnsCache dns = new DnsCache(Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC));
        g.fill(dns);
        List<DenyRule> denies = g.denies();
        PolicyTemplate template = MudCompiler.shared(profile, site, dns, denies);
        // the second device is one of the generator's remote addresses, so it is often inside the sets that
        // manufacturer / same-manufacturer / model / controller resolve to, and a peer of the first device
        List<IpAddress> devices = List.of(g.device, g.remote());
        for (IpAddress device : devices) {
            CompiledPolicy shared = template.forDevice(device);
            CompiledPolicy separate = MudCompiler.compile(profile, device, site, dns, denies);
            assertThat(shared.device()).isEqualTo(device);
            assertThat(shared.template()).isSameAs(template);
            assertThat(shared.mudUrl()).isEqualTo(separate.mudUrl());
            assertThat(shared.warnings()).isEqualTo(separate.warnings());
            for (Direction d : Direction.values()) {
                assertThat(shared.size(d)).isEqualTo(separate.size(d));
                assertThat(shared.entries(d)).isEqualTo(separate.entries(d));
            }
        }
        CompiledPolicy[] shared = {template.forDevice(devices.get(0)), template.forDevice(devices.get(1))};
        CompiledPolicy[] separate = {MudCompiler.compile(profile, devices.get(0), site, dns, denies),
                MudCompiler.compile(profile, devices.get(1), site, dns, denies)};
        NaiveEvaluator[] reference = {new NaiveEvaluator(profile, devices.get(0), site, dns, denies),
                new NaiveEvaluator(profile, devices.get(1), site, dns, denies)};
        for (int i = 0; i < 80; i++) {
            int k = i % 2;
            Flow f = g.flowFor(devices.get(k));
            Verdict expected = separate[k].evaluate(f);
            assertThat(shared[k].evaluate(f)).as("seed %d device %s flow %s", seed, devices.get(k), f)
                    .isEqualTo(expected);
            assertThat(expected).isEqualTo(reference[k].evaluate(f));
            synchronized (OUTCOMES) {
                OUTCOMES.merge("device" + k + ":" + (expected.isDefaultDeny() ? "default-deny"
                        : expected.decision().lowerCase()), 1, Integer::sum);
            }
            if (!devices.get(1 - k).equals(f.src()) && !devices.get(1 - k).equals(f.dst())) {
                CompiledPolicy other = shared[1 - k];
                assertThatThrownBy(() -> other.evaluate(f)).isInstanceOf(MudException.class)
                        .hasMessageContaining("does not involve the device");
            }
        }
    }

    /** Both devices must see allowed, denied and default-denied flows, or the property proves little. */
    @AfterContainer
    static void outcomesAreVaried() {
        assertThat(OUTCOMES.keySet()).containsExactlyInAnyOrder("device0:allow", "device0:deny",
                "device0:default-deny", "device1:allow", "device1:deny", "device1:default-deny");
        assertThat(OUTCOMES.values()).allSatisfy(n -> assertThat(n).isGreaterThan(100));
    }

    @Test
    void sameManufacturerIncludesTheDeviceItselfAndDirectionFollowsTheBoundAddress() throws MudException {
        IpAddress a = IpAddress.of("10.0.0.1");
        IpAddress b = IpAddress.of("10.0.0.2");
        IpAddress outsider = IpAddress.of("10.0.0.3");
        Ace peersOut = new Ace("peers-out", new Matches(Optional.empty(), Optional.empty(),
                Optional.of(new L4Match.Tcp(Optional.empty(), Optional.of(io.palisade.mud.model.PortMatch.eq(9000)),
                        Optional.empty())),
                new MudMatch(Optional.empty(), true, Optional.empty(), false, Optional.empty(), false)),
                Forwarding.ACCEPT);
        Ace webIn = new Ace("web-in", new Matches(Optional.empty(), Optional.empty(),
                Optional.of(new L4Match.Tcp(Optional.empty(), Optional.of(io.palisade.mud.model.PortMatch.eq(80)),
                        Optional.empty())),
                new MudMatch(Optional.empty(), false, Optional.empty(), true, Optional.empty(), false)),
                Forwarding.ACCEPT);
        MudProfile profile = new MudProfile(URI.create("https://vendor.example.com/cam"),
                OffsetDateTime.parse("2025-01-01T00:00:00Z"), Optional.empty(), 48, true, Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), List.of(),
                List.of("out"), List.of("in"), Map.of(
                        "out", new Acl("out", Optional.of(AclType.IPV4), List.of(peersOut)),
                        "in", new Acl("in", Optional.of(AclType.IPV4), List.of(webIn))));
        SiteContext site = SiteContext.of(List.of(Cidr.parse("10.0.0.0/24")), Map.of(), Map.of(),
                Map.of("vendor.example.com", Set.of(a, b)), Map.of());
        DnsCache dns = DnsCache.systemClock();
        PolicyTemplate template = MudCompiler.shared(profile, site, dns);
        CompiledPolicy pa = template.forDevice(a);
        CompiledPolicy pb = template.forDevice(b);
        List<Flow> flows = new ArrayList<>();
        for (IpAddress x : List.of(a, b, outsider)) {
            for (IpAddress y : List.of(a, b, outsider)) {
                for (int port : new int[] {80, 9000}) {
                    flows.add(new Flow(x, 40000, y, port, 6, null, null, Flow.Initiator.SRC, -1, -1));
                }
            }
        }
        int checked = 0;
        for (CompiledPolicy p : List.of(pa, pb)) {
            NaiveEvaluator naive = new NaiveEvaluator(profile, p.device(), site, dns);
            CompiledPolicy separate = MudCompiler.compile(profile, p.device(), site, dns);
            for (Flow f : flows) {
                if (!f.src().equals(p.device()) && !f.dst().equals(p.device())) {
                    continue;
                }
                assertThat(p.evaluate(f)).as("%s %s", p.device(), f).isEqualTo(separate.evaluate(f))
                        .isEqualTo(naive.evaluate(f));
                checked++;
            }
        }
        assertThat(checked).isEqualTo(2 * 10);
        Flow aToB = new Flow(a, 40000, b, 9000, 6, null, null, Flow.Initiator.SRC, -1, -1);
        // a sends to its peer b: from-device for a, to-device for b (where only port 80 from local is open)
        assertThat(pa.evaluate(aToB).allowed()).isTrue();
        assertThat(pa.evaluate(aToB).direction()).isEqualTo(Direction.FROM_DEVICE);
        assertThat(pb.evaluate(aToB).allowed()).isFalse();
        assertThat(pb.evaluate(aToB).direction()).isEqualTo(Direction.TO_DEVICE);
        // the device itself is in its same-manufacturer set, exactly as in a separate compilation
        Flow self = new Flow(a, 40000, a, 9000, 6, null, null, Flow.Initiator.SRC, -1, -1);
        assertThat(pa.evaluate(self).allowed()).isTrue();
        assertThat(pa.evaluate(new Flow(a, 40000, outsider, 9000, 6, null, null, Flow.Initiator.SRC, -1, -1))
                .allowed()).isFalse();
        assertThat(pa.entries(Direction.FROM_DEVICE)).isEqualTo(pb.entries(Direction.FROM_DEVICE));
        assertThatThrownBy(() -> template.forDevice(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void syntheticFleetSharingOneTemplatePerProfileMatchesPerDeviceCompilation() throws MudException {
        List<MudProfile> profiles = SyntheticProfiles.generate(30, 42);
        DnsCache dns = DnsCache.systemClock();
        SyntheticProfiles.fillDns(profiles, dns);
        SiteContext site = SyntheticProfiles.site();
        List<PolicyTemplate> templates = new ArrayList<>();
        for (MudProfile p : profiles) {
            templates.add(MudCompiler.shared(p, site, dns));
        }
        int allowed = 0;
        int total = 0;
        for (int d = 0; d < 300; d++) {
            IpAddress address = SyntheticProfiles.deviceAddress(d);
            CompiledPolicy shared = templates.get(d % 30).forDevice(address);
            CompiledPolicy separate = MudCompiler.compile(profiles.get(d % 30), address, site, dns);
            for (Flow f : SyntheticProfiles.flows(d % 30, address, 20, 1000L + d)) {
                Verdict v = shared.evaluate(f);
                assertThat(v).as("device %d flow %s", d, f).isEqualTo(separate.evaluate(f));
                allowed += v.allowed() ? 1 : 0;
                total++;
            }
        }
        assertThat(allowed).isBetween(total / 5, total * 4 / 5);
    }
}
