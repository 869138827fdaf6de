package io.palisade.mud.nft;

import static org.assertj.core.api.Assertions.assertThat;

import io.palisade.mud.MudException;
import io.palisade.mud.MudParser;
import io.palisade.mud.TestFiles;
import io.palisade.mud.model.MudProfile;
import io.palisade.mud.net.IpAddress;
import io.palisade.mud.policy.DnsCache;
import io.palisade.mud.policy.MudCompiler;
import io.palisade.mud.policy.SiteFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class NftablesExporterTest {
    @TempDir
    Path dir;

    private SiteFile.Site site;
    private DnsCache dns;
    private MudProfile thermostat;

    @BeforeEach
    void setUp() throws MudException {
        site = SiteFile.parse(TestFiles.bytes("policy/site.json"));
        dns = DnsCache.systemClock();
        site.fill(dns);
        thermostat = MudParser.strict().parse(TestFiles.bytes("policy/thermostat.json")).profile();
    }

    private String export(MudProfile p, String device) {
        return NftablesExporter.export(MudCompiler.compile(p, IpAddress.of(device), site.context(), dns), dns);
    }

    @Test
    void rendersOneRulePerAceInOrder() {
        String nft = export(thermostat, "192.168.1.50");
        assertThat(nft).contains("table inet palisade_mud_192_168_1_50 {")
                .contains("set dns_1_v4 {\n        type ipv4_addr; flags timeout;\n        comment \"pool.ntp.org\"\n"
                        + "        elements = { 192.0.2.123 }")
                .contains("meta l4proto tcp tcp dport 23 counter reject comment \"t2-v4fr/no-telnet\"")
                .contains("meta l4proto tcp ip daddr @dns_0_v4 tcp dport 443 ct direction original counter accept "
                        + "comment \"t2-v4fr/cloud-https\"")
                .contains("meta l4proto udp ip daddr { 192.168.1.0/24 } udp dport 5683-5684 counter accept")
                .contains("meta l4proto tcp ip daddr { 192.168.1.30, 192.168.1.31 } tcp dport 8443 counter accept")
                .contains("# t2-v4fr/sensors: never matches (model https://sense.example.net/.well-known/mud/s1 "
                        + "resolves to no address in this site)")
                .contains("udp dport != 9 counter accept")
                .contains("# t2-v6fr/nd: IPv6 entry, not applicable to 192.168.1.50")
                .contains("meta l4proto tcp ip saddr { 192.168.1.0/24 } tcp dport 80 ct direction original counter "
                        + "accept comment \"t2-v4to/local-config\"")
                .contains("ip saddr 192.168.1.50 jump from_device");
        assertThat(nft.indexOf("no-telnet")).isLessThan(nft.indexOf("cloud-https"));
    }

    @Test
    @Timeout(60)
    void rulesetsPassNftCheckMode() throws Exception {
        Assumptions.assumeTrue(nftCheckWorks(), "nft is not installed or cannot run in check mode; skipping");
        StringBuilder all = new StringBuilder();
        all.append(export(thermostat, "192.168.1.50")).append(export(thermostat, "fd00::50"));
        int device = 1;
        for (String f : TestFiles.mudFiles()) {
            MudProfile p = MudParser.lenient().parse(TestFiles.bytes(f)).profile();
            all.append(export(p, "10.1.0." + device)).append(export(p, "fd00:1::" + Integer.toHexString(device)));
            device++;
        }
        assertThat(nftCheck(all.toString())).as("nft -c output").isEmpty();
    }

    private boolean nftCheckWorks() {
        try {
            return nftCheck("table inet palisade_probe {\n}\n").isEmpty();
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** Runs {@code nft -c -f}; returns its output if it failed, "" if the ruleset is valid. */
    private String nftCheck(String ruleset) throws IOException, InterruptedException {
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
