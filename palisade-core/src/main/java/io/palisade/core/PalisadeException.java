package io.palisade.core;

/**
 * The one error type the domain raises. Its {@link ErrorCode} maps to exactly one HTTP status in the API
 * face and one exit code in the CLI; its message says what was wrong and what to do, and never carries a
 * secret.
 */
public final class PalisadeException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final ErrorCode code;

    public PalisadeException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public PalisadeException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    public static PalisadeException notFound(String message) {
        return new PalisadeException(ErrorCode.NOT_FOUND, message);
    }

    public static PalisadeException invalid(String message) {
        return new PalisadeException(ErrorCode.INVALID_INPUT, message);
    }

    public static PalisadeException conflict(String message) {
        return new PalisadeException(ErrorCode.CONFLICT, message);
    }

    public static PalisadeException illegalState(String message) {
        return new PalisadeException(ErrorCode.ILLEGAL_TRANSITION, message);
    }

    public static PalisadeException unauthorized(String message) {
        return new PalisadeException(ErrorCode.UNAUTHORIZED, message);
    }

    public static PalisadeException forbidden(String message) {
        return new PalisadeException(ErrorCode.FORBIDDEN, message);
    }
}
