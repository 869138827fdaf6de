package io.palisade.attest.tpm;

/**
 * A TPM 2.0 structure was refused by a parser. This is the only exception the parsers throw for bad input: truncated,
 * oversized, trailing bytes, a wrong tag or magic, an out-of-range size field or an unsupported algorithm.
 */
public final class TpmFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why the structure was refused. */
    public enum Problem {
        /** The input ends inside a field. */
        TRUNCATED,
        /** The input or a sized field is larger than the structure allows. */
        OVERSIZED,
        /** Bytes follow the end of the structure. */
        TRAILING_BYTES,
        /** A magic value, structure tag or enumerated field has a value the structure does not allow. */
        BAD_VALUE,
        /** Well-formed but uses an algorithm, curve or scheme this verifier does not accept. */
        UNSUPPORTED
    }

    private final Problem problem;

    public TpmFormatException(Problem problem, String message) {
        super(message);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this; // refused input is expected on the hot path: no stack trace to build
    }
}
