package io.palisade.mud;

import java.util.Objects;

/**
 * A MUD file, site file, flow record or policy input was rejected. Always carries the JSON path of the offending
 * value (e.g. {@code $.ietf-mud:mud.cache-validity}), or {@code $} for whole-document problems.
 */
public final class MudException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String path;
    private final String reason;

    public MudException(String path, String reason) {
        super(Objects.requireNonNull(path, "path") + ": " + Objects.requireNonNull(reason, "reason"));
        this.path = path;
        this.reason = reason;
    }

    public MudException(String path, String reason, Throwable cause) {
        super(Objects.requireNonNull(path, "path") + ": " + Objects.requireNonNull(reason, "reason"), cause);
        this.path = path;
        this.reason = reason;
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
