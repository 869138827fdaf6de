package io.palisade.attest;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * What a device must measure: the reference values of its expected firmware, and those of firmware builds that were
 * revoked (so a device still running one is named as such). Build once per firmware release and share it; the PCR
 * values are decoded here so appraisals compare bytes.
 */
public final class AppraisalPolicy {
    private final FirmwareMeasurements expected;
    private final List<FirmwareMeasurements> revoked;
    private final int[] pcrs;
    private final byte[][] expectedValues;
    private final byte[][][] revokedValues;

    public AppraisalPolicy(FirmwareMeasurements expected, List<FirmwareMeasurements> revoked) {
        this.expected = expected;
        this.revoked = List.copyOf(revoked);
        this.pcrs = expected.pcrs().keySet().stream().mapToInt(Integer::intValue).toArray();
        this.expectedValues = decode(expected, pcrs);
        this.revokedValues = new byte[this.revoked.size()][][];
        for (int i = 0; i < this.revoked.size(); i++) {
            FirmwareMeasurements r = this.revoked.get(i);
            if (!r.model().equals(expected.model())) {
                throw new IllegalArgumentException("revoked firmware " + r.label() + " is for another model than "
                        + expected.label());
            }
            revokedValues[i] = decode(r, pcrs);
        }
    }

    public static AppraisalPolicy of(FirmwareMeasurements expected) {
        return new AppraisalPolicy(expected, List.of());
    }

    private static byte[][] decode(FirmwareMeasurements m, int[] pcrs) {
        byte[][] out = new byte[pcrs.length][];
        Map<Integer, String> values = m.pcrs();
        for (int i = 0; i < pcrs.length; i++) {
            String v = values.get(pcrs[i]);
            out[i] = v == null ? null : HexFormat.of().parseHex(v);
        }
        return out;
    }

    public FirmwareMeasurements expected() {
        return expected;
    }

    public List<FirmwareMeasurements> revoked() {
        return revoked;
    }

    /** The PCR indexes (SHA-256 bank) every quote must cover, ascending. */
    int[] pcrs() {
        return pcrs;
    }

    byte[] expectedValue(int i) {
        return expectedValues[i];
    }

    int revokedCount() {
        return revokedValues.length;
    }

    /** Null when the revoked firmware names no value for that PCR. */
    byte[] revokedValue(int firmware, int i) {
        return revokedValues[firmware][i];
    }
}
