package io.palisade.attest.tpm;

/**
 * One TPMS_PCR_SELECTION: a hash bank and the PCR indexes selected in it, ascending (the order the TPM concatenates
 * PCR values for the quote's pcrDigest).
 */
public record PcrSelection(int hashAlg, int[] pcrs) {
    public PcrSelection {
        pcrs = pcrs.clone();
    }

    @Override
    public int[] pcrs() {
        return pcrs.clone();
    }

    public int count() {
        return pcrs.length;
    }

    public int pcr(int i) {
        return pcrs[i];
    }

    public boolean contains(int pcr) {
        for (int p : pcrs) {
            if (p == pcr) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PcrSelection s && s.hashAlg == hashAlg && java.util.Arrays.equals(s.pcrs, pcrs);
    }

    @Override
    public int hashCode() {
        return 31 * hashAlg + java.util.Arrays.hashCode(pcrs);
    }

    @Override
    public String toString() {
        return "PcrSelection[" + TpmAlg.hex16(hashAlg) + " " + java.util.Arrays.toString(pcrs) + "]";
    }
}
