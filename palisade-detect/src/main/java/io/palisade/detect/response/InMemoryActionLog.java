package io.palisade.detect.response;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

/** Thread-safe in-memory {@link ActionLog}. */
public final class InMemoryActionLog implements ActionLog {
    private final LinkedHashMap<String, ActionRecord> records = new LinkedHashMap<>();

    @Override
    public synchronized void record(ActionRecord action) {
        records.put(action.id(), action);
    }

    @Override
    public synchronized Optional<ActionRecord> find(String id) {
        return Optional.ofNullable(records.get(id));
    }

    @Override
    public synchronized List<ActionRecord> list(int limit) {
        List<ActionRecord> all = new ArrayList<>(records.values());
        Collections.reverse(all);
        return List.copyOf(all.subList(0, Math.min(Math.max(limit, 0), all.size())));
    }
}
