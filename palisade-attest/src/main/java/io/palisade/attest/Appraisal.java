package io.palisade.attest;

/** The verifier's decision on one piece of evidence (RFC 9334 attestation result). */
public sealed interface Appraisal {
    boolean passed();

    /**
     * The evidence is fresh, signed by the device's bound key and matches the reference values of {@code firmware}.
     * {@code resetCount}/{@code restartCount} come from the TPM clock info (-1 for EAT), so a relying party can notice
     * reboots between appraisals.
     */
    record Pass(String deviceId, String model, String firmwareVersion, long resetCount, long restartCount)
            implements Appraisal {
        @Override
        public boolean passed() {
            return true;
        }
    }

    /** Refused: {@code code} is stable and machine-readable, {@code message} says what exactly did not hold. */
    record Fail(ReasonCode code, String message) implements Appraisal {
        @Override
        public boolean passed() {
            return false;
        }

        @Override
        public String toString() {
            return "Fail[" + code + ": " + message + "]";
        }
    }

    static Fail fail(ReasonCode code, String message) {
        return new Fail(code, message);
    }
}
