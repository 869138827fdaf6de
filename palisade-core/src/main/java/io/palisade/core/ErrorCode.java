package io.palisade.core;

/** Error codes, each mapped to one HTTP status (RFC 9457 problem type {@code urn:palisade:problem:<slug>}). */
public enum ErrorCode {
    INVALID_INPUT(400, "invalid-input"),
    UNAUTHORIZED(401, "unauthorized"),
    FORBIDDEN(403, "forbidden"),
    NOT_FOUND(404, "not-found"),
    CONFLICT(409, "conflict"),
    ILLEGAL_TRANSITION(409, "illegal-transition"),
    PAYLOAD_TOO_LARGE(413, "payload-too-large"),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type"),
    RATE_LIMITED(429, "rate-limited"),
    INTERNAL(500, "internal-error");

    private final int httpStatus;
    private final String slug;

    ErrorCode(int httpStatus, String slug) {
        this.httpStatus = httpStatus;
        this.slug = slug;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public String slug() {
        return slug;
    }
}
