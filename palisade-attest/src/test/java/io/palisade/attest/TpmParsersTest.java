package io.palisade.attest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.palisade.attest.tpm.PcrSelection;
import io.palisade.attest.tpm.TpmAlg;
import io.palisade.attest.tpm.TpmFormatException;
import io.palisade.attest.tpm.TpmFormatException.Problem;
import io.palisade.attest.tpm.TpmsAttest;
import io.palisade.attest.tpm.TpmtPublic;
import io.palisade.attest.tpm.TpmtSignature;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The strict parsers, on bytes a real TPM (swtpm 0.7 with tpm2-tools 5.4) produced and on broken variants. */
class TpmParsersTest {
    /** tpm2_quote -m output: PCRs sha256:0,1,7 with PCR 0 extended once, qualifying data 00112233...eeff. */
    static final byte[] SWTPM_QUOTE = HexFormat.of().parseHex(
            "ff54434780180022000bf27c1d0b4e5354e0b6c6912c45fcc18436d5d07dc66545919d29d33bb0ed924000100011223344"
            + "5566778899aabbccddeeff00000000000002a2000000010000000001201910230016363600000001000b03830000002"
            + "0cf8c0fbcd003eb8bb064543fa193637ff995b739b76ac4b512ab286ae589cc5c");
    static final HexFormat HEX = HexFormat.of();

    @Test
    void parsesARealSwtpmQuote() throws Exception {
        TpmsAttest q = TpmsAttest.parse(SWTPM_QUOTE);
        assertThat(HEX.formatHex(q.extraData())).isEqualTo("00112233445566778899aabbccddeeff");
        assertThat(q.pcrSelections()).containsExactly(new PcrSelection(TpmAlg.SHA256, new int[] {0, 1, 7}));
        assertThat(HEX.formatHex(q.pcrDigest()))
                .isEqualTo("cf8c0fbcd003eb8bb064543fa193637ff995b739b76ac4b512ab286ae589cc5c");
        assertThat(q.resetCount()).isEqualTo(1);
        assertThat(q.safe()).isTrue();
        assertThat(q.firmwareVersion()).isEqualTo(0x2019102300163636L);
        assertThat(q.qualifiedSigner()).hasSize(34);
        byte[] tpm2b = new io.palisade.attest.tpm.TpmWriter().tpm2b(SWTPM_QUOTE).toByteArray();
        assertThat(TpmsAttest.parseTpm2b(tpm2b).signedBytes()).isEqualTo(SWTPM_QUOTE);
    }

    @Test
    void refusesTruncatedQuotesAtEveryLength() {
        for (int len = 0; len < SWTPM_QUOTE.length; len++) {
            byte[] cut = Arrays.copyOf(SWTPM_QUOTE, len);
            assertThatThrownBy(() -> TpmsAttest.parse(cut)).isInstanceOf(TpmFormatException.class)
                    .satisfies(e -> assertThat(((TpmFormatException) e).problem()).isEqualTo(Problem.TRUNCATED))
                    .hasMessageContaining("truncated in");
        }
    }

    @Test
    void refusesTrailingBytesOversizedInputAndOversizedFields() {
        assertProblem(() -> TpmsAttest.parse(Arrays.copyOf(SWTPM_QUOTE, SWTPM_QUOTE.length + 3)),
                Problem.TRAILING_BYTES, "3 trailing bytes");
        assertProblem(() -> TpmsAttest.parse(new byte[TpmsAttest.MAX_SIZE + 1]), Problem.OVERSIZED,
                "at most 1024 allowed");
        byte[] bigName = SWTPM_QUOTE.clone();
        bigName[6] = 0x7f; // qualifiedSigner.size
        assertProblem(() -> TpmsAttest.parse(bigName), Problem.OVERSIZED, "qualifiedSigner has size 32546");
        byte[] tpm2b = {0x00, 0x10, 1, 2};
        assertProblem(() -> TpmsAttest.parseTpm2b(tpm2b), Problem.TRUNCATED, "TPM2B_ATTEST: truncated in body");
    }

    @Test
    void refusesWrongMagicAndWrongType() {
        byte[] magic = SWTPM_QUOTE.clone();
        magic[0] = 0;
        assertProblem(() -> TpmsAttest.parse(magic), Problem.BAD_VALUE, "not TPM_GENERATED_VALUE");
        byte[] certify = SWTPM_QUOTE.clone();
        certify[5] = 0x17; // TPM_ST_ATTEST_CERTIFY
        assertProblem(() -> TpmsAttest.parse(certify), Problem.BAD_VALUE, "type is 0x8017, not TPM_ST_ATTEST_QUOTE");
    }

    /** tpm2_createak -G ecc -g sha256 -s ecdsa -u output (TPM2B_PUBLIC) and the quote's tpm2_quote -s signature. */
    static final byte[] SWTPM_AK = HexFormat.of().parseHex("00580023000b00050072000000100018000b000300100020ef675f"
            + "208972ad2ed807cb872c441447a8d78d582f088012580bc702404ba2700020752b5cdc04b531ef30dc5c60a0e63e3095479d"
            + "56af49877e06d84c1d54cb362a");
    static final byte[] SWTPM_SIG = HexFormat.of().parseHex("0018000b00200e26559cbbc70fb86d54af87f24796a8cb79fdeec21b"
            + "440e270fd38c7978e9ab0020226735bd1662e083910fece56ee33a648bd756f4abd714f2efa530f585f52a52");

    @Test
    void parsesARealAkAndVerifiesTheRealQuoteSignature() throws Exception {
        TpmtPublic ak = TpmtPublic.parseTpm2b(SWTPM_AK);
        assertThat(HEX.formatHex(ak.name()))
                .isEqualTo("000bb4f18b284005912087f81d7733bca8a3a2fd83b772169b3334404349ad851eb1"); // tpm2_createak -n
        assertThat(ak.akProblem()).isNull();
        assertThat(ak.scheme()).isEqualTo(TpmAlg.ECDSA);
        TpmtSignature sig = TpmtSignature.parse(SWTPM_SIG);
        assertThat(sig.verify(ak.publicKey(), SWTPM_QUOTE)).isTrue();
        byte[] other = SWTPM_QUOTE.clone();
        other[50] ^= 1;
        assertThat(sig.verify(ak.publicKey(), other)).isFalse();
    }

    @Test
    void publicAreaNameAndAttributes() throws Exception {
        SoftTpm t = new SoftTpm();
        TpmtPublic ak = TpmtPublic.parseTpm2b(t.akPublic);
        assertThat(ak.name()).hasSize(34).startsWith(0x00, 0x0b);
        assertThat(ak.akProblem()).isNull();
        assertThat(ak.publicKey()).isEqualTo(t.ak.getPublic());
        byte[] trailing = Arrays.copyOf(ak.encoded(), ak.encoded().length + 1);
        assertProblem(() -> TpmtPublic.parse(trailing), Problem.TRAILING_BYTES, "1 trailing bytes");
        byte[] keyedHash = ak.encoded();
        keyedHash[1] = 0x08;
        assertProblem(() -> TpmtPublic.parse(keyedHash), Problem.UNSUPPORTED, "not RSA or ECC");
    }

    @Test
    void signatureParserRefusesBadShapes() throws Exception {
        assertProblem(() -> TpmtSignature.parse(new byte[] {0x00, 0x18, 0x00, 0x0b, 0x00, 0x21}),
                Problem.OVERSIZED, "signatureR has size 33");
        assertProblem(() -> TpmtSignature.parse(new byte[] {0x00, 0x18, 0x00, 0x0b, 0x00, 0x01, 0x05, 0x00, 0x01,
                0x05, 0x00}), Problem.TRAILING_BYTES, "1 trailing bytes");
        assertProblem(() -> TpmtSignature.parse(new byte[] {0x00, 0x10}), Problem.UNSUPPORTED, "NULL is not accepted");
        assertProblem(() -> TpmtSignature.parse(new byte[0]), Problem.TRUNCATED, "sigAlg");
        assertProblem(() -> TpmtSignature.parse(new byte[2000]), Problem.OVERSIZED, "2000 bytes");
        TpmtSignature s = TpmtSignature.parse(SoftTpm.signWith(new SoftTpm().ak, SWTPM_QUOTE));
        assertThat(s.sigAlg()).isEqualTo(TpmAlg.ECDSA);
        assertThat(List.of(s.schemeName())).containsExactly("ECDSA/SHA-256");
    }

    interface Parse {
        void run() throws Exception;
    }

    static void assertProblem(Parse p, Problem problem, String message) {
        assertThatThrownBy(p::run).isInstanceOf(TpmFormatException.class).hasMessageContaining(message)
                .satisfies(e -> assertThat(((TpmFormatException) e).problem()).isEqualTo(problem));
    }
}
