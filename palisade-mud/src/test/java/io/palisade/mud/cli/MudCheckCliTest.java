package io.palisade.mud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.palisade.mud.TestFiles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MudCheckCliTest {
    @TempDir
    Path dir;
    Path mud;
    Path site;
    Path flows;
    String out;
    String err;

    @BeforeEach
    void files() throws Exception {
        mud = write("thermostat.json", TestFiles.bytes("policy/thermostat.json"));
        site = write("site.json", TestFiles.bytes("policy/site.json"));
        flows = write("flows.jsonl", TestFiles.bytes("policy/flows.jsonl"));
    }

    private Path write(String name, byte[] content) throws Exception {
        Path p = dir.resolve(name);
        Files.write(p, content);
        return p;
    }

    private int run(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code = MudCheckCli.run(args, new PrintStream(o, true, StandardCharsets.UTF_8),
                new PrintStream(e, true, StandardCharsets.UTF_8));
        out = o.toString(StandardCharsets.UTF_8);
        err = e.toString(StandardCharsets.UTF_8);
        return code;
    }

    @Test
    void jsonOutputOneLinePerFlowAndBadLinesReported() {
        int code = run("--mud", mud.toString(), "--device-ip", "192.168.1.50", "--site", site.toString(), "--flows",
                flows.toString(), "--json");
        assertThat(out.lines().toList()).containsExactly(
                "{\"line\":1,\"verdict\":\"allow\",\"acl\":\"t2-v4fr\",\"ace\":\"cloud-https\"}",
                "{\"line\":2,\"verdict\":\"deny\",\"acl\":null,\"ace\":null}",
                "{\"line\":3,\"verdict\":\"allow\",\"acl\":\"t2-v4fr\",\"ace\":\"ntp\"}",
                "{\"line\":4,\"verdict\":\"allow\",\"acl\":\"t2-v4to\",\"ace\":\"local-config\"}",
                "{\"line\":6,\"verdict\":\"allow\",\"acl\":\"t2-v4fr\",\"ace\":\"dns\"}",
                "{\"line\":9,\"verdict\":\"deny\",\"acl\":\"t2-v4fr\",\"ace\":\"no-telnet\"}");
        assertThat(err).contains("line 5: flow record is not valid JSON")
                .contains("line 8: flow 10.9.9.9 -> 10.9.9.8 does not involve the device 192.168.1.50")
                .contains("warning: ACL 't2-v4fr' ACE 'sensors': model")
                .contains("2 flow line(s) could not be evaluated");
        assertThat(code).isEqualTo(1);
    }

    @Test
    void tableOutputIsAligned() throws Exception {
        Path good = write("good.jsonl", String.join("\n", TestFiles.bytes("policy/flows.jsonl").length > 0
                ? new String(TestFiles.bytes("policy/flows.jsonl"), StandardCharsets.UTF_8).lines()
                .filter(l -> l.startsWith("{\"src\":\"192.168")).toList() : List.of()).getBytes(StandardCharsets.UTF_8));
        int code = run("--mud", mud.toString(), "--device-ip", "192.168.1.50", "--site", site.toString(), "--flows",
                good.toString());
        assertThat(code).isZero();
        List<String> lines = out.lines().toList();
        assertThat(lines).hasSize(7);
        assertThat(lines.get(0)).startsWith("LINE   VERDICT DIRECTION   ACL     ACE              FLOW");
        assertThat(lines.get(1)).startsWith("1      allow   from-device t2-v4fr cloud-https      tcp 192.168.1.50:50000 -> "
                + "203.0.113.10:443 (api.thermo.example.com) (opened by src)");
        assertThat(lines.get(2)).startsWith("2      deny    from-device -       -                tcp 192.168.1.50:50001");
        int flowColumn = lines.get(0).indexOf("FLOW");
        List<Integer> columns = new ArrayList<>();
        for (String l : lines.subList(1, lines.size())) {
            columns.add(l.indexOf(l.contains(" tcp ") ? " tcp " : " udp ") + 1);
        }
        assertThat(columns).containsOnly(flowColumn);
    }

    @Test
    void lenientModeReportsNormalizations() throws Exception {
        Path draft = write("lightbulb.json", TestFiles.bytes("mud/osmud/lightbulb2000.json"));
        Path f = write("f.jsonl", ("{\"src\":\"2001:db8::5\",\"sport\":50000,\"dst\":\"2001:db8::443\",\"dport\":443,"
                + "\"proto\":\"tcp\",\"dst_name\":\"service.bms.example.com\",\"initiator\":\"src\"}\n")
                .getBytes(StandardCharsets.UTF_8));
        assertThat(run("--mud", draft.toString(), "--device-ip", "2001:db8::5", "--flows", f.toString(), "--json"))
                .isEqualTo(1);
        assertThat(err).contains("unknown member 'ietf-access-control-list:access-lists'").contains("--lenient");
        assertThat(run("--mud", draft.toString(), "--device-ip", "2001:db8::5", "--flows", f.toString(), "--json",
                "--lenient")).isZero();
        assertThat(err).contains("lenient: $.ietf-access-control-list:access-lists: renamed to "
                + "'ietf-access-control-list:acls'");
        assertThat(out.strip()).isEqualTo("{\"line\":1,\"verdict\":\"allow\",\"acl\":\"mud-45782-v6fr\","
                + "\"ace\":\"cl0-frdev\"}");
    }

    @Test
    void writesNftablesRuleset() throws Exception {
        Path nft = dir.resolve("out.nft");
        Path one = write("one.jsonl", "{\"src\":\"192.168.1.50\",\"dst\":\"192.168.1.1\",\"dport\":53,\"proto\":\"udp\"}"
                .getBytes(StandardCharsets.UTF_8));
        assertThat(run("--mud", mud.toString(), "--device-ip", "192.168.1.50", "--site", site.toString(), "--flows",
                one.toString(), "--nft", nft.toString())).isZero();
        assertThat(Files.readString(nft)).contains("table inet palisade_mud_192_168_1_50")
                .contains("comment \"t2-v4fr/dns\"");
    }

    @Test
    void usageErrorsExitWith2() {
        assertThat(run()).isEqualTo(2);
        assertThat(err).contains("usage: mud-check");
        assertThat(run("--mud", mud.toString(), "--device-ip", "not-an-ip", "--flows", flows.toString())).isEqualTo(2);
        assertThat(err).contains("--device-ip is not an IP address");
        assertThat(run("--mud", mud.toString(), "--device-ip", "10.0.0.1", "--flows", flows.toString(), "--bogus"))
                .isEqualTo(2);
        assertThat(run("--mud")).isEqualTo(2);
        assertThat(run("--mud", dir.resolve("missing.json").toString(), "--device-ip", "10.0.0.1", "--flows",
                flows.toString())).isEqualTo(2);
        assertThat(err).contains("file not found");
    }

    @Test
    void invalidMudOrSiteExitWith1() throws Exception {
        Path bad = write("bad.json", "{\"ietf-mud:mud\":{\"mud-version\":2}}".getBytes(StandardCharsets.UTF_8));
        assertThat(run("--mud", bad.toString(), "--device-ip", "10.0.0.1", "--flows", flows.toString())).isEqualTo(1);
        assertThat(err).contains("$.ietf-mud:mud.mud-version: unsupported mud-version 2");
        Path badSite = write("badsite.json", "{\"local-networks\":[\"10.0.0.0\"]}".getBytes(StandardCharsets.UTF_8));
        assertThat(run("--mud", mud.toString(), "--device-ip", "10.0.0.1", "--site", badSite.toString(), "--flows",
                flows.toString())).isEqualTo(1);
        assertThat(err).contains("$.local-networks[0]: not an IP prefix");
    }

    @Test
    void signatureIsCheckedBeforeAnalysis() throws Exception {
        Path json = write("lum.json", TestFiles.bytes("mud/cisco-luminaire-signed/Luminaire_150.json"));
        Path sig = write("lum.p7s", TestFiles.bytes("mud/cisco-luminaire-signed/Luminaire_150.p7s"));
        Path ca = write("ca.pem", TestFiles.bytes("mud/cisco-luminaire-signed/luminaire-cacert.pem"));
        // the CA expired in 2019, so today the signature is rejected
        assertThat(run("--mud", json.toString(), "--device-ip", "10.0.0.1", "--flows", flows.toString(),
                "--signature", sig.toString(), "--trust", ca.toString())).isEqualTo(1);
        assertThat(err).contains("signature invalid");
        assertThat(run("--mud", json.toString(), "--device-ip", "10.0.0.1", "--flows", flows.toString(),
                "--signature", sig.toString())).isEqualTo(2);
    }

    @Test
    void overlongFlowLineIsReportedAndProcessingContinues() throws Exception {
        Path f = write("long.jsonl", ("{\"pad\":\"" + "x".repeat(40_000) + "\"}\n"
                + "{\"src\":\"192.168.1.50\",\"dst\":\"198.51.100.7\",\"dport\":4444,\"proto\":\"tcp\"}\n")
                .getBytes(StandardCharsets.UTF_8));
        assertThat(run("--mud", mud.toString(), "--device-ip", "192.168.1.50", "--flows", f.toString(), "--json"))
                .isEqualTo(1);
        assertThat(err).contains("line 1: flow record longer than 16384 characters");
        assertThat(out.strip()).isEqualTo("{\"line\":2,\"verdict\":\"deny\",\"acl\":null,\"ace\":null}");
    }
}
