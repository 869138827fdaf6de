package io.palisade.mud.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.palisade.mud.MudException;
import io.palisade.mud.MudParser;
import io.palisade.mud.TestFiles;
import io.palisade.mud.model.Direction;
import io.palisade.mud.model.MudProfile;
import io.palisade.mud.net.Cidr;
import io.palisade.mud.net.IpAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DenyRuleAndQuarantineTest {
    private static final IpAddress DEVICE = IpAddress.of("192.168.1.50");

    private static Flow tcp(String src, int sport, String dst, int dport, Flow.Initiator init) {
        return Flow.of(src, sport, dst, dport, 6, init);
    }

    @Test
    void virtualPatchDeniesBeforeTheProfileAndIsNamedInTheVerdict() throws Exception {
        SiteFile.Site site = SiteFile.parse(TestFiles.bytes("policy/site.json"));
        DnsCache dns = DnsCache.systemClock();
        site.fill(dns);
        MudProfile p = MudParser.strict().parse(TestFiles.bytes("policy/thermostat.json")).profile();
        Flow config = tcp("192.168.1.20", 40000, "192.168.1.50", 80, Flow.Initiator.SRC);
        assertThat(MudCompiler.compile(p, DEVICE, site.context(), dns).evaluate(config).allowed()).isTrue();
        DenyRule patch = DenyRule.virtualPatch("CVE-2025-0001", Direction.TO_DEVICE, null, null, 6, 80);
        CompiledPolicy patched = MudCompiler.compile(p, DEVICE, site.context(), dns, List.of(patch));
        assertThat(patched.evaluate(config)).isEqualTo(new Verdict(Verdict.Decision.DENY, "vpatch:CVE-2025-0001",
                "deny", Direction.TO_DEVICE));
        assertThat(patched.entries(Direction.TO_DEVICE).get(0).acl()).isEqualTo("vpatch:CVE-2025-0001");
        assertThat(patched.size(Direction.FROM_DEVICE)).isEqualTo(MudCompiler.compile(p, DEVICE, site.context(),
                dns).size(Direction.FROM_DEVICE));
        // other traffic keeps its profile verdict
        Flow ntp = Flow.of("192.168.1.50", 50002, "192.0.2.123", 123, 17, Flow.Initiator.UNKNOWN);
        assertThat(patched.evaluate(ntp).ace()).isEqualTo("ntp");
        assertThat(new NaiveEvaluator(p, DEVICE, site.context(), dns, List.of(patch)).evaluate(config))
                .isEqualTo(patched.evaluate(config));
        // a source-prefix rule for both directions
        DenyRule block = DenyRule.virtualPatch("c2", null, null, Cidr.parse("192.0.2.0/24"), null, null);
        assertThat(MudCompiler.compile(p, DEVICE, site.context(), dns, List.of(block)).evaluate(ntp).acl())
                .isEqualTo("vpatch:c2");
    }

    @Test
    void denyRulesValidate() {
        assertThatThrownBy(() -> DenyRule.virtualPatch("x", null, null, null, null, 80))
                .hasMessageContaining("port condition needs protocol");
        assertThatThrownBy(() -> DenyRule.virtualPatch("x", null, Cidr.parse("10.0.0.0/8"),
                Cidr.parse("fd00::/8"), null, null)).hasMessageContaining("address families");
        assertThatThrownBy(() -> DenyRule.virtualPatch("", null, null, null, 300, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    static final List<QuarantinePolicy.Endpoint> PLATFORM = List.of(
            QuarantinePolicy.Endpoint.tcp("mqtt", IpAddress.of("203.0.113.5"), 8883),
            QuarantinePolicy.Endpoint.tcp("updates", IpAddress.of("203.0.113.6"), 443));

    static CompiledPolicy quarantine() {
        SiteContext site = SiteContext.of(List.of(Cidr.parse("192.168.1.0/24")),
                Map.of(QuarantinePolicy.DNS_CONTROLLER, Set.of(IpAddress.of("192.168.1.1"))), Map.of(), Map.of(),
                Map.of());
        return QuarantinePolicy.compile(DEVICE, site, PLATFORM, DnsCache.systemClock());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            DNS to the site resolver        | 192.168.1.50 | 40000 | 192.168.1.1  | 53    | 17 | src | allow | dns-udp
            DNS reply                       | 192.168.1.1  | 53    | 192.168.1.50 | 40000 | 17 | dst | allow | dns-udp-reply
            DNS over TCP                    | 192.168.1.50 | 40000 | 192.168.1.1  | 53    | 6  | src | allow | dns-tcp
            DNS to another resolver         | 192.168.1.50 | 40000 | 8.8.8.8      | 53    | 17 | src | deny  | -
            MQTT to the platform            | 192.168.1.50 | 40000 | 203.0.113.5  | 8883  | 6  | src | allow | platform-mqtt
            MQTT reply                      | 203.0.113.5  | 8883  | 192.168.1.50 | 40000 | 6  | dst | allow | platform-mqtt-reply
            platform opening to the device  | 203.0.113.5  | 8883  | 192.168.1.50 | 40000 | 6  | src | deny  | -
            updates over HTTPS              | 192.168.1.50 | 40000 | 203.0.113.6  | 443   | 6  | src | allow | platform-updates
            HTTPS to the MQTT host          | 192.168.1.50 | 40000 | 203.0.113.5  | 443   | 6  | src | deny  | -
            local peer                      | 192.168.1.50 | 40000 | 192.168.1.20 | 80    | 6  | src | deny  | -
            inbound telnet                  | 192.168.1.20 | 40000 | 192.168.1.50 | 23    | 6  | src | deny  | -
            """)
    void quarantineAllowsOnlyWhatIsNeeded(String what, String src, int sport, String dst, int dport, int proto,
                                          String init, String verdict, String ace) throws MudException {
        Verdict v = quarantine().evaluate(Flow.of(src, sport, dst, dport, proto,
                init.equals("src") ? Flow.Initiator.SRC : Flow.Initiator.DST));
        assertThat(v.decision().lowerCase()).as(what).isEqualTo(verdict);
        assertThat(v.ace()).as(what).isEqualTo(ace.equals("-") ? null : ace);
    }

    @Test
    void quarantineWithoutKnownResolverDeniesDnsAndSaysSo() throws MudException {
        CompiledPolicy q = QuarantinePolicy.compile(DEVICE, SiteContext.empty(), PLATFORM, DnsCache.systemClock());
        assertThat(q.evaluate(Flow.of("192.168.1.50", 40000, "192.168.1.1", 53, 17, Flow.Initiator.SRC)).allowed())
                .isFalse();
        assertThat(q.warnings()).anySatisfy(w -> assertThat(w).contains("dns-udp").contains("no address"));
        assertThat(q.mudUrl()).isEqualTo(QuarantinePolicy.QUARANTINE_URL);
    }

    @Test
    void siteContextWithRegistryUnitesSiteFileAndRegistry() throws Exception {
        SiteFile.Site file = SiteFile.parse(TestFiles.bytes("policy/site.json"));
        IpAddress live = IpAddress.of("192.168.1.99");
        URI model = URI.create("https://sense.example.net/.well-known/mud/s1");
        SiteContext ctx = SiteContext.withRegistry(file,
                h -> h.equals("thermo.example.com") ? Set.of(live) : null,
                u -> u.equals(model) ? Set.of(live) : Set.of());
        assertThat(ctx.manufacturers().apply("thermo.example.com")).contains(live)
                .containsAll(file.manufacturers().getOrDefault("thermo.example.com", Set.of()));
        assertThat(ctx.manufacturers().apply("nobody.example")).isEmpty();
        assertThat(ctx.models().apply(model)).containsExactly(live);
        assertThat(ctx.localNetworks()).isEqualTo(file.localNetworks());
    }
}
