package io.palisade.detect.alert;

import java.util.List;
import java.util.Optional;

/** Port: alert storage. The server supplies a persistent one; {@link InMemoryAlertRepository} is the default. */
public interface AlertRepository {
    /** Inserts or replaces the alert with this id. */
    void save(Alert alert);

    Optional<Alert> find(String id);

    /** The open or acknowledged alert with this deduplication key, if any. */
    Optional<Alert> findActive(String dedupKey);

    /** Matching alerts, most recently seen first, at most {@code filter.limit()}. */
    List<Alert> list(AlertFilter filter);
}
