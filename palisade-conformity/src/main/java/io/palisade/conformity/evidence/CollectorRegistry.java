package io.palisade.conformity.evidence;

import io.palisade.core.PalisadeException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Collectors by id. {@link #builtIn()} holds every collector the bundled catalog names. Immutable. */
public final class CollectorRegistry {
    private final Map<String, Collector> byId;

    private CollectorRegistry(Map<String, Collector> byId) {
        this.byId = java.util.Collections.unmodifiableMap(byId);
    }

    public static CollectorRegistry of(List<Collector> collectors) {
        Map<String, Collector> m = new LinkedHashMap<>();
        for (Collector c : collectors) {
            if (m.putIfAbsent(c.id(), c) != null) {
                throw PalisadeException.invalid("duplicate collector id " + c.id());
            }
        }
        return new CollectorRegistry(m);
    }

    public static CollectorRegistry builtIn() {
        return of(BuiltInCollectors.all());
    }

    public Optional<Collector> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public Set<String> ids() {
        return byId.keySet();
    }

    public java.util.Collection<Collector> all() {
        return byId.values();
    }
}
