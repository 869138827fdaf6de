package io.palisade.mud.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.palisade.mud.MudException;
import io.palisade.mud.MudParser;
import io.palisade.mud.TestFiles;
import io.palisade.mud.model.Direction;
import io.palisade.mud.model.MudProfile;
import io.palisade.mud.net.IpAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VerdictTest {
    private static final IpAddress DEVICE = IpAddress.of("192.168.1.50");

    /** A clock the test can move. */
    static final class MutableClock extends Clock {
        final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-22T10:00:00Z"));

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
            return now.get();
        }
    }

    private MutableClock clock;
    private DnsCache dns;
    private CompiledPolicy policy;
    private MudProfile profile;

    @BeforeEach
    void compile() throws MudException {
        profile = MudParser.strict().parse(TestFiles.bytes("policy/thermostat.json")).profile();
        SiteFile.Site site = SiteFile.parse(TestFiles.bytes("policy/site.json"));
        clock = new MutableClock();
        dns = new DnsCache(clock);
        site.fill(dns);
        policy = MudCompiler.compile(profile, DEVICE, site.context(), dns);
    }

    /** One realistic flow per row; "-" means the default deny (no ACE matched). */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            cloud API by name                  | 192.168.1.50 | 50000 | 203.0.113.10 | 443  | tcp  | -            | api.thermo.example.com | src | allow | t2-v4fr | cloud-https
            cloud API wrong port               | 192.168.1.50 | 50000 | 203.0.113.10 | 8443 | tcp  | -            | api.thermo.example.com | src | deny  | -       | -
            cloud API opened from outside      | 192.168.1.50 | 443   | 203.0.113.10 | 443  | tcp  | -            | api.thermo.example.com | dst | deny  | -       | -
            cloud API initiator unknown        | 192.168.1.50 | 50000 | 203.0.113.10 | 443  | tcp  | -            | api.thermo.example.com | -   | deny  | -       | -
            cloud reply to device              | 203.0.113.10 | 443   | 192.168.1.50 | 50000| tcp  | api.thermo.example.com | - | dst | allow | t2-v4to | cloud-https-back
            beaconing to unknown IP            | 192.168.1.50 | 50001 | 198.51.100.7 | 4444 | tcp  | -            | -                      | src | deny  | -       | -
            look-alike name                    | 192.168.1.50 | 50000 | 203.0.113.10 | 443  | tcp  | -            | api.thermo.example.com.evil.net | src | deny | - | -
            NTP via static DNS answer          | 192.168.1.50 | 50002 | 192.0.2.123  | 123  | udp  | -            | -                      | -   | allow | t2-v4fr | ntp
            NTP reply                          | 192.0.2.123  | 123   | 192.168.1.50 | 50002| udp  | -            | -                      | -   | allow | t2-v4to | ntp-back
            NTP to other server                | 192.168.1.50 | 50002 | 192.0.2.124  | 123  | udp  | -            | -                      | -   | deny  | -       | -
            local CoAP low end of range        | 192.168.1.50 | 40000 | 192.168.1.20 | 5683 | udp  | -            | -                      | -   | allow | t2-v4fr | local-coap
            local CoAP high end of range       | 192.168.1.50 | 40000 | 192.168.1.20 | 5684 | udp  | -            | -                      | -   | allow | t2-v4fr | local-coap
            local CoAP above range             | 192.168.1.50 | 40000 | 192.168.1.20 | 5685 | udp  | -            | -                      | -   | deny  | -       | -
            CoAP to internet                   | 192.168.1.50 | 40000 | 8.8.8.8      | 5683 | udp  | -            | -                      | -   | deny  | -       | -
            local config opened by local host  | 192.168.1.20 | 40000 | 192.168.1.50 | 80   | tcp  | -            | -                      | src | allow | t2-v4to | local-config
            local config opened by device      | 192.168.1.20 | 40000 | 192.168.1.50 | 80   | tcp  | -            | -                      | dst | deny  | -       | -
            config from internet               | 198.51.100.7 | 40000 | 192.168.1.50 | 80   | tcp  | -            | -                      | src | deny  | -       | -
            DNS to controller                  | 192.168.1.50 | 40000 | 192.168.1.1  | 53   | udp  | -            | -                      | -   | allow | t2-v4fr | dns
            DNS elsewhere                      | 192.168.1.50 | 40000 | 192.168.1.2  | 53   | udp  | -            | -                      | -   | deny  | -       | -
            same-manufacturer peer             | 192.168.1.50 | 40000 | 192.168.1.31 | 8443 | tcp  | -            | -                      | src | allow | t2-v4fr | peers
            other-manufacturer peer            | 192.168.1.50 | 40000 | 192.168.1.32 | 8443 | tcp  | -            | -                      | src | deny  | -       | -
            my-controller                      | 192.168.1.50 | 40000 | 192.168.1.10 | 1883 | tcp  | -            | -                      | src | allow | t2-v4fr | hub
            telnet is rejected by name         | 192.168.1.50 | 40000 | 192.168.1.10 | 23   | tcp  | -            | -                      | src | deny  | t2-v4fr | no-telnet
            model unknown to the site          | 192.168.1.50 | 40000 | 192.168.1.40 | 9999 | udp  | -            | -                      | -   | deny  | -       | -
            syslog prefix, neq port            | 192.168.1.50 | 40000 | 192.168.1.241| 514  | udp  | -            | -                      | -   | allow | t2-v4fr | logs
            syslog prefix, excluded port       | 192.168.1.50 | 40000 | 192.168.1.241| 9    | udp  | -            | -                      | -   | deny  | -       | -
            outside the prefix                 | 192.168.1.50 | 40000 | 192.168.1.239| 514  | udp  | -            | -                      | -   | deny  | -       | -
            """)
    void verdictTable(String what, String src, int sport, String dst, int dport, String proto, String srcName,
                      String dstName, String initiator, String verdict, String acl, String ace) throws MudException {
        Flow flow = new Flow(IpAddress.of(src), sport, IpAddress.of(dst), dport, proto.equals("tcp") ? 6 : 17,
                srcName.equals("-") ? null : srcName, dstName.equals("-") ? null : dstName,
                switch (initiator) {
                    case "src" -> Flow.Initiator.SRC;
                    case "dst" -> Flow.Initiator.DST;
                    default -> Flow.Initiator.UNKNOWN;
                }, -1, -1);
        Verdict v = policy.evaluate(flow);
        assertThat(v.decision().lowerCase()).as(what).isEqualTo(verdict);
        assertThat(v.acl()).as(what).isEqualTo(acl.equals("-") ? null : acl);
        assertThat(v.ace()).as(what).isEqualTo(ace.equals("-") ? null : ace);
        assertThat(v.direction()).isEqualTo(src.equals("192.168.1.50") ? Direction.FROM_DEVICE : Direction.TO_DEVICE);
    }

    @Test
    void dnsAnswersExpireWithTheirTtl() throws MudException {
        Flow byAddress = Flow.of("192.168.1.50", 50000, "203.0.113.10", 443, 6, Flow.Initiator.SRC);
        assertThat(policy.evaluate(byAddress).isDefaultDeny()).isTrue();
        assertThat(dns.observe("API.thermo.example.com.", IpAddress.of("203.0.113.10"), Duration.ofSeconds(60)))
                .isTrue();
        assertThat(policy.evaluate(byAddress)).isEqualTo(new Verdict(Verdict.Decision.ALLOW, "t2-v4fr", "cloud-https",
                Direction.FROM_DEVICE));
        clock.now.set(clock.now.get().plusSeconds(61));
        assertThat(policy.evaluate(byAddress).isDefaultDeny()).isTrue();
        assertThat(dns.resolve("api.thermo.example.com")).isEmpty();
        assertThat(dns.resolve("pool.ntp.org")).containsExactly(IpAddress.of("192.0.2.123"));
    }

    @Test
    void ipv6NeighbourDiscoveryByIcmpType() throws MudException {
        CompiledPolicy v6 = MudCompiler.compile(profile, IpAddress.of("fd00::50"), SiteContext.empty(), dns);
        Flow ns = new Flow(IpAddress.of("fd00::50"), -1, IpAddress.of("ff02::1:ff00:1"), -1, 58, null, null,
                Flow.Initiator.UNKNOWN, 135, 0);
        assertThat(v6.evaluate(ns).ace()).isEqualTo("nd");
        Flow echo = new Flow(IpAddress.of("fd00::50"), -1, IpAddress.of("ff02::1"), -1, 58, null, null,
                Flow.Initiator.UNKNOWN, 128, 0);
        assertThat(v6.evaluate(echo).isDefaultDeny()).isTrue();
        Flow noType = new Flow(IpAddress.of("fd00::50"), -1, IpAddress.of("ff02::1"), -1, 58, null, null,
                Flow.Initiator.UNKNOWN, -1, -1);
        assertThat(v6.evaluate(noType).isDefaultDeny()).isTrue();
    }

    @Test
    void flowNotInvolvingTheDeviceIsAnError() {
        assertThatThrownBy(() -> policy.evaluate(Flow.of("10.0.0.1", 1, "10.0.0.2", 2, 6, Flow.Initiator.SRC)))
                .isInstanceOf(MudException.class)
                .hasMessageContaining("does not involve the device 192.168.1.50");
    }

    @Test
    void unresolvableAbstractionsAreReported() {
        assertThat(policy.warnings()).containsExactly("ACL 't2-v4fr' ACE 'sensors': model "
                + "https://sense.example.net/.well-known/mud/s1 resolves to no address in this site; it never matches");
        CompiledPolicy bare = MudCompiler.compile(profile, DEVICE, SiteContext.empty(), dns);
        assertThat(bare.warnings()).hasSize(6);
        assertThat(bare.size(Direction.FROM_DEVICE)).isEqualTo(10);
        assertThat(bare.size(Direction.TO_DEVICE)).isEqualTo(3);
    }

    @Test
    void siteFunctionsAreConsultedAtCompileTime() throws MudException {
        SiteContext site = SiteContext.of(java.util.List.of(), java.util.Map.of(), java.util.Map.of(),
                java.util.Map.of(),
                java.util.Map.of(java.net.URI.create("https://sense.example.net/.well-known/mud/s1"),
                        java.util.Set.of(IpAddress.of("192.168.1.40"))));
        CompiledPolicy p = MudCompiler.compile(profile, DEVICE, site, dns);
        assertThat(p.evaluate(Flow.of("192.168.1.50", 1, "192.168.1.40", 9999, 17, Flow.Initiator.UNKNOWN)).ace())
                .isEqualTo("sensors");
    }
}
