package io.palisade.mud;

import java.util.Objects;

/**
 * A MUD file, site file, flow record, signature or policy input was rejected. Always carries a stable
 * {@link Code} (for programs, tests and API clients), the JSON path of the offending value (e.g.
 * {@code $.ietf-mud:mud.cache-validity}, or {@code $} for whole-document problems) and a human-readable reason.
 */
public final class MudException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Stable reason codes. New codes may be added; existing ones keep their meaning. */
    public enum Code {
        /** A value is present but not acceptable (range, syntax, contradiction); the generic parse failure. */
        INVALID_VALUE,
        /** A member has the wrong JSON type. */
        WRONG_TYPE,
        /** A required member is missing. */
        MISSING_MEMBER,
        /** A member that the schema does not define. */
        UNKNOWN_MEMBER,
        /** A valid RFC 8519 member that cannot be evaluated on flow records. */
        UNSUPPORTED_MEMBER,
        /** The document is larger than the size limit. */
        TOO_LARGE,
        /** The document is nested deeper than the limit. */
        TOO_DEEP,
        /** Too many ACLs or ACEs. */
        TOO_MANY_ENTRIES,
        /** The document is not strict UTF-8. */
        NOT_UTF8,
        /** The document is not (exactly one) JSON value, or is empty. */
        MALFORMED_JSON,
        /** {@code mud-version} is not 1. */
        UNSUPPORTED_MUD_VERSION,
        /** {@code mud-url} is not an https URL with a host. */
        BAD_MUD_URL,
        /** {@code cache-validity} outside 1..168 hours. */
        CACHE_VALIDITY_OUT_OF_RANGE,
        /** {@code systeminfo} longer than 60 characters. */
        SYSTEMINFO_TOO_LONG,
        /** A policy names an ACL that is not defined. */
        UNKNOWN_ACL_REFERENCE,
        /** An ACL or ACE name is defined or listed twice. */
        DUPLICATE_NAME,
        /** The mud-url in the file is not the expected MUD URL (the one the device presented / it was fetched from). */
        MUD_URL_MISMATCH,
        /** No signature was given and no override was allowed. */
        UNSIGNED,
        /** The signer is not (and does not chain to) a trusted MUD signer. */
        UNTRUSTED_SIGNER,
        /** The signer's certificate chain is not valid at the verification time (expired or not yet valid). */
        SIGNER_EXPIRED,
        /** The signature does not verify over the MUD bytes (tampering). */
        SIGNATURE_INVALID,
        /** The signature is not a well-formed CMS SignedData, lacks a signer or a certificate. */
        SIGNATURE_MALFORMED,
        /** An override of the signature requirement was requested in production mode. */
        OVERRIDE_REFUSED_IN_PRODUCTION,
        /** Flow or site input problem that is not about a MUD file. */
        OTHER
    }

    private final Code code;
    private final String path;
    private final String reason;

    /** A rejection with the generic code {@link Code#INVALID_VALUE}. */
    public MudException(String path, String reason) {
        this(Code.INVALID_VALUE, path, reason);
    }

    /** A rejection with the generic code {@link Code#INVALID_VALUE}. */
    public MudException(String path, String reason, Throwable cause) {
        this(Code.INVALID_VALUE, path, reason, cause);
    }

    public MudException(Code code, String path, String reason) {
        super(Objects.requireNonNull(path, "path") + ": " + Objects.requireNonNull(reason, "reason"));
        this.code = Objects.requireNonNull(code, "code");
        this.path = path;
        this.reason = reason;
    }

    public MudException(Code code, String path, String reason, Throwable cause) {
        super(Objects.requireNonNull(path, "path") + ": " + Objects.requireNonNull(reason, "reason"), cause);
        this.code = Objects.requireNonNull(code, "code");
        this.path = path;
        this.reason = reason;
    }

    /** The stable reason code. */
    public Code code() {
        return code;
    }

    /** JSON path of the offending value, {@code $} for the document itself. */
    public String path() {
        return path;
    }

    /** What was wrong, without the path. */
    public String reason() {
        return reason;
    }
}
