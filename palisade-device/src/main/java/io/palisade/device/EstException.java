package io.palisade.device;

/**
 * An EST (RFC 7030) request failed. {@link #status()} is the HTTP status the server answered with, or {@code 0} when
 * no usable HTTP answer arrived (connection, TLS, timeout, malformed or oversized response). {@link #problem()} is the
 * server's problem detail text (RFC 9457 {@code detail}/{@code title}, or a short plain-text body), or a description of
 * the local failure.
 */
public final class EstException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String problem;

    public EstException(int status, String problem) {
        this(status, problem, null);
    }

    public EstException(int status, String problem, Throwable cause) {
        super(message(status, problem), cause);
        this.status = status;
        this.problem = problem == null ? "" : problem;
    }

    private static String message(int status, String problem) {
        String text = problem == null || problem.isBlank() ? "no details" : problem;
        return status == 0 ? "EST request failed: " + text : "EST server answered HTTP " + status + ": " + text;
    }

    /** HTTP status, or 0 when the failure happened before a usable HTTP answer. */
    public int status() {
        return status;
    }

    /** The problem detail text (never null). */
    public String problem() {
        return problem;
    }
}
