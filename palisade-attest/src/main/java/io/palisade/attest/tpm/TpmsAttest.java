package io.palisade.attest.tpm;

import java.util.List;

/**
 * A parsed TPMS_ATTEST of type TPM_ST_ATTEST_QUOTE (TPM 2.0 Library Part 2, 10.12.12): the structure a TPM signs in
 * TPM2_Quote. {@link #signedBytes()} are the exact bytes the signature covers.
 *
 * <p>Layout: magic (u32 = TPM_GENERATED_VALUE) | type (u16 = TPM_ST_ATTEST_QUOTE) | qualifiedSigner (TPM2B_NAME) |
 * extraData (TPM2B_DATA, the verifier's nonce) | clockInfo (u64 clock, u32 resetCount, u32 restartCount, u8 safe) |
 * firmwareVersion (u64) | TPMS_QUOTE_INFO (TPML_PCR_SELECTION, TPM2B_DIGEST pcrDigest). Nothing may follow.
 */
public record TpmsAttest(byte[] signedBytes, byte[] qualifiedSigner, byte[] extraData, long clock, long resetCount,
        long restartCount, boolean safe, long firmwareVersion, List<PcrSelection> pcrSelections, byte[] pcrDigest) {

    /** Larger than any TPMS_ATTEST a TPM produces for a quote; bigger input is refused before parsing. */
    public static final int MAX_SIZE = 1024;
    static final int MAX_NAME = 2 + 64;
    static final int MAX_DATA = 64;
    static final int MAX_DIGEST = 64;
    static final int MAX_BANKS = 16;
    static final int MAX_SELECT = 4;

    public TpmsAttest {
        pcrSelections = List.copyOf(pcrSelections);
    }

    @Override
    public byte[] signedBytes() {
        return signedBytes.clone();
    }

    @Override
    public byte[] extraData() {
        return extraData.clone();
    }

    @Override
    public byte[] qualifiedSigner() {
        return qualifiedSigner.clone();
    }

    @Override
    public byte[] pcrDigest() {
        return pcrDigest.clone();
    }

    /** Parses a TPM2B_ATTEST (16-bit size, then the TPMS_ATTEST). */
    public static TpmsAttest parseTpm2b(byte[] tpm2b) throws TpmFormatException {
        TpmReader.requireMax(tpm2b, MAX_SIZE + 2, "TPM2B_ATTEST");
        return parse(TpmReader.unwrapTpm2b(tpm2b, MAX_SIZE, "TPM2B_ATTEST"));
    }

    /** Parses a bare TPMS_ATTEST, as written by {@code tpm2_quote -m}. */
    public static TpmsAttest parse(byte[] in) throws TpmFormatException {
        TpmReader.requireMax(in, MAX_SIZE, "TPMS_ATTEST");
        TpmReader r = new TpmReader(in, "TPMS_ATTEST");
        long magic = r.u32("magic");
        if (magic != TpmAlg.TPM_GENERATED_VALUE) {
            throw r.bad(String.format("magic is 0x%08x, not TPM_GENERATED_VALUE 0xff544347 (not made by a TPM)", magic));
        }
        int type = r.u16("type");
        if (type != TpmAlg.TPM_ST_ATTEST_QUOTE) {
            throw r.bad("type is " + TpmAlg.hex16(type) + ", not TPM_ST_ATTEST_QUOTE 0x8018");
        }
        byte[] signer = r.tpm2b(MAX_NAME, "qualifiedSigner");
        byte[] extra = r.tpm2b(MAX_DATA, "extraData");
        long clock = r.u64("clockInfo.clock");
        long reset = r.u32("clockInfo.resetCount");
        long restart = r.u32("clockInfo.restartCount");
        int safe = r.u8("clockInfo.safe");
        if (safe > 1) {
            throw r.bad("clockInfo.safe is " + safe + ", not a TPMI_YES_NO");
        }
        long fw = r.u64("firmwareVersion");
        List<PcrSelection> selections = parseSelections(r);
        byte[] digest = r.tpm2b(MAX_DIGEST, "pcrDigest");
        r.end();
        return new TpmsAttest(in.clone(), signer, extra, clock, reset, restart, safe == 1, fw, selections, digest);
    }

    static List<PcrSelection> parseSelections(TpmReader r) throws TpmFormatException {
        long count = r.u32("pcrSelect.count");
        if (count > MAX_BANKS) {
            throw new TpmFormatException(TpmFormatException.Problem.OVERSIZED,
                    "TPMS_ATTEST: TPML_PCR_SELECTION count " + count + ", at most " + MAX_BANKS + " allowed");
        }
        PcrSelection[] out = new PcrSelection[(int) count];
        for (int i = 0; i < count; i++) {
            int hash = r.u16("pcrSelections[" + i + "].hash");
            if (TpmAlg.digestSize(hash) < 0) {
                throw r.bad("pcrSelections[" + i + "].hash " + TpmAlg.hex16(hash) + " is not a hash algorithm");
            }
            for (int j = 0; j < i; j++) {
                if (out[j].hashAlg() == hash) {
                    throw r.bad("bank " + TpmAlg.hex16(hash) + " is selected twice");
                }
            }
            int size = r.u8("pcrSelections[" + i + "].sizeofSelect");
            if (size > MAX_SELECT) {
                throw new TpmFormatException(TpmFormatException.Problem.OVERSIZED, "TPMS_ATTEST: sizeofSelect "
                        + size + ", at most " + MAX_SELECT + " allowed");
            }
            byte[] bits = r.bytes(size, "pcrSelections[" + i + "].pcrSelect");
            int n = 0;
            for (byte b : bits) {
                n += Integer.bitCount(b & 0xff);
            }
            int[] pcrs = new int[n];
            int k = 0;
            for (int pcr = 0; pcr < size * 8; pcr++) {
                if ((bits[pcr >>> 3] & (1 << (pcr & 7))) != 0) {
                    pcrs[k++] = pcr;
                }
            }
            out[i] = new PcrSelection(hash, pcrs);
        }
        return List.of(out);
    }
}
