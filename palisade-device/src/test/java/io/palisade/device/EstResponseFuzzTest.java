package io.palisade.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.palisade.device.internal.CertsOnly;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Malformed, truncated, forged and oversized EST responses give EstException, never another exception or a hang. */
class EstResponseFuzzTest {
    private static TestPki pki;
    private static byte[] valid;
    private static EstTestServer server;
    private static EstClient client;

    @BeforeContainer
    static void setUp() throws Exception {
        pki = TestPki.create("Fuzz Root");
        X509Certificate leaf = pki.issueClient("fuzz-1", TestPki.newKey().getPublic());
        valid = EstTestServer.certsOnly(List.of(pki.root, leaf));
        server = EstTestServer.start(pki, pki, "localhost");
        client = new EstClient(server.base(), pki.root, Duration.ofSeconds(5));
    }

    @AfterContainer
    static void tearDown() {
        client.close();
        server.close();
    }

    /** Either a list of certificates or an EstException; any other outcome fails the property. */
    private static void parsesOrFailsCleanly(byte[] body) {
        try {
            List<X509Certificate> certs = CertsOnly.parseBase64(200, body);
            assertThat(certs).isNotEmpty().hasSizeLessThanOrEqualTo(CertsOnly.MAX_CERTIFICATES);
        } catch (EstException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    @net.jqwik.api.Example
    void theValidBerResponseParses() {
        assertThat(CertsOnly.parseBase64(200, valid)).hasSize(2).contains(pki.root);
        byte[] der = Base64.getMimeDecoder().decode(valid);
        assertThat(der[1]).as("Bouncy Castle writes indefinite lengths (BER)").isEqualTo((byte) 0x80);
    }

    @Property(tries = 300)
    void arbitraryBytesAreRejected(@ForAll @Size(max = 4096) byte[] garbage) {
        assertThatThrownBy(() -> CertsOnly.parseBase64(200, garbage)).isInstanceOf(EstException.class);
    }

    @Property(tries = 300)
    void base64OfArbitraryDerIsRejected(@ForAll @Size(min = 1, max = 4096) byte[] der) {
        byte[] body = Base64.getEncoder().encode(der);
        assertThatThrownBy(() -> CertsOnly.parseBase64(200, body)).isInstanceOf(EstException.class);
    }

    @Property(tries = 300)
    void truncatedResponsesFailCleanly(@ForAll("cut") int cut) {
        byte[] truncated = Arrays.copyOf(valid, Math.min(cut, valid.length));
        parsesOrFailsCleanly(truncated);
    }

    @Property(tries = 300)
    void truncatedDerFailsCleanly(@ForAll("cut") int cut) {
        byte[] der = Base64.getMimeDecoder().decode(valid);
        byte[] truncated = Arrays.copyOf(der, Math.max(1, Math.min(cut, der.length - 1)));
        assertThatThrownBy(() -> CertsOnly.parseDer(200, truncated)).isInstanceOf(EstException.class);
    }

    @Property(tries = 300)
    void flippedBytesFailCleanly(@ForAll("position") int position, @ForAll @IntRange(min = 1, max = 255) int mask) {
        byte[] der = Base64.getMimeDecoder().decode(valid);
        der[position % der.length] ^= (byte) mask;
        parsesOrFailsCleanly(Base64.getEncoder().encode(der));
    }

    @Provide
    Arbitrary<Integer> cut() {
        return Arbitraries.integers().between(0, 2000);
    }

    @Provide
    Arbitrary<Integer> position() {
        return Arbitraries.integers().between(0, 100_000);
    }

    @Property(tries = 10)
    void deeplyNestedIndefiniteLengthEncodingsFailCleanly(@ForAll @IntRange(min = 41, max = 120_000) int depth) {
        byte[] der = new byte[depth * 2];
        for (int i = 0; i < depth; i++) {
            der[2 * i] = 0x30;
            der[2 * i + 1] = (byte) 0x80;
        }
        assertThatThrownBy(() -> CertsOnly.parseBase64(200, Base64.getEncoder().encode(der)))
                .isInstanceOf(EstException.class);
    }

    @Property(tries = 10)
    void oversizedBodiesAreRejected(@ForAll @IntRange(min = 1, max = 100_000) int extra) {
        byte[] body = new byte[CertsOnly.MAX_BODY_BYTES + extra];
        Arrays.fill(body, (byte) 'A');
        assertThatThrownBy(() -> CertsOnly.parseBase64(200, body)).isInstanceOf(EstException.class)
                .hasMessageContaining("larger than");
    }

    @Property(tries = 30)
    void overHttpsGarbageAnswersGiveEstException(@ForAll("answers") byte[] body,
            @ForAll("statuses") int status, @ForAll("types") String type) {
        server.canned = new EstTestServer.Canned(status, type, body, 0);
        assertThatThrownBy(client::cacerts).isInstanceOf(EstException.class);
    }

    @Provide
    Arbitrary<byte[]> answers() {
        return Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(2048),
                Arbitraries.strings().ofMaxLength(500).map(s -> s.getBytes(StandardCharsets.UTF_8)),
                Arbitraries.integers().between(1, 3000).map(n -> Arrays.copyOf(valid, Math.min(n, valid.length - 3))),
                Arbitraries.just("{\"title\":\"x\",\"detail\":".getBytes(StandardCharsets.UTF_8)));
    }

    @Provide
    Arbitrary<Integer> statuses() {
        return Arbitraries.of(200, 200, 200, 400, 401, 404, 500, 503);
    }

    @Provide
    Arbitrary<String> types() {
        return Arbitraries.of("application/pkcs7-mime", "application/pkcs7-mime; smime-type=certs-only",
                "application/problem+json", "text/plain", "application/octet-stream");
    }
}
