package io.palisade.mud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.palisade.mud.model.Ace;
import io.palisade.mud.model.Acl;
import io.palisade.mud.model.Direction;
import io.palisade.mud.model.IpMatch;
import io.palisade.mud.model.L4Match;
import io.palisade.mud.model.MudProfile;
import io.palisade.mud.model.PortMatch;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every real third-party MUD file in the test resources parses, strictly or (reported) leniently. */
class CorpusTest {

    /** Files that are not in the RFC shape, with a fragment of the first strict error. */
    private static final java.util.Map<String, String> NOT_STRICT = java.util.Map.ofEntries(
            java.util.Map.entry("mud/mud-visualizer-samples/tester_domain.json", "systeminfo is 75 characters"),
            java.util.Map.entry("mud/mud-visualizer-samples/tester_domain3.json", "systeminfo is 75 characters"),
            java.util.Map.entry("mud/mud-visualizer-samples/tester_domain4.json", "systeminfo is 75 characters"),
            java.util.Map.entry("mud/mud-visualizer-samples/tester_same_manufacturer.json", "systeminfo is 87"),
            java.util.Map.entry("mud/mud-visualizer-samples/tester_local_network3_udp.json",
                    "ACL name 'mud-35723-v4fr' is defined twice"),
            java.util.Map.entry("mud/mudmaker/cloud-service.json", "systeminfo is 75"),
            java.util.Map.entry("mud/mudmaker/my-controller.json", "systeminfo is 65"),
            java.util.Map.entry("mud/mudmaker/same-manufacturer.json", "systeminfo is 87"),
            java.util.Map.entry("mud/namib/Amazon-Echo.json", "ietf-access-control-list:access-lists"),
            java.util.Map.entry("mud/namib/August-Doorbell.json", "ietf-access-control-list:access-lists"),
            java.util.Map.entry("mud/namib/Ring-Doorbell.json", "ietf-access-control-list:access-lists"),
            java.util.Map.entry("mud/namib/MUD-Profile-example.json", "date-and-time with zone offset"),
            java.util.Map.entry("mud/osmud/lightbulb2000.json", "ietf-access-control-list:access-lists"));

    static Stream<String> files() {
        return TestFiles.mudFiles().stream();
    }

    @Test
    void corpusIsComplete() {
        assertThat(TestFiles.mudFiles()).hasSizeGreaterThanOrEqualTo(39).containsAll(NOT_STRICT.keySet());
    }

    @ParameterizedTest
    @MethodSource("files")
    void parsesStrictOrReportedLenient(String file) throws MudException {
        byte[] bytes = TestFiles.bytes(file);
        if (NOT_STRICT.containsKey(file)) {
            assertThatThrownBy(() -> MudParser.strict().parse(bytes)).isInstanceOf(MudException.class)
                    .hasMessageContaining(NOT_STRICT.get(file));
            MudParseResult r = MudParser.lenient().parse(bytes);
            assertThat(r.normalizations()).as("lenient normalizations of " + file).isNotEmpty();
            assertThat(r.rfcShaped()).isFalse();
            assertWellFormed(r.profile());
        } else {
            MudParseResult strict = MudParser.strict().parse(bytes);
            assertThat(strict.normalizations()).isEmpty();
            assertWellFormed(strict.profile());
            // lenient mode changes nothing on an RFC-shaped file
            MudParseResult lenient = MudParser.lenient().parse(bytes);
            assertThat(lenient.normalizations()).isEmpty();
            assertThat(lenient.profile()).isEqualTo(strict.profile());
        }
    }

    private static void assertWellFormed(MudProfile p) {
        assertThat(p.mudUrl().getScheme()).isEqualTo("https");
        int aces = 0;
        for (Direction d : Direction.values()) {
            for (Acl acl : p.policy(d)) {
                aces += acl.aces().size();
            }
        }
        assertThat(aces).isPositive();
    }

    @Test
    void nistFilesIgnoreForeignExtensionsAndReportThem() throws MudException {
        MudParseResult r = MudParser.strict().parse(TestFiles.bytes(
                "mud/nist-sdn-mud/unittest/mud-tcp-direction-test/mudfile-tcp-direction-test.json"));
        assertThat(r.ignoredExtensions()).containsExactly("$.ietf-mud:mud.ietf-mud-reporter-extension:reporter");
    }

    @Test
    void draftShapeNormalizesToTheSameModelAsItsRfcRewrite() throws MudException {
        MudParseResult draft = MudParser.lenient().parse(TestFiles.bytes("mud/osmud/lightbulb2000.json"));
        MudParseResult rfc = MudParser.strict().parse(TestFiles.bytes("rewritten/lightbulb2000-rfc.json"));
        assertThat(draft.profile()).isEqualTo(rfc.profile());
        assertThat(draft.normalizations()).contains(
                "$.ietf-access-control-list:access-lists: renamed to 'ietf-access-control-list:acls'",
                "$.ietf-access-control-list:acls.acl[0].acl-type: renamed to 'type'",
                "$.ietf-access-control-list:acls.acl[0].aces.ace[0].rule-name: renamed to 'name'",
                "$.ietf-access-control-list:acls.acl[0].aces.ace[0].matches.ipv6-acl: renamed to 'ipv6'",
                "$.ietf-access-control-list:acls.acl[0].aces.ace[0].matches.ipv6.source-port-range-or-operator: "
                        + "moved to tcp.source-port");
    }

    @Test
    void namibQuirksAreNormalizedAndReported() throws MudException {
        MudParseResult august = MudParser.lenient().parse(TestFiles.bytes("mud/namib/August-Doorbell.json"));
        assertThat(august.normalizations()).anySatisfy(n -> assertThat(n).contains("ethertype string '0x0800' read as 2048"))
                .anySatisfy(n -> assertThat(n).contains("holds only IPv4 networks, read as an ipv4 match"))
                .anySatisfy(n -> assertThat(n).contains("address without prefix length read as fdc1:1bdc:1e84:0:0:0:0:1/128"));
        MudParseResult example = MudParser.lenient().parse(TestFiles.bytes("mud/namib/MUD-Profile-example.json"));
        assertThat(example.profile().lastUpdate().toString()).isEqualTo("2019-07-23T19:54:24Z");
        assertThat(example.normalizations())
                .anySatisfy(n -> assertThat(n).contains("ACL type 'ipv4' read as 'ipv4-acl-type'"))
                .anySatisfy(n -> assertThat(n).contains("duplicate ACE name 'myman1-todev' renamed to 'myman1-todev#2'"))
                .anySatisfy(n -> assertThat(n).contains("same-manufacturer: empty value [] read as [null]"));
    }

    /** The namib project's own expected parse results ({@code *-Test.json}) agree with ours. */
    @ParameterizedTest
    @ValueSource(strings = {"Amazon-Echo", "August-Doorbell", "Ring-Doorbell"})
    void agreesWithNamibExpectedParse(String device) throws Exception {
        MudProfile p = MudParser.lenient().parse(TestFiles.bytes("mud/namib/" + device + ".json")).profile();
        JsonNode expected = Json.mapper().readTree(TestFiles.bytes("mud/namib/" + device + "-Test.json"));
        assertThat(p.mudUrl().toString()).isEqualTo(expected.get("url").asText());
        assertThat(p.systemInfo()).contains(expected.get("systeminfo").asText());
        int compared = 0;
        for (JsonNode acl : expected.get("acllist")) {
            String name = acl.get("name").asText();
            Acl ours = p.acls().get(name);
            assertThat(ours).as(name).isNotNull();
            Direction d = acl.get("packet_direction").asText().equals("FromDevice") ? Direction.FROM_DEVICE
                    : Direction.TO_DEVICE;
            assertThat(d == Direction.FROM_DEVICE ? p.fromDevicePolicy() : p.toDevicePolicy()).contains(name);
            assertThat(ours.aces()).extracting(Ace::name).containsExactlyElementsOf(
                    Stream.of(acl.get("ace")).flatMap(a -> java.util.stream.StreamSupport.stream(a.spliterator(), false))
                            .map(a -> a.get("name").asText()).toList());
            for (int i = 0; i < ours.aces().size(); i++) {
                compareAce(ours.aces().get(i), acl.get("ace").get(i));
                compared++;
            }
        }
        assertThat(compared).isGreaterThan(10);
    }

    private static void compareAce(Ace ace, JsonNode exp) {
        JsonNode m = exp.get("matches");
        assertThat(exp.get("action").asText()).isEqualTo("Accept");
        Optional<IpMatch> ip = ace.matches().ip();
        Optional<L4Match> l4 = ace.matches().l4();
        if (!m.get("protocol").isNull()) {
            int proto = m.get("protocol").get("num").asInt();
            Integer ours = ip.flatMap(i -> i.protocol().isPresent() ? Optional.of(i.protocol().getAsInt())
                    : Optional.empty()).orElse(null);
            assertThat(ours).as(ace.name() + " protocol").isEqualTo(proto);
        }
        String dns = m.get("dnsname").isNull() ? null : m.get("dnsname").asText();
        String ourDns = ip.flatMap(i -> i.destinationDnsName().or(i::sourceDnsName)).orElse(null);
        assertThat(ourDns).as(ace.name() + " dnsname").isEqualTo(dns);
        comparePort(ace.name() + " source port", m.get("source_port"), l4, true);
        comparePort(ace.name() + " destination port", m.get("destination_port"), l4, false);
        String dir = m.get("direction_initiated").isNull() ? null : m.get("direction_initiated").asText();
        Optional<Direction> ours = l4.filter(L4Match.Tcp.class::isInstance).map(L4Match.Tcp.class::cast)
                .flatMap(L4Match.Tcp::directionInitiated);
        assertThat(ours.map(o -> o == Direction.FROM_DEVICE ? "FromDevice" : "ToDevice").orElse(null))
                .as(ace.name() + " direction").isEqualTo(dir);
        if (!m.get("icmp_type").isNull()) {
            assertThat(l4).get().isInstanceOfSatisfying(L4Match.Icmp.class,
                    icmp -> assertThat(icmp.type().getAsInt()).isEqualTo(m.get("icmp_type").asInt()));
        }
    }

    private static void comparePort(String what, JsonNode exp, Optional<L4Match> l4, boolean source) {
        Optional<PortMatch> ours = l4.flatMap(x -> switch (x) {
            case L4Match.Tcp t -> source ? t.sourcePort() : t.destinationPort();
            case L4Match.Udp u -> source ? u.sourcePort() : u.destinationPort();
            case L4Match.Icmp i -> Optional.empty();
        });
        if (exp == null || exp.isNull()) {
            assertThat(ours).as(what).isEmpty();
        } else {
            assertThat(ours).as(what).contains(PortMatch.eq(exp.get("single").asInt()));
        }
    }

    @Test
    void duplicateAclIsMergedInLenientMode() throws MudException {
        MudParseResult r = MudParser.lenient().parse(
                TestFiles.bytes("mud/mud-visualizer-samples/tester_local_network3_udp.json"));
        Acl acl = r.profile().acls().get("mud-35723-v4fr");
        assertThat(acl.aces()).extracting(Ace::name).containsExactly("loc0-frdev", "loc0-frdev#2");
        assertThat(acl.aces().get(1).matches().l4()).get().isInstanceOf(L4Match.Udp.class);
        assertThat(Set.copyOf(r.profile().acls().keySet())).hasSize(4);
        assertThat(List.copyOf(r.normalizations())).hasSize(2);
    }
}
