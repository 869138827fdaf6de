package io.palisade.server.detect;

import io.palisade.core.store.Store;
import io.palisade.detect.alert.Alert;
import io.palisade.detect.alert.AlertFilter;
import io.palisade.detect.alert.AlertRepository;
import io.palisade.detect.alert.AlertState;
import io.palisade.server.support.Records;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Alerts kept as {@code alert} records; the active alert per dedup key is indexed in memory (rebuilt at start). */
public final class RecordAlertRepository implements AlertRepository {
    static final String KIND = "alert";
    private final Store store;
    private final Clock clock;
    private final Map<String, String> activeByKey = new ConcurrentHashMap<>();

    public RecordAlertRepository(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
        for (Alert a : all()) {
            if (a.state() != AlertState.RESOLVED) {
                activeByKey.put(a.dedupKey(), a.id());
            }
        }
    }

    private List<Alert> all() {
        return store.read(r -> r.records().list(KIND, "", 100_000)).stream().map(x -> Records.read(x.body(), Alert.class)).toList();
    }

    @Override
    public void save(Alert alert) {
        store.transaction(r -> r.records().put(KIND, alert.id(), Records.write(alert), clock.instant()));
        if (alert.state() == AlertState.RESOLVED) {
            activeByKey.remove(alert.dedupKey(), alert.id());
        } else {
            activeByKey.put(alert.dedupKey(), alert.id());
        }
    }

    @Override
    public Optional<Alert> find(String id) {
        return store.read(r -> r.records().find(KIND, id)).map(x -> Records.read(x.body(), Alert.class));
    }

    @Override
    public Optional<Alert> findActive(String dedupKey) {
        String id = activeByKey.get(dedupKey);
        return id == null ? Optional.empty() : find(id).filter(a -> a.state() != AlertState.RESOLVED);
    }

    @Override
    public List<Alert> list(AlertFilter filter) {
        return all().stream().filter(filter::matches).sorted(Comparator.comparing(Alert::lastSeen).reversed())
                .limit(filter.limit()).toList();
    }
}
