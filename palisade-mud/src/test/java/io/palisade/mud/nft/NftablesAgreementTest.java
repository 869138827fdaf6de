package io.palisade.mud.nft;

import static org.assertj.core.api.Assertions.assertThat;

import io.palisade.mud.MudParser;
import io.palisade.mud.TestFiles;
import io.palisade.mud.model.Direction;
import io.palisade.mud.model.MudProfile;
import io.palisade.mud.net.Cidr;
import io.palisade.mud.net.IpAddress;
import io.palisade.mud.policy.CompiledPolicy;
import io.palisade.mud.policy.DenyRule;
import io.palisade.mud.policy.DnsCache;
import io.palisade.mud.policy.Flow;
import io.palisade.mud.policy.MudCompiler;
import io.palisade.mud.policy.QuarantinePolicy;
import io.palisade.mud.policy.RandomPolicies;
import io.palisade.mud.policy.SiteFile;
import io.palisade.mud.policy.SyntheticProfiles;
import io.palisade.mud.policy.Verdict;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exported nftables rulesets decide like the engine: a test interpreter of the emitted rule syntax
 * ({@link NftInterpreter}) runs the same flows as {@link CompiledPolicy#evaluate}; decision and matching entry
 * (rule comment) must agree. Flows carry no DNS names and a known initiator (nftables has conntrack direction but
 * no per-flow names; names are matched through the sets, which the export fills from the DNS cache). The same
 * rulesets (corpus, random, synthetic, quarantine, virtual patches) are also checked by {@code nft -c -f}.
 */
class NftablesAgreementTest {
    private static final Pattern ADDRESS = Pattern.compile("[0-9a-f:.]+(?:/\\d+)?");

    @TempDir
    Path dir;

    record Case(String name, CompiledPolicy policy, DnsCache dns, List<Flow> flows) {
    }

    private final List<Case> cases = new ArrayList<>();

    private void corpusCases() throws Exception {
        SiteFile.Site site = SiteFile.parse(TestFiles.bytes("policy/site.json"));
        DnsCache dns = DnsCache.systemClock();
        site.fill(dns);
        List<String> files = new ArrayList<>(TestFiles.mudFiles());
        files.add("policy/thermostat.json");
        int n = 1;
        for (String f : files) {
            MudProfile p = MudParser.lenient().parse(TestFiles.bytes(f)).profile();
            for (String device : List.of("192.168.1." + (100 + n), "fd00::" + Integer.toHexString(0x100 + n))) {
                CompiledPolicy c = MudCompiler.compile(p, IpAddress.of(device), site.context(), dns,
                        List.of(DenyRule.virtualPatch("p" + n, Direction.TO_DEVICE, null, null, 6, 23)));
                cases.add(new Case(f + "@" + device, c, dns, flowsFor(c, dns, n)));
            }
            n++;
        }
    }

    /** Flows between the device and the addresses and ports that occur in its export, plus strangers. */
    private static List<Flow> flowsFor(CompiledPolicy c, DnsCache dns, long seed) {
        String text = NftablesExporter.export(c, dns);
        IpAddress device = c.device();
        List<IpAddress> peers = new ArrayList<>();
        Matcher m = ADDRESS.matcher(text);
        while (m.find()) {
            String s = m.group();
            IpAddress.parse(s.contains("/") ? s.substring(0, s.indexOf('/')) : s)
                    .filter(a -> a.v6() == device.v6() && !a.equals(device)).ifPresent(peers::add);
        }
        peers.add(device.v6() ? IpAddress.of("2001:db8::99") : IpAddress.of("198.51.100.99"));
        peers.add(device.v6() ? IpAddress.of("fd00::2") : IpAddress.of("192.168.1.2"));
        int[] ports = {22, 23, 53, 67, 80, 123, 443, 554, 800, 1883, 5683, 8000, 8080, 8443, 8883, 40000};
        int[] protos = {6, 6, 17, 17, device.v6() ? 58 : 1, 47};
        Random r = new Random(seed);
        List<Flow> flows = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            IpAddress peer = peers.get(r.nextInt(peers.size()));
            int proto = protos[r.nextInt(protos.length)];
            boolean ported = proto == 6 || proto == 17;
            int a = ported ? ports[r.nextInt(ports.length)] : -1;
            int b = ported ? ports[r.nextInt(ports.length)] : -1;
            int type = ported || proto == 47 ? -1 : r.nextInt(10);
            int code = type < 0 ? -1 : r.nextInt(2);
            Flow.Initiator init = r.nextBoolean() ? Flow.Initiator.SRC : Flow.Initiator.DST;
            flows.add(r.nextBoolean() ? new Flow(device, a, peer, b, proto, null, null, init, type, code)
                    : new Flow(peer, a, device, b, proto, null, null, init, type, code));
        }
        return flows;
    }

    private void otherCases() throws Exception {
        for (long seed = 1; seed <= 40; seed++) {
            RandomPolicies g = new RandomPolicies(seed);
            DnsCache dns = DnsCache.systemClock();
            var site = g.site();
            g.fill(dns);
            CompiledPolicy c = MudCompiler.compile(g.profile(), g.device, site, dns, g.denies());
            List<Flow> flows = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                Flow f = g.flow();
                if (f.initiator() != Flow.Initiator.UNKNOWN) {
                    flows.add(new Flow(f.src(), f.srcPort(), f.dst(), f.dstPort(), f.protocol(), null, null,
                            f.initiator(), f.icmpType(), f.icmpCode()));
                }
            }
            flows.addAll(flowsFor(c, dns, seed));
            cases.add(new Case("random seed " + seed, c, dns, flows));
        }
        List<MudProfile> synthetic = SyntheticProfiles.generate(10, 7);
        DnsCache dns = DnsCache.systemClock();
        SyntheticProfiles.fillDns(synthetic, dns);
        for (int i = 0; i < synthetic.size(); i++) {
            IpAddress device = SyntheticProfiles.deviceAddress(1000 + i);
            CompiledPolicy c = MudCompiler.compile(synthetic.get(i), device, SyntheticProfiles.site(), dns);
            List<Flow> flows = new ArrayList<>(SyntheticProfiles.flows(i, device, 200, i));
            flows.addAll(flowsFor(c, dns, i));
            cases.add(new Case("synthetic " + i, c, dns, flows));
        }
        var site = io.palisade.mud.policy.SiteContext.of(List.of(Cidr.parse("192.168.1.0/24")),
                java.util.Map.of(QuarantinePolicy.DNS_CONTROLLER, java.util.Set.of(IpAddress.of("192.168.1.1"))),
                java.util.Map.of(), java.util.Map.of(), java.util.Map.of());
        CompiledPolicy q = QuarantinePolicy.compile(IpAddress.of("192.168.1.77"), site, List.of(
                QuarantinePolicy.Endpoint.tcp("mqtt", IpAddress.of("203.0.113.5"), 8883)), DnsCache.systemClock());
        cases.add(new Case("quarantine", q, DnsCache.systemClock(), flowsFor(q, DnsCache.systemClock(), 5)));
    }

    @Test
    @Timeout(120)
    void exportedRulesetsDecideLikeTheEngine() throws Exception {
        corpusCases();
        otherCases();
        int compared = 0;
        int allowed = 0;
        int nonDefault = 0;
        for (Case c : cases) {
            NftInterpreter nft = new NftInterpreter(NftablesExporter.export(c.policy(), c.dns()), c.policy().device());
            for (Flow f : c.flows()) {
                if (f.initiator() == Flow.Initiator.UNKNOWN) {
                    continue;
                }
                Verdict v = c.policy().evaluate(f);
                NftInterpreter.Decision d = nft.decide(f);
                assertThat(d.accept()).as("%s: %s -> engine %s, nft %s", c.name(), f, v, d).isEqualTo(v.allowed());
                assertThat(d.comment()).as("%s: %s", c.name(), f).isEqualTo(v.isDefaultDeny() ? "default deny"
                        : NftablesExporter.comment(v.acl() + "/" + v.ace()));
                compared++;
                allowed += v.allowed() ? 1 : 0;
                nonDefault += v.isDefaultDeny() ? 0 : 1;
            }
        }
        assertThat(compared).isGreaterThan(20_000);
        assertThat(allowed).isGreaterThan(compared / 20);
        assertThat(nonDefault - allowed).as("flows denied by an explicit entry").isGreaterThan(500);
    }

    @Test
    @Timeout(120)
    void theSameRulesetsPassNftCheckMode() throws Exception {
        Assumptions.assumeTrue(nftCheckWorks(), "nft is not installed or cannot run 'nft -c' as this user; skipping");
        corpusCases();
        otherCases();
        StringBuilder all = new StringBuilder();
        java.util.Set<String> tables = new java.util.HashSet<>();
        for (Case c : cases) {
            // one table per device address: random policies share device addresses, check those one by one
            if (tables.add(NftablesExporter.tableName(c.policy().device()))) {
                all.append(NftablesExporter.export(c.policy(), c.dns()));
            } else {
                assertThat(nftCheck(NftablesExporter.export(c.policy(), c.dns()))).as(c.name()).isEmpty();
            }
        }
        assertThat(nftCheck(all.toString())).as("nft -c output").isEmpty();
    }

    private boolean nftCheckWorks() {
        try {
            return nftCheck("table inet palisade_probe {\n}\n").isEmpty();
        } catch (java.io.IOException | InterruptedException e) {
            return false;
        }
    }

    private String nftCheck(String ruleset) throws java.io.IOException, InterruptedException {
        Path file = dir.resolve("ruleset-" + System.nanoTime() + ".nft");
        Files.writeString(file, ruleset, StandardCharsets.UTF_8);
        Process p = new ProcessBuilder("nft", "-c", "-f", file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return "timeout";
        }
        return p.exitValue() == 0 ? "" : out.isEmpty() ? "exit " + p.exitValue() : out;
    }
}
