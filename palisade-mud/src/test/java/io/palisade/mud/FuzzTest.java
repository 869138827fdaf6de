package io.palisade.mud;

import static org.assertj.core.api.Assertions.assertThat;

import io.palisade.mud.policy.FlowParser;
import io.palisade.mud.policy.SiteFile;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Malformed, truncated and mutated inputs give a MudException (or a valid result), never another exception. */
class FuzzTest {
    private static final byte[] RFC = TestFiles.bytes("mud/osmud/ieft-draft.json");
    private static final byte[] DRAFT = TestFiles.bytes("mud/osmud/lightbulb2000.json");
    private static final byte[] NAMIB = TestFiles.bytes("mud/namib/August-Doorbell.json");
    private static final List<String> TOKENS = List.of("{", "}", "[", "]", ",", ":", "null", "true", "1", "-1",
            "1e999", "\"\"", "\"ietf-mud:mud\"", "\"ietf-access-control-list:acls\"", "\"acl\"", "\"aces\"", "\"ace\"",
            "\"matches\"", "\"ipv4\"", "\"ipv6\"", "\"tcp\"", "\"name\"", "\"x\"", "\"10.0.0.0/8\"", "\"port\"",
            "\"ietf-mud:mud\"", "\"local-networks\"", "[null]", "\"mud-version\"", "\"access-lists\"");

    private static void parseBoth(byte[] bytes) {
        for (MudParser p : new MudParser[] {MudParser.strict(), MudParser.lenient()}) {
            try {
                MudParseResult r = p.parse(bytes);
                assertThat(r.profile()).isNotNull();
            } catch (MudException e) {
                assertThat(e.path()).startsWith("$");
                assertThat(e.reason()).isNotBlank();
            }
        }
    }

    @Property(tries = 300)
    void randomBytes(@ForAll @Size(max = 400) byte[] bytes) {
        parseBoth(bytes);
    }

    @Property(tries = 300)
    void randomTokenSoup(@ForAll("soup") String json) {
        parseBoth(json.getBytes(StandardCharsets.UTF_8));
    }

    @Provide
    Arbitrary<String> soup() {
        return Arbitraries.of(TOKENS).list().ofMaxSize(60).map(l -> String.join("", l));
    }

    @Property(tries = 400)
    void mutatedRealFiles(@ForAll @IntRange(min = 0, max = 2) int which, @ForAll @IntRange(min = 0, max = 100_000) int pos,
                          @ForAll byte value, @ForAll @IntRange(min = 0, max = 3) int op) {
        byte[] base = switch (which) {
            case 0 -> RFC;
            case 1 -> DRAFT;
            default -> NAMIB;
        };
        int at = pos % base.length;
        byte[] mutated = switch (op) {
            case 0 -> {
                byte[] m = base.clone();
                m[at] = value;
                yield m;
            }
            case 1 -> java.util.Arrays.copyOf(base, at);
            case 2 -> {
                byte[] m = new byte[base.length - 1];
                System.arraycopy(base, 0, m, 0, at);
                System.arraycopy(base, at + 1, m, at, base.length - at - 1);
                yield m;
            }
            default -> {
                byte[] m = new byte[base.length + 1];
                System.arraycopy(base, 0, m, 0, at);
                m[at] = value;
                System.arraycopy(base, at, m, at + 1, base.length - at);
                yield m;
            }
        };
        parseBoth(mutated);
    }

    @Property(tries = 300)
    void valueSwapsInRealFiles(@ForAll @IntRange(min = 0, max = 100_000) int pos, @ForAll("values") String value) {
        // replace one JSON scalar of the RFC example by another value of a possibly wrong type
        String s = new String(RFC, StandardCharsets.UTF_8);
        int colon = s.indexOf(':', pos % s.length());
        if (colon < 0) {
            return;
        }
        int end = colon + 1;
        while (end < s.length() && s.charAt(end) != ',' && s.charAt(end) != '\n') {
            end++;
        }
        parseBoth((s.substring(0, colon + 1) + " " + value + s.substring(end)).getBytes(StandardCharsets.UTF_8));
    }

    @Provide
    Arbitrary<String> values() {
        return Arbitraries.oneOf(Arbitraries.of("null", "true", "[]", "{}", "[null]", "\"\"", "-1", "0", "65536",
                        "1.5", "\"0x0800\"", "\"::/0\"", "\"a/b\"", "99999999999999999999", "\"ipv4\""),
                Arbitraries.strings().ofMaxLength(20).map(x -> Json.mapper().getNodeFactory().textNode(x).toString()));
    }

    @Property(tries = 500)
    void flowLines(@ForAll("flowLines") String line) {
        try {
            assertThat(FlowParser.parse(line)).isNotNull();
        } catch (MudException e) {
            assertThat(e.path()).startsWith("$");
        }
    }

    @Provide
    Arbitrary<String> flowLines() {
        Arbitrary<String> values = Arbitraries.of("\"10.0.0.1\"", "\"::1\"", "\"tcp\"", "6", "-1", "70000", "null",
                "\"src\"", "\"dst\"", "\"x..y\"", "[]", "{}", "1.5", "\"api.example.com\"", "256", "\"999\"");
        Arbitrary<String> keys = Arbitraries.of("src", "dst", "sport", "dport", "proto", "src_name", "dst_name",
                "initiator", "icmp_type", "icmp_code", "other");
        Arbitrary<String> objects = Arbitraries.maps(keys, values).ofMaxSize(11).map(m -> {
            StringBuilder sb = new StringBuilder("{");
            m.forEach((k, v) -> sb.append(sb.length() > 1 ? "," : "").append('"').append(k).append("\":").append(v));
            return sb.append('}').toString();
        });
        return Arbitraries.oneOf(objects, Arbitraries.strings().ofMaxLength(80),
                objects.map(o -> o.substring(0, o.length() / 2)));
    }

    @Property(tries = 200)
    void siteFiles(@ForAll("soup") String json) {
        try {
            SiteFile.parse(json.getBytes(StandardCharsets.UTF_8));
        } catch (MudException e) {
            assertThat(e.path()).startsWith("$");
        }
    }
}
