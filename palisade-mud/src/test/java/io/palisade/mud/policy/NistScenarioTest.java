package io.palisade.mud.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.palisade.mud.Json;
import io.palisade.mud.MudParser;
import io.palisade.mud.TestFiles;
import io.palisade.mud.net.Cidr;
import io.palisade.mud.net.IpAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Scenarios of the NIST SP 1800-15 SDN MUD build, with the site taken from its controllerclass-mapping.json. */
class NistScenarioTest {
    private static final String DIR = "mud/nist-sdn-mud/unittest/mud-tcp-direction-test/";

    static SiteContext site(String mappingResource) throws Exception {
        JsonNode m = Json.mapper().readTree(TestFiles.bytes(mappingResource)).get("controllerclass-mapping");
        Map<URI, Set<IpAddress>> controllers = new HashMap<>();
        for (JsonNode c : m.get("controller")) {
            Set<IpAddress> ips = new HashSet<>();
            c.get("address-list").forEach(a -> ips.add(IpAddress.of(a.asText())));
            controllers.put(URI.create(c.get("uri").asText()), ips);
        }
        List<Cidr> local = new ArrayList<>();
        m.get("local-networks").forEach(n -> local.add(Cidr.parse(n.asText())));
        return SiteContext.of(local, controllers, Map.of(), Map.of(), Map.of());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            device opens to peer port 800      | 10.0.0.41 | 40000 | 10.0.0.42 | 800   | src | allow | loc0-frdev
            peer opened, device sends to 800   | 10.0.0.41 | 40000 | 10.0.0.42 | 800   | dst | deny  | -
            reply from peer port 800           | 10.0.0.42 | 800   | 10.0.0.41 | 40000 | dst | allow | loc0-todev
            peer opens device port 8000        | 10.0.0.42 | 40000 | 10.0.0.41 | 8000  | src | allow | loc1-todev
            device opened to its own port 8000 | 10.0.0.42 | 40000 | 10.0.0.41 | 8000  | dst | deny  | -
            device replies from port 8000      | 10.0.0.41 | 8000  | 10.0.0.42 | 40000 | dst | allow | loc1-frdev
            non-local peer                     | 10.0.0.41 | 40000 | 10.0.1.42 | 800   | src | deny  | -
            """)
    void tcpDirectionInitiated(String what, String src, int sport, String dst, int dport, String initiator,
                               String verdict, String ace) throws Exception {
        var profile = MudParser.strict().parse(TestFiles.bytes(DIR + "mudfile-tcp-direction-test.json")).profile();
        CompiledPolicy p = MudCompiler.compile(profile, IpAddress.of("10.0.0.41"),
                site(DIR + "controllerclass-mapping.json"), DnsCache.systemClock());
        Verdict v = p.evaluate(Flow.of(src, sport, dst, dport, 6,
                initiator.equals("src") ? Flow.Initiator.SRC : Flow.Initiator.DST));
        assertThat(v.decision().lowerCase()).as(what).isEqualTo(verdict);
        assertThat(v.ace()).as(what).isEqualTo(ace.equals("-") ? null : ace);
    }
}
