package io.palisade.vuln.disclosure;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** {@link CaseStore} in memory, for tests and the embedded single node demo. */
public final class InMemoryCaseStore implements CaseStore {
    private final ConcurrentHashMap<String, VulnCase> cases = new ConcurrentHashMap<>();

    @Override
    public void save(VulnCase c) {
        cases.put(c.trackingId(), c);
    }

    @Override
    public Optional<VulnCase> find(String trackingId) {
        return Optional.ofNullable(cases.get(trackingId));
    }

    @Override
    public List<VulnCase> open() {
        return cases.values().stream().filter(c -> c.stage() != CaseStage.CLOSED)
                .sorted(java.util.Comparator.comparing(VulnCase::receivedAt)).toList();
    }
}
