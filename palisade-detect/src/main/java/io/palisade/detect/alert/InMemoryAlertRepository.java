package io.palisade.detect.alert;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Thread-safe in-memory {@link AlertRepository}. */
public final class InMemoryAlertRepository implements AlertRepository {
    private final ConcurrentHashMap<String, Alert> byId = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, String> activeByKey = new ConcurrentHashMap<>();

    @Override
    public void save(Alert alert) {
        byId.put(alert.id(), alert);
        if (alert.state().active()) {
            activeByKey.put(alert.dedupKey(), alert.id());
        } else {
            activeByKey.remove(alert.dedupKey(), alert.id());
        }
    }

    @Override
    public Optional<Alert> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    @Override
    public Optional<Alert> findActive(String dedupKey) {
        String id = activeByKey.get(dedupKey);
        return id == null ? Optional.empty() : find(id).filter(a -> a.state().active());
    }

    @Override
    public List<Alert> list(AlertFilter filter) {
        return byId.values().stream().filter(filter::matches)
                .sorted(Comparator.comparing(Alert::lastSeen).reversed().thenComparing(Alert::id))
                .limit(filter.limit()).toList();
    }
}
