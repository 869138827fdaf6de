package io.palisade.detect.response;

import java.util.List;
import java.util.Optional;

/**
 * Port: where every response action is recorded (the server also writes each one to its hash-chained audit
 * log). {@link InMemoryActionLog} is the default.
 */
public interface ActionLog {
    /** Appends a new record or replaces the record with the same id (status change after an undo). */
    void record(ActionRecord action);

    Optional<ActionRecord> find(String id);

    /** Most recent first, at most {@code limit}. */
    List<ActionRecord> list(int limit);
}
