package io.palisade.conformity.assess;

/** Verdict counts; {@code selfAttested} counts the verdicts that rest (partly) on an attestation. */
public record Tally(int pass, int fail, int notApplicable, int needsAttestation, int selfAttested) {
    public int total() {
        return pass + fail + notApplicable + needsAttestation;
    }
}
