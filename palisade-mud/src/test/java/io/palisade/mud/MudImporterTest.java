package io.palisade.mud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.palisade.mud.MudException.Code;
import io.palisade.mud.sig.MudSignatureVerifier;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MudImporterTest {
    private static final byte[] RFC = TestFiles.bytes("mud/osmud/ieft-draft.json");
    private static final Instant NOW = Instant.now();
    private static final String LUM = "mud/cisco-luminaire-signed/";

    static TestPki.Issued ca;
    static TestPki.Issued signer;
    static TestPki.Issued stranger;
    static MudImporter importer;

    @BeforeAll
    static void pki() throws Exception {
        Instant nb = NOW.minus(1, ChronoUnit.DAYS);
        ca = TestPki.issue("CN=MUD CA", null, true, nb, 365);
        signer = TestPki.issue("CN=Acme MUD Signer", ca, false, nb, 30);
        stranger = TestPki.issue("CN=Stranger", TestPki.issue("CN=Other CA", null, true, nb, 365), false, nb, 30);
        importer = new MudImporter(List.of(ca.cert()));
    }

    private static ImportOptions strict() {
        return ImportOptions.strictAt(NOW);
    }

    /** Lenient allowed, unsigned accepted by override: for content checks. */
    private static ImportOptions anyContent() {
        return strict().withLenient(true).withSignatureOverride("test: content checks");
    }

    private static void refused(ThrowableAssert.ThrowingCallable call, Code code, String fragment) {
        assertThatThrownBy(call).isInstanceOfSatisfying(MudException.class, e -> {
            assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
            assertThat(e.getMessage()).contains(fragment);
        });
    }

    private static byte[] edit(Consumer<ObjectNode> change) {
        try {
            ObjectNode root = (ObjectNode) Json.mapper().readTree(RFC);
            change.accept(root);
            return root.toString().getBytes(StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode mud(ObjectNode root) {
        return (ObjectNode) root.get("ietf-mud:mud");
    }

    // ---- signatures

    @Test
    void validSignatureByTrustedSignerImportsWithMetadata() throws Exception {
        ImportResult r = importer.importMud(RFC, TestPki.signDetached(RFC, signer), strict().withProduction(true));
        assertThat(r.signature()).isEqualTo(SignatureStatus.valid("CN=Acme MUD Signer"));
        assertThat(r.signature().overridden()).isFalse();
        assertThat(r.mudUrl()).isEqualTo("https://lighting.example.com/lightbulb2000");
        assertThat(r.mudVersion()).isEqualTo(1);
        assertThat(r.lastUpdate()).isEqualTo("2018-03-02T11:20:51+01:00");
        assertThat(r.cacheValidityHours()).isEqualTo(48);
        assertThat(r.supported()).isTrue();
        assertThat(r.systemInfo()).isEqualTo("The BMS Example Lightbulb");
        assertThat(r.manufacturer()).isEqualTo("lighting.example.com");
        assertThat(r.mode()).isEqualTo(ParseMode.STRICT);
        assertThat(r.normalizations()).isEmpty();
        assertThat(r.warnings()).isEmpty();
        assertThat(r.size()).isEqualTo(RFC.length);
        assertThat(r.sha256()).hasSize(64).isEqualTo(MudImporter.sha256(RFC));
        assertThat(r.profile().acls()).hasSize(2);
    }

    @Test
    void resultIsPlainJson() throws Exception {
        ImportResult r = importer.importMud(TestFiles.bytes("mud/namib/Amazon-Echo.json"), null, anyContent());
        JsonNode json = new ObjectMapper().valueToTree(r);
        assertThat(json.has("profile")).isFalse();
        assertThat(json.get("signature").get("state").asText()).isEqualTo("UNSIGNED_OVERRIDDEN");
        assertThat(json.get("signature").get("overrideReason").asText()).isEqualTo("test: content checks");
        assertThat(json.get("mode").asText()).isEqualTo("LENIENT");
        assertThat(json.get("normalizations")).hasSize(6);
        assertThat(json.get("sha256").asText()).hasSize(64);
    }

    @Test
    void unsignedIsRefusedWithoutOverrideAndOverrideIsRefusedInProduction() throws Exception {
        refused(() -> importer.importMud(RFC, null, strict()), Code.UNSIGNED, "not signed");
        refused(() -> importer.importMud(RFC, new byte[0], strict()), Code.UNSIGNED, "not signed");
        ImportResult r = importer.importMud(RFC, null, strict().withSignatureOverride("vendor publishes no signature"));
        assertThat(r.signature().state()).isEqualTo(SignatureStatus.State.UNSIGNED_OVERRIDDEN);
        assertThat(r.signature().overrideReason()).isEqualTo("vendor publishes no signature");
        assertThat(r.warnings()).anySatisfy(w -> assertThat(w).contains("UNSIGNED_OVERRIDDEN")
                .contains("vendor publishes no signature"));
        refused(() -> importer.importMud(RFC, null, strict().withSignatureOverride("x").withProduction(true)),
                Code.OVERRIDE_REFUSED_IN_PRODUCTION, "not allowed in production");
        assertThatThrownBy(() -> strict().withSignatureOverride(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> strict().withSignatureOverride("a\nb")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void untrustedSignerIsRefusedUnlessOverridden() throws Exception {
        byte[] sig = TestPki.signDetached(RFC, stranger);
        refused(() -> importer.importMud(RFC, sig, strict()), Code.UNTRUSTED_SIGNER, "CN=Stranger");
        refused(() -> new MudImporter(List.of()).importMud(RFC, TestPki.signDetached(RFC, signer), strict()),
                Code.UNTRUSTED_SIGNER, "no trusted MUD signers");
        ImportResult r = importer.importMud(RFC, sig, strict().withSignatureOverride("lab device"));
        assertThat(r.signature().state()).isEqualTo(SignatureStatus.State.UNTRUSTED_OVERRIDDEN);
        assertThat(r.signature().detail()).contains("CN=Stranger");
        refused(() -> importer.importMud(RFC, sig, strict().withSignatureOverride("lab").withProduction(true)),
                Code.OVERRIDE_REFUSED_IN_PRODUCTION, "CN=Stranger");
    }

    @Test
    void brokenSignaturesAreNeverOverridable() throws Exception {
        byte[] sig = TestPki.signDetached(RFC, signer);
        byte[] changed = RFC.clone();
        changed[RFC.length / 2] ^= 0x01;
        ImportOptions override = strict().withLenient(true).withSignatureOverride("please");
        refused(() -> importer.importMud(changed, sig, override), Code.SIGNATURE_INVALID, "does not verify");
        refused(() -> importer.importMud(RFC, "garbage".getBytes(StandardCharsets.UTF_8), override),
                Code.SIGNATURE_MALFORMED, "malformed");
        refused(() -> importer.importMud(RFC, new byte[MudSignatureVerifier.MAX_SIGNATURE_BYTES + 1], override),
                Code.SIGNATURE_MALFORMED, "larger than");
    }

    @Test
    void expiredSignerIsRefused() throws Exception {
        byte[] sig = TestPki.signDetached(RFC, signer);
        ImportOptions later = ImportOptions.strictAt(NOW.plus(60, ChronoUnit.DAYS));
        refused(() -> importer.importMud(RFC, sig, later), Code.SIGNER_EXPIRED, "not valid at");
        ImportOptions before = ImportOptions.strictAt(NOW.minus(10, ChronoUnit.DAYS));
        refused(() -> importer.importMud(RFC, sig, before), Code.SIGNER_EXPIRED, "not yet valid");
        assertThat(importer.importMud(RFC, sig, later.withSignatureOverride("clock skew")).signature().state())
                .isEqualTo(SignatureStatus.State.EXPIRED_OVERRIDDEN);
    }

    /** Cisco's real signed luminaire file: CA valid 2018-07-12 .. 2019-07-12, signer until 2028. */
    @Test
    void ciscoLuminaireVerifiesInsideValidityFailsOnExpiredSignerAndChangedByte() throws Exception {
        byte[] json = TestFiles.bytes(LUM + "Luminaire_150.json");
        byte[] sig = TestFiles.bytes(LUM + "Luminaire_150.p7s");
        MudImporter cisco = new MudImporter(MudSignatureVerifier.readCertificates(
                TestFiles.bytes(LUM + "luminaire-cacert.pem")));
        ImportResult r = cisco.importMud(json, sig, ImportOptions.productionAt(Instant.parse("2018-08-01T00:00:00Z")));
        assertThat(r.signature()).isEqualTo(
                SignatureStatus.valid("CN=luminaire.example.com,O=Demo Luminaire Manufacturer"));
        assertThat(r.mudUrl()).isEqualTo("https://luminaire.example.com/Luminaire_150");
        refused(() -> cisco.importMud(json, sig, ImportOptions.productionAt(Instant.parse("2026-01-01T00:00:00Z"))),
                Code.SIGNER_EXPIRED, "luminaire.example.com");
        for (int pos : new int[] {0, 100, json.length / 2, json.length - 2}) {
            byte[] tampered = json.clone();
            tampered[pos] ^= 0x01;
            refused(() -> cisco.importMud(tampered, sig, ImportOptions.productionAt(
                    Instant.parse("2018-08-01T00:00:00Z"))), Code.SIGNATURE_INVALID, "does not verify");
        }
        // a trusted signer but another manufacturer's file: the signature does not cover it
        refused(() -> cisco.importMud(RFC, sig, ImportOptions.productionAt(Instant.parse("2018-08-01T00:00:00Z"))),
                Code.SIGNATURE_INVALID, "does not verify");
    }

    // ---- content

    @Test
    void contentRefusals() {
        ImportOptions o = anyContent();
        refused(() -> importer.importMud(edit(r -> mud(r).put("cache-validity", 0)), null, o),
                Code.CACHE_VALIDITY_OUT_OF_RANGE, "cache-validity 0 is outside the allowed range 1..168");
        refused(() -> importer.importMud(edit(r -> mud(r).put("cache-validity", 169)), null, o),
                Code.CACHE_VALIDITY_OUT_OF_RANGE, "169");
        refused(() -> importer.importMud(edit(r -> mud(r).put("cache-validity", -5)), null, o),
                Code.CACHE_VALIDITY_OUT_OF_RANGE, "-5");
        refused(() -> importer.importMud(edit(r -> mud(r).put("cache-validity",
                new java.math.BigInteger("99999999999999999999999"))), null, o), Code.CACHE_VALIDITY_OUT_OF_RANGE,
                "99999");
        refused(() -> importer.importMud(edit(r -> mud(r).put("cache-validity", "48")), null, strict()
                .withSignatureOverride("x")), Code.WRONG_TYPE, "expected an integer");
        refused(() -> importer.importMud(edit(r -> mud(r).put("mud-version", 2)), null, o),
                Code.UNSUPPORTED_MUD_VERSION, "unsupported mud-version 2");
        refused(() -> importer.importMud(edit(r -> mud(r).put("mud-url", "http://lighting.example.com/x")), null, o),
                Code.BAD_MUD_URL, "https");
        refused(() -> importer.importMud(edit(r -> mud(r).remove("is-supported")), null, o),
                Code.MISSING_MEMBER, "is-supported");
        refused(() -> importer.importMud(edit(r -> mud(r).put("is-supported", "maybe")), null, o),
                Code.WRONG_TYPE, "expected a boolean");
        refused(() -> importer.importMud(edit(r -> ((ObjectNode) mud(r).get("from-device-policy")
                .get("access-lists").get("access-list").get(0)).put("name", "nope")), null, o),
                Code.UNKNOWN_ACL_REFERENCE, "ACL 'nope' is referenced but not defined");
        refused(() -> importer.importMud(edit(r -> ((com.fasterxml.jackson.databind.node.ArrayNode) mud(r)
                .get("from-device-policy").get("access-lists").get("access-list"))
                .add(mud(r).get("from-device-policy").get("access-lists").get("access-list").get(0).deepCopy())),
                null, o), Code.DUPLICATE_NAME, "listed twice");
        refused(() -> importer.importMud(edit(r -> mud(r).put("colour", "blue")), null, o),
                Code.UNKNOWN_MEMBER, "colour");
        refused(() -> importer.importMud(edit(r -> mud(r).put("mud-url", "https://other.example.com/x")), null,
                o.withExpectedMudUrl(URI.create("https://lighting.example.com/lightbulb2000"))),
                Code.MUD_URL_MISMATCH, "not the expected");
    }

    @Test
    void strictOnlyImportKeepsThePreciseCodeAndSaysLenientWouldAccept() throws Exception {
        ImportOptions o = strict().withSignatureOverride("x");
        byte[] longInfo = edit(r -> mud(r).put("systeminfo", "s".repeat(61)));
        refused(() -> importer.importMud(longInfo, null, o), Code.SYSTEMINFO_TOO_LONG,
                "61 characters, more than the 60 allowed");
        refused(() -> importer.importMud(longInfo, null, o), Code.SYSTEMINFO_TOO_LONG, "accepted in lenient mode");
        ImportResult lenient = importer.importMud(longInfo, null, o.withLenient(true));
        assertThat(lenient.systemInfo()).hasSize(60);
        assertThat(lenient.mode()).isEqualTo(ParseMode.LENIENT);
        assertThat(lenient.normalizations()).containsExactly(
                "$.ietf-mud:mud.systeminfo: truncated from 61 to 60 characters");
        byte[] dupAce = edit(r -> {
            var aces = (com.fasterxml.jackson.databind.node.ArrayNode) r.get("ietf-access-control-list:acls")
                    .get("acl").get(0).get("aces").get("ace");
            aces.add(aces.get(0).deepCopy());
        });
        refused(() -> importer.importMud(dupAce, null, o), Code.DUPLICATE_NAME, "used twice");
        assertThat(importer.importMud(dupAce, null, o.withLenient(true)).normalizations())
                .anySatisfy(n -> assertThat(n).contains("#2"));
        refused(() -> importer.importMud(TestFiles.bytes("mud/osmud/lightbulb2000.json"), null, o),
                Code.UNKNOWN_MEMBER, "accepted in lenient mode with 11 normalization(s)");
    }

    @Test
    void badBytes() {
        ImportOptions o = anyContent();
        refused(() -> importer.importMud(new byte[0], null, o), Code.MALFORMED_JSON, "empty");
        refused(() -> importer.importMud("{\"ietf-mud:mud\": ".getBytes(StandardCharsets.UTF_8), null, o),
                Code.MALFORMED_JSON, "not valid JSON");
        refused(() -> importer.importMud("[1,2]".getBytes(StandardCharsets.UTF_8), null, o),
                Code.WRONG_TYPE, "expected an object");
        refused(() -> importer.importMud("{} {}".getBytes(StandardCharsets.UTF_8), null, o),
                Code.MALFORMED_JSON, "not valid JSON");
        refused(() -> importer.importMud(new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'},
                null, o), Code.NOT_UTF8, "UTF-8");
        refused(() -> importer.importMud(("[".repeat(100) + "]".repeat(100)).getBytes(StandardCharsets.UTF_8),
                null, o), Code.TOO_DEEP, "nesting depth");
        byte[] huge = new byte[MudParser.MAX_BYTES + 1];
        java.util.Arrays.fill(huge, (byte) ' ');
        refused(() -> importer.importMud(huge, null, o), Code.TOO_LARGE, "larger than the limit");
        refused(() -> importer.importMud(edit(r -> {
            var acls = r.withArray("/ietf-access-control-list:acls/acl");
            for (int i = 0; i < MudParser.MAX_ENTRIES + 1; i++) {
                acls.addObject().put("name", "a" + i);
            }
        }), null, o), Code.TOO_MANY_ENTRIES, "more than 1000");
    }

    // ---- the corpus, file by file

    /**
     * Expected outcome of every corpus file with lenient mode allowed (and the signature requirement overridden,
     * the corpus is unsigned): STRICT, LENIENT:&lt;number of normalizations&gt;, or the refusal code. Second column:
     * the code when lenient mode is not allowed (STRICT if it imports).
     */
    private static final String EXPECTED = """
            cisco-luminaire-signed/Luminaire_150.json | STRICT | STRICT
            mud-visualizer-samples/Igor_mudfile.json | STRICT | STRICT
            mud-visualizer-samples/coffee_multiple.json | STRICT | STRICT
            mud-visualizer-samples/tester_controller.json | STRICT | STRICT
            mud-visualizer-samples/tester_domain.json | LENIENT:1 | SYSTEMINFO_TOO_LONG
            mud-visualizer-samples/tester_domain2.json | STRICT | STRICT
            mud-visualizer-samples/tester_domain3.json | LENIENT:1 | SYSTEMINFO_TOO_LONG
            mud-visualizer-samples/tester_domain4.json | LENIENT:1 | SYSTEMINFO_TOO_LONG
            mud-visualizer-samples/tester_local_network.json | STRICT | STRICT
            mud-visualizer-samples/tester_local_network2.json | STRICT | STRICT
            mud-visualizer-samples/tester_local_network3_udp.json | LENIENT:2 | DUPLICATE_NAME
            mud-visualizer-samples/tester_local_network4_all.json | STRICT | STRICT
            mud-visualizer-samples/tester_manufacturer.json | STRICT | STRICT
            mud-visualizer-samples/tester_mycontroller.json | STRICT | STRICT
            mud-visualizer-samples/tester_mycontroller2.json | STRICT | STRICT
            mud-visualizer-samples/tester_same_manufacturer.json | LENIENT:1 | SYSTEMINFO_TOO_LONG
            mud-visualizer-samples/tester_tcpudp.json | STRICT | STRICT
            mudmaker/cloud-service.json | LENIENT:1 | SYSTEMINFO_TOO_LONG
            mudmaker/my-controller.json | LENIENT:1 | SYSTEMINFO_TOO_LONG
            mudmaker/same-manufacturer.json | LENIENT:1 | SYSTEMINFO_TOO_LONG
            namib/Amazon-Echo.json | LENIENT:6 | UNKNOWN_MEMBER
            namib/August-Doorbell.json | LENIENT:13 | UNKNOWN_MEMBER
            namib/MUD-Profile-example.json | LENIENT:13 | INVALID_VALUE
            namib/Ring-Doorbell.json | LENIENT:6 | UNKNOWN_MEMBER
            nist-sdn-mud/system-test/mudfile-server/mudfile-otherman.json | STRICT | STRICT
            nist-sdn-mud/system-test/mudfile-server/mudfile-sensor.json | STRICT | STRICT
            nist-sdn-mud/unittest/mud-controllerclass-test/mudfile-controllerclass-test.json | STRICT | STRICT
            nist-sdn-mud/unittest/mud-dhcp-test/mudfile-server/mudfile-dhcptest.json | STRICT | STRICT
            nist-sdn-mud/unittest/mud-dns-test/mudfile-dns-test.json | STRICT | STRICT
            nist-sdn-mud/unittest/mud-local-and-same-mfg-test/mudfile-local-and-same-mfg-test.json | STRICT | STRICT
            nist-sdn-mud/unittest/mud-local-networks-test/mudfile-local-networks-test.json | STRICT | STRICT
            nist-sdn-mud/unittest/mud-local-networks-test/mudfile.json | STRICT | STRICT
            nist-sdn-mud/unittest/mud-logging-test/mudfile-mylogging-test.nist.local.json | STRICT | STRICT
            nist-sdn-mud/unittest/mud-mfg-test/mudfile-mfg-test.json | STRICT | STRICT
            nist-sdn-mud/unittest/mud-model-test/mudfile-model-test.json | STRICT | STRICT
            nist-sdn-mud/unittest/mud-mycontrollerclass-test/mudfile-mycontrollerclass-test.json | STRICT | STRICT
            nist-sdn-mud/unittest/mud-quarantine-test/mudfile-quarantine-test.json | STRICT | STRICT
            nist-sdn-mud/unittest/mud-quarantine-test/mudfile.json | STRICT | STRICT
            nist-sdn-mud/unittest/mud-same-manufacturer-test/mudfile-same-manufacturer-test.json | STRICT | STRICT
            nist-sdn-mud/unittest/mud-same-mfg-scale-test/mudfile-same-mfg-scale-test.json | STRICT | STRICT
            nist-sdn-mud/unittest/mud-tcp-direction-test/mudfile-tcp-direction-test.json | STRICT | STRICT
            osmud/ieft-draft.json | STRICT | STRICT
            osmud/lightbulb2000.json | LENIENT:11 | UNKNOWN_MEMBER
            """;

    private static String outcome(String file, ImportOptions o) {
        try {
            ImportResult r = importer.importMud(TestFiles.bytes(file), null, o);
            assertThat(r.sha256()).isEqualTo(MudImporter.sha256(TestFiles.bytes(file)));
            return r.mode() == ParseMode.STRICT ? "STRICT" : "LENIENT:" + r.normalizations().size();
        } catch (MudException e) {
            return e.code().name();
        }
    }

    @Test
    void everyCorpusFileHasItsExpectedOutcome() {
        Map<String, String> expected = new TreeMap<>();
        EXPECTED.lines().map(l -> l.split("\\|")).forEach(c -> expected.put("mud/" + c[0].strip(),
                c[1].strip() + " | " + c[2].strip()));
        Map<String, String> actual = new TreeMap<>();
        ImportOptions lenient = anyContent();
        ImportOptions strictOnly = strict().withSignatureOverride("corpus is unsigned");
        for (String f : TestFiles.mudFiles()) {
            actual.put(f, outcome(f, lenient) + " | " + outcome(f, strictOnly));
        }
        assertThat(actual).isEqualTo(expected);
        assertThat(actual.values().stream().collect(Collectors.groupingBy(v -> v.split(":")[0].split(" ")[0],
                Collectors.counting()))).containsEntry("STRICT", 30L).containsEntry("LENIENT", 13L);
    }

    @ParameterizedTest
    @CsvSource({"mud/namib/MUD-Profile-example.json, $.ietf-mud:mud.last-update",
            "mud/mudmaker/cloud-service.json, $.ietf-mud:mud.systeminfo",
            "mud/namib/Amazon-Echo.json, $.ietf-access-control-list:access-lists"})
    void strictRefusalNamesThePath(String file, String path) {
        assertThatThrownBy(() -> importer.importMud(TestFiles.bytes(file), null, strict().withSignatureOverride("x")))
                .isInstanceOfSatisfying(MudException.class, e -> assertThat(e.path()).isEqualTo(path));
    }

    @Test
    void unsupportedDeviceIsImportedWithAWarning() throws Exception {
        ImportResult r = importer.importMud(edit(x -> mud(x).put("is-supported", false)), null, anyContent());
        assertThat(r.supported()).isFalse();
        assertThat(r.warnings()).anySatisfy(w -> assertThat(w).contains("no longer supports"));
    }

}
