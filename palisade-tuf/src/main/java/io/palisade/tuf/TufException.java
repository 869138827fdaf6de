package io.palisade.tuf;

import java.io.Serial;

/**
 * Every failure of the TUF client: malformed or oversized metadata, a signature threshold not met, a rollback,
 * expired metadata, a length or hash mismatch, a fetch error. Messages say what was wrong; they never contain key
 * material.
 */
public class TufException extends Exception {
    @Serial
    private static final long serialVersionUID = 1L;

    public TufException(String message) {
        super(message);
    }

    public TufException(String message, Throwable cause) {
        super(message, cause);
    }
}
