package io.palisade.vuln.disclosure;

import io.palisade.core.PalisadeException;
import java.time.Instant;
import java.util.Objects;

/** A note on a case (verbatim text, bounded); {@code author} is a user name or "reporter" / "system". */
public record CaseNote(Instant at, String author, String text) {
    public static final int MAX_TEXT = 16 * 1024;

    public CaseNote {
        Objects.requireNonNull(at, "at");
        if (author == null || author.isBlank() || author.length() > 128) {
            throw PalisadeException.invalid("note author: 1-128 characters");
        }
        if (text == null || text.isBlank() || text.length() > MAX_TEXT) {
            throw PalisadeException.invalid("note text: 1-" + MAX_TEXT + " characters");
        }
    }
}
