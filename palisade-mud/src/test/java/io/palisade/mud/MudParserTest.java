package io.palisade.mud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.palisade.mud.model.Acl;
import io.palisade.mud.model.AclType;
import io.palisade.mud.model.Direction;
import io.palisade.mud.model.Forwarding;
import io.palisade.mud.model.IpMatch;
import io.palisade.mud.model.L4Match;
import io.palisade.mud.model.MudProfile;
import io.palisade.mud.model.PortMatch;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.Test;

class MudParserTest {
    private static final String RFC_EXAMPLE = "mud/osmud/ieft-draft.json";

    /** The RFC 8520 §9 example, as a mutable tree. */
    private static ObjectNode example() {
        try {
            return (ObjectNode) Json.mapper().readTree(TestFiles.bytes(RFC_EXAMPLE));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] with(Consumer<ObjectNode> edit) {
        ObjectNode root = example();
        edit.accept(root);
        return root.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static ObjectNode mud(ObjectNode root) {
        return (ObjectNode) root.get("ietf-mud:mud");
    }

    private static ObjectNode ace(ObjectNode root, int acl, int ace) {
        return (ObjectNode) root.get("ietf-access-control-list:acls").get("acl").get(acl).get("aces").get("ace").get(ace);
    }

    private static ObjectNode matches(ObjectNode root) {
        return (ObjectNode) ace(root, 1, 0).get("matches");
    }

    private static void rejects(byte[] bytes, String path, String message) {
        rejects(bytes, path, message, MudParser.strict(), MudParser.lenient());
    }

    /** For inputs that lenient mode deliberately repairs. */
    private static void rejectsStrict(byte[] bytes, String path, String message) {
        rejects(bytes, path, message, MudParser.strict());
    }

    private static void rejects(byte[] bytes, String path, String message, MudParser... parsers) {
        for (MudParser p : parsers) {
            ThrowableAssert.ThrowingCallable call = () -> p.parse(bytes);
            assertThatThrownBy(call).isInstanceOfSatisfying(MudException.class, e -> {
                assertThat(e.path()).isEqualTo(path);
                assertThat(e.reason()).contains(message);
            });
        }
    }

    @Test
    void parsesTheRfc8520Example() throws MudException {
        MudParseResult r = MudParser.strict().parse(TestFiles.bytes(RFC_EXAMPLE));
        MudProfile p = r.profile();
        assertThat(p.mudUrl().toString()).isEqualTo("https://lighting.example.com/lightbulb2000");
        assertThat(p.lastUpdate().toString()).isEqualTo("2018-03-02T11:20:51+01:00");
        assertThat(p.cacheValidityHours()).isEqualTo(48);
        assertThat(p.supported()).isTrue();
        assertThat(p.systemInfo()).contains("The BMS Example Lightbulb");
        assertThat(p.manufacturerAuthority()).isEqualTo("lighting.example.com");
        assertThat(p.fromDevicePolicy()).containsExactly("mud-76100-v6fr");
        assertThat(p.toDevicePolicy()).containsExactly("mud-76100-v6to");
        Acl fr = p.policy(Direction.FROM_DEVICE).get(0);
        assertThat(fr.type()).contains(AclType.IPV6);
        var ace = fr.aces().get(0);
        assertThat(ace.name()).isEqualTo("cl0-frdev");
        assertThat(ace.forwarding()).isEqualTo(Forwarding.ACCEPT);
        IpMatch ip = ace.matches().ip().orElseThrow();
        assertThat(ip.v6()).isTrue();
        assertThat(ip.protocol().getAsInt()).isEqualTo(6);
        assertThat(ip.destinationDnsName()).contains("test.example.com");
        L4Match.Tcp tcp = (L4Match.Tcp) ace.matches().l4().orElseThrow();
        assertThat(tcp.destinationPort()).contains(PortMatch.eq(443));
        assertThat(tcp.directionInitiated()).contains(Direction.FROM_DEVICE);
        assertThat(r.normalizations()).isEmpty();
        assertThat(r.ignoredExtensions()).isEmpty();
    }

    @Test
    void cacheValidityDefaultsTo48() throws MudException {
        assertThat(MudParser.strict().parse(with(r -> mud(r).remove("cache-validity"))).profile().cacheValidityHours())
                .isEqualTo(48);
        assertThat(MudParser.strict().parse(with(r -> mud(r).put("cache-validity", 1))).profile().cacheValidityHours())
                .isEqualTo(1);
        assertThat(MudParser.strict().parse(with(r -> mud(r).put("cache-validity", 168))).profile()
                .cacheValidityHours()).isEqualTo(168);
    }

    @Test
    void rejectsBadMudVersion() {
        rejects(with(r -> mud(r).put("mud-version", 2)), "$.ietf-mud:mud.mud-version", "unsupported mud-version 2");
        rejects(with(r -> mud(r).remove("mud-version")), "$.ietf-mud:mud.mud-version", "is missing");
    }

    @Test
    void rejectsCacheValidityOutOfRange() {
        rejects(with(r -> mud(r).put("cache-validity", 0)), "$.ietf-mud:mud.cache-validity", "outside the allowed range 1..168");
        rejects(with(r -> mud(r).put("cache-validity", 169)), "$.ietf-mud:mud.cache-validity", "outside the allowed range 1..168");
        rejects(with(r -> mud(r).put("cache-validity", 100000)), "$.ietf-mud:mud.cache-validity", "outside the allowed range");
        rejects(with(r -> mud(r).put("cache-validity", 4.5)), "$.ietf-mud:mud.cache-validity", "expected an integer");
    }

    @Test
    void systeminfoIsLimitedTo60Characters() throws MudException {
        String sixty = "x".repeat(60);
        assertThat(MudParser.strict().parse(with(r -> mud(r).put("systeminfo", sixty))).profile().systemInfo())
                .contains(sixty);
        byte[] longer = with(r -> mud(r).put("systeminfo", "y".repeat(61)));
        assertThatThrownBy(() -> MudParser.strict().parse(longer)).isInstanceOfSatisfying(MudException.class, e -> {
            assertThat(e.path()).isEqualTo("$.ietf-mud:mud.systeminfo");
            assertThat(e.reason()).contains("61 characters, more than the 60");
        });
        MudParseResult lenient = MudParser.lenient().parse(longer);
        assertThat(lenient.profile().systemInfo()).contains("y".repeat(60));
        assertThat(lenient.normalizations()).containsExactly("$.ietf-mud:mud.systeminfo: truncated from 61 to 60 characters");
    }

    @Test
    void rejectsDanglingAclReference() {
        rejects(with(r -> ((ObjectNode) mud(r).get("to-device-policy").get("access-lists").get("access-list").get(0))
                        .put("name", "no-such-acl")),
                "$.ietf-mud:mud.to-device-policy.access-lists.access-list[0].name",
                "ACL 'no-such-acl' is referenced but not defined");
        rejects(with(r -> r.remove("ietf-access-control-list:acls")),
                "$.ietf-mud:mud.from-device-policy.access-lists.access-list[0].name",
                "ACL 'mud-76100-v6fr' is referenced but not defined");
    }

    @Test
    void rejectsWrongTypes() {
        rejects(with(r -> mud(r).put("mud-version", "one")), "$.ietf-mud:mud.mud-version", "expected an integer, got a string");
        rejects(with(r -> mud(r).put("is-supported", "yes")), "$.ietf-mud:mud.is-supported", "expected a boolean");
        rejects(with(r -> mud(r).put("mud-url", 5)), "$.ietf-mud:mud.mud-url", "expected a string, got an integer");
        rejects(with(r -> mud(r).put("mud-url", "http://lighting.example.com/x")), "$.ietf-mud:mud.mud-url", "https");
        rejects(with(r -> mud(r).put("last-update", "yesterday")), "$.ietf-mud:mud.last-update", "date-and-time");
        rejects(with(r -> mud(r).putArray("from-device-policy")), "$.ietf-mud:mud.from-device-policy", "expected an object");
        rejects(with(r -> matches(r).withObjectProperty("ipv6").put("protocol", 300)),
                "$.ietf-access-control-list:acls.acl[1].aces.ace[0].matches.ipv6.protocol", "out of range 0..255");
        rejects(with(r -> matches(r).withObjectProperty("tcp").withObjectProperty("destination-port").put("port", 70000)),
                "$.ietf-access-control-list:acls.acl[1].aces.ace[0].matches.tcp.destination-port.port", "out of range");
        rejects(with(r -> matches(r).withObjectProperty("tcp").put("ietf-mud:direction-initiated", "sideways")),
                "$.ietf-access-control-list:acls.acl[1].aces.ace[0].matches.tcp.ietf-mud:direction-initiated",
                "from-device or to-device");
        rejects(with(r -> ((ObjectNode) ace(r, 1, 0).get("actions")).put("forwarding", "maybe")),
                "$.ietf-access-control-list:acls.acl[1].aces.ace[0].actions.forwarding", "unknown forwarding action");
        rejects(with(r -> ((ObjectNode) r.get("ietf-access-control-list:acls").get("acl").get(0)).put("type", "foo")),
                "$.ietf-access-control-list:acls.acl[0].type", "unknown ACL type");
        rejects(with(r -> matches(r).withObjectProperty("ipv6").put("ietf-acldns:dst-dnsname", "bad name!")),
                "$.ietf-access-control-list:acls.acl[1].aces.ace[0].matches.ipv6.ietf-acldns:dst-dnsname",
                "not a valid DNS host name");
        rejectsStrict(with(r -> matches(r).withObjectProperty("ietf-mud:mud").put("local-networks", true)),
                "$.ietf-access-control-list:acls.acl[1].aces.ace[0].matches.ietf-mud:mud.local-networks", "[null]");
        rejects(with(r -> r.put("ietf-mud:mud", "x")), "$.ietf-mud:mud", "expected an object, got a string");
    }

    @Test
    void rejectsSemanticContradictions() {
        rejects(with(r -> matches(r).withObjectProperty("ipv6").put("protocol", 17)),
                "$.ietf-access-control-list:acls.acl[1].aces.ace[0].matches.ipv6.protocol", "contradicts the tcp match");
        rejectsStrict(with(r -> matches(r).withObjectProperty("ipv6").put("destination-ipv6-network", "10.0.0.0/8")),
                "$.ietf-access-control-list:acls.acl[1].aces.ace[0].matches.ipv6.destination-ipv6-network",
                "IPv4 prefix in an ipv6 match");
        rejects(with(r -> matches(r).withObjectProperty("ipv6").put("source-ipv6-network", "2001:db8::/129")),
                "$.ietf-access-control-list:acls.acl[1].aces.ace[0].matches.ipv6.source-ipv6-network", "not an IP prefix");
        rejects(with(r -> matches(r).withObjectProperty("udp")), "$.ietf-access-control-list:acls.acl[1].aces.ace[0].matches",
                "at most one of tcp, udp, icmp");
        rejects(with(r -> matches(r).withObjectProperty("tcp").withObjectProperty("source-port").put("lower-port", 10).put("upper-port", 5)),
                "$.ietf-access-control-list:acls.acl[1].aces.ace[0].matches.tcp.source-port", "greater than upper-port");
        rejectsStrict(with(r -> {
            ArrayNode aces = (ArrayNode) r.get("ietf-access-control-list:acls").get("acl").get(1).get("aces").get("ace");
            aces.add(aces.get(0).deepCopy());
        }), "$.ietf-access-control-list:acls.acl[1].aces.ace[1].name", "ACE name 'cl0-frdev' is used twice");
        rejects(with(r -> matches(r).withObjectProperty("ipv6").put("ttl", 3)),
                "$.ietf-access-control-list:acls.acl[1].aces.ace[0].matches.ipv6.ttl", "not supported");
    }

    @Test
    void strictRejectsUnknownMembersButIgnoresForeignModules() throws MudException {
        byte[] unknown = with(r -> mud(r).put("colour", "blue"));
        assertThatThrownBy(() -> MudParser.strict().parse(unknown)).isInstanceOfSatisfying(MudException.class,
                e -> assertThat(e.getMessage()).isEqualTo("$.ietf-mud:mud.colour: unknown member 'colour' "
                        + "(try lenient mode for pre-RFC MUD files)"));
        MudParseResult r = MudParser.strict().parse(with(r2 -> mud(r2).put("acme-ext:colour", "blue")));
        assertThat(r.ignoredExtensions()).containsExactly("$.ietf-mud:mud.acme-ext:colour");
    }

    @Test
    void aclTypeMustAgreeWithMatchesInStrictMode() throws MudException {
        byte[] bytes = with(r -> ((ObjectNode) r.get("ietf-access-control-list:acls").get("acl").get(1))
                .put("type", "ipv4-acl-type"));
        assertThatThrownBy(() -> MudParser.strict().parse(bytes)).isInstanceOf(MudException.class)
                .hasMessageContaining("not allowed in an ACL of type ipv4-acl-type");
        assertThat(MudParser.lenient().parse(bytes).normalizations()).containsExactly(
                "$.ietf-access-control-list:acls.acl[1].aces.ace[0].matches: matches not allowed in an ACL of type "
                        + "ipv4-acl-type accepted as written");
    }

    @Test
    void rejectsOversizedInput() {
        byte[] big = new byte[MudParser.MAX_BYTES + 1];
        java.util.Arrays.fill(big, (byte) ' ');
        rejects(big, "$", "larger than the limit of 1048576 bytes");
    }

    @Test
    void rejectsDeepNesting() {
        String deep = "{\"ietf-mud:mud\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
        rejects(deep.getBytes(StandardCharsets.UTF_8), "$", "not valid JSON");
        assertThatThrownBy(() -> MudParser.strict().parse(deep.getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("nesting depth");
    }

    @Test
    void rejectsMalformedDocuments() {
        rejects("".getBytes(StandardCharsets.UTF_8), "$", "empty");
        rejects("[]".getBytes(StandardCharsets.UTF_8), "$", "expected an object");
        rejects("{\"ietf-mud:mud\": {} } trailing".getBytes(StandardCharsets.UTF_8), "$", "not valid JSON");
        rejects(new byte[] {'{', '"', (byte) 0xC3, '"', ':', '1', '}'}, "$", "not valid UTF-8");
        rejects("{\"ietf-mud:mud\": {}, \"ietf-mud:mud\": {}}".getBytes(StandardCharsets.UTF_8), "$", "Duplicate field");
        rejects("{}".getBytes(StandardCharsets.UTF_8), "$.ietf-mud:mud", "required member 'ietf-mud:mud' is missing");
    }

    @Test
    void byteOrderMarkOnlyInLenientMode() throws MudException {
        byte[] doc = TestFiles.bytes(RFC_EXAMPLE);
        byte[] bom = new byte[doc.length + 3];
        bom[0] = (byte) 0xEF;
        bom[1] = (byte) 0xBB;
        bom[2] = (byte) 0xBF;
        System.arraycopy(doc, 0, bom, 3, doc.length);
        assertThatThrownBy(() -> MudParser.strict().parse(bom)).hasMessageContaining("byte order mark");
        assertThat(MudParser.lenient().parse(bom).normalizations()).containsExactly("$: removed UTF-8 byte order mark");
    }

    @Test
    void parsesPortRangesOperatorsIcmpEthAndAbstractions() throws MudException {
        byte[] bytes = with(r -> {
            ObjectNode m = matches(r);
            m.withObjectProperty("tcp").remove("destination-port");
            m.withObjectProperty("tcp").withObjectProperty("destination-port").put("lower-port", 8000).put("upper-port", 8080);
            m.withObjectProperty("tcp").withObjectProperty("source-port").put("operator", "gte").put("port", 1024);
            m.withObjectProperty("ietf-mud:mud").put("controller", "urn:ietf:params:mud:dns")
                    .put("manufacturer", "Example.COM").put("model", "https://example.com/m1");
            m.withObjectProperty("ietf-mud:mud").putArray("my-controller").addNull();
        });
        var ace = MudParser.strict().parse(bytes).profile().policy(Direction.FROM_DEVICE).get(0).aces().get(0);
        L4Match.Tcp tcp = (L4Match.Tcp) ace.matches().l4().orElseThrow();
        assertThat(tcp.destinationPort()).contains(PortMatch.range(8000, 8080));
        assertThat(tcp.sourcePort()).contains(new PortMatch(PortMatch.Operator.GTE, 1024, 65535));
        assertThat(ace.matches().mud().manufacturer()).contains("example.com");
        assertThat(ace.matches().mud().controller().orElseThrow().toString()).isEqualTo("urn:ietf:params:mud:dns");
        assertThat(ace.matches().mud().myController()).isTrue();
    }

    /** Generators such as MUD Maker variants emit a port match with both an operator and a range. */
    private static byte[] operatorAndRange(String operator, Integer port) {
        return with(r -> {
            ObjectNode m = matches(r);
            m.withObjectProperty("tcp").remove("destination-port");
            ObjectNode p = m.withObjectProperty("tcp").withObjectProperty("destination-port");
            p.put("operator", operator);
            if (port != null) {
                p.put("port", port);
            }
            p.put("lower-port", 8000).put("upper-port", 8080);
        });
    }

    @Test
    void portMatchWithOperatorAndRangeIsRefusedInStrictMode() {
        rejectsStrict(operatorAndRange("eq", 443), "$.ietf-access-control-list:acls.acl[1].aces.ace[0].matches.tcp.destination-port",
                "not both");
        rejectsStrict(operatorAndRange("lte", null), "$.ietf-access-control-list:acls.acl[1].aces.ace[0].matches.tcp.destination-port",
                "not both");
    }

    @Test
    void portMatchWithOperatorAndRangeIsNormalizedToTheRangeInLenientMode() throws MudException {
        MudParseResult r = MudParser.lenient().parse(operatorAndRange("eq", 443));
        var ace = r.profile().policy(Direction.FROM_DEVICE).get(0).aces().get(0);
        L4Match.Tcp tcp = (L4Match.Tcp) ace.matches().l4().orElseThrow();
        assertThat(tcp.destinationPort()).contains(PortMatch.range(8000, 8080));
        assertThat(r.normalizations()).containsExactly("$.ietf-access-control-list:acls.acl[1].aces.ace[0].matches.tcp.destination-port:"
                + " port match has both an operator and a range: normalized to the range 8000..8080 (dropped operator \"eq\" port 443)");
        assertThat(r.rfcShaped()).isFalse();
        // an operator without a complete range is not "both": lenient refuses the half range like strict
        byte[] half = with(x -> {
            ObjectNode p = matches(x).withObjectProperty("tcp");
            p.remove("destination-port");
            p.withObjectProperty("destination-port").put("operator", "eq").put("port", 443).put("lower-port", 8000);
        });
        rejects(half, "$.ietf-access-control-list:acls.acl[1].aces.ace[0].matches.tcp.destination-port", "not both");
    }
}
