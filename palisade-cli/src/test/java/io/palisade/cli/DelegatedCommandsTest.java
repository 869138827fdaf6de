package io.palisade.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.palisade.cli.Json;
import io.palisade.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `palisade mud check` and `palisade tuf-client` reach their engines through the one palisade command. */
class DelegatedCommandsTest {
    @TempDir
    Path tmp;

    static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    static final String MUD = """
            {"ietf-mud:mud": {"mud-version": 1, "mud-url": "https://mud.acme.example/acme-cam.json",
              "last-update": "2026-11-01T10:00:00+00:00", "cache-validity": 48, "is-supported": true,
              "systeminfo": "Acme camera", "mfg-name": "Acme", "model-name": "acme-cam",
              "from-device-policy": {"access-lists": {"access-list": [{"name": "cam-from"}]}},
              "to-device-policy": {"access-lists": {"access-list": [{"name": "cam-to"}]}}},
             "ietf-access-control-list:acls": {"acl": [
              {"name": "cam-from", "type": "ipv4-acl-type", "aces": {"ace": [
                {"name": "cloud", "matches": {"ipv4": {"protocol": 6, "ietf-acldns:dst-dnsname": "cloud.acme.example"},
                  "tcp": {"destination-port": {"operator": "eq", "port": 443}}}, "actions": {"forwarding": "accept"}}]}},
              {"name": "cam-to", "type": "ipv4-acl-type", "aces": {"ace": [
                {"name": "cloud-in", "matches": {"ipv4": {"protocol": 6, "ietf-acldns:src-dnsname": "cloud.acme.example"},
                  "tcp": {"source-port": {"operator": "eq", "port": 443}}}, "actions": {"forwarding": "accept"}}]}}]}}
            """;

    @Test
    void mudCheckGivesOneVerdictPerFlowLine() throws Exception {
        Files.writeString(tmp.resolve("cam.json"), MUD);
        Files.writeString(tmp.resolve("flows.jsonl"), """
                {"src":"192.168.1.50","sport":50000,"dst":"52.10.10.10","dport":443,"proto":"tcp","dst_name":"cloud.acme.example","initiator":"src"}
                {"src":"192.168.1.50","sport":50001,"dst":"203.0.113.9","dport":8777,"proto":"tcp","initiator":"src"}
                not json
                """);
        String[] r = run("mud", "check", "--mud", tmp.resolve("cam.json").toString(), "--device-ip", "192.168.1.50",
                "--flows", tmp.resolve("flows.jsonl").toString(), "--json");
        assertThat(r[0]).as(r[2]).isEqualTo("1");
        String[] lines = r[1].strip().split("\n");
        JsonNode first = Json.MAPPER.readTree(lines[0]);
        JsonNode second = Json.MAPPER.readTree(lines[1]);
        assertThat(first.path("verdict").asText()).isEqualTo("allow");
        assertThat(first.path("acl").asText()).isEqualTo("cam-from");
        assertThat(first.path("ace").asText()).isEqualTo("cloud");
        assertThat(second.path("verdict").asText()).isEqualTo("deny");
        assertThat(second.path("acl").isNull()).isTrue();
        assertThat(r[2]).contains("line 3");
    }

    @Test
    void tufClientRefusesAnUntrustedRootWithExitCode1() throws Exception {
        Files.writeString(tmp.resolve("root.json"), "{\"signed\":{},\"signatures\":[]}");
        String[] r = run("tuf-client", "--metadata-dir", tmp.resolve("meta").toString(), "init", tmp.resolve("root.json").toString());
        assertThat(r[0]).isEqualTo("1");
        assertThat(r[2]).isNotBlank();
        assertThat(tmp.resolve("meta").resolve("root.json")).doesNotExist();
    }
}
