package io.palisade.pki;

import static org.assertj.core.api.Assertions.assertThat;

import io.palisade.core.ErrorCode;
import io.palisade.core.PalisadeException;
import io.palisade.core.device.DeviceId;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** Random and mutated input never escapes as anything but PalisadeException(INVALID_INPUT). */
class CsrPolicyFuzzTest {
    private static final DeviceId ID = DeviceId.of("dev-1");
    private static final java.security.KeyPair PAIR = KeyPairs.ecP256();
    private static final java.security.PublicKey KEY = PAIR.getPublic();
    private static final byte[] VALID = KeyPairs.csr(PAIR, "dev-1");
    private static final byte[] VALID_PEM = Pem.csr(VALID).getBytes(StandardCharsets.US_ASCII);

    @Property(tries = 300)
    void randomBytes(@ForAll @Size(max = 600) byte[] input) {
        assertOnlyInvalid(input);
    }

    @Property(tries = 400)
    void mutatedDer(@ForAll("mutations") int[] edits) {
        assertOnlyInvalidUnlessIntact(mutate(VALID, edits));
    }

    @Property(tries = 200)
    void mutatedPem(@ForAll("mutations") int[] edits) {
        assertOnlyInvalidUnlessIntact(mutate(VALID_PEM, edits));
    }

    @Property(tries = 200)
    void truncatedDer(@ForAll("lengths") int length) {
        byte[] cut = java.util.Arrays.copyOf(VALID, length);
        assertOnlyInvalid(cut);
    }

    @Provide
    Arbitrary<int[]> mutations() {
        // pairs of (position, xor mask); mask 0 is skipped so every pair changes a byte
        return Arbitraries.integers().between(0, Integer.MAX_VALUE).array(int[].class).ofMinSize(2).ofMaxSize(8);
    }

    @Provide
    Arbitrary<Integer> lengths() {
        return Arbitraries.integers().between(0, VALID.length - 1);
    }

    private static byte[] mutate(byte[] base, int[] edits) {
        byte[] out = base.clone();
        for (int i = 0; i + 1 < edits.length; i += 2) {
            int pos = edits[i] % out.length;
            int mask = (edits[i + 1] % 255) + 1;
            out[pos] ^= (byte) mask;
        }
        return out;
    }

    private static void assertOnlyInvalidUnlessIntact(byte[] input) {
        try {
            // accepted only if the signed content survived (e.g. a PEM header or whitespace change): same key
            assertThat(CsrPolicy.validate(input, ID).publicKey()).isEqualTo(KEY);
        } catch (PalisadeException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    private static void assertOnlyInvalid(byte[] input) {
        try {
            CsrPolicy.validate(input, ID);
            throw new AssertionError("random or truncated input was accepted as a CSR");
        } catch (PalisadeException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
            assertThat(e.getMessage()).isNotBlank();
        }
    }
}
