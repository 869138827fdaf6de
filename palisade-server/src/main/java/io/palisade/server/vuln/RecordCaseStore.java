package io.palisade.server.vuln;

import io.palisade.core.PalisadeException;
import io.palisade.core.audit.AuditAction;
import io.palisade.core.audit.AuditLog;
import io.palisade.core.store.Store;
import io.palisade.server.support.Records;
import io.palisade.vuln.disclosure.CaseStage;
import io.palisade.vuln.disclosure.CaseStore;
import io.palisade.vuln.disclosure.VulnCase;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Vulnerability cases as {@code vuln-case} records keyed by tracking id. Every write carries its audit entry in
 * the same transaction; {@link #update} reads, changes and writes a case in one transaction.
 */
public final class RecordCaseStore implements CaseStore {
    static final String KIND = "vuln-case";
    static final int MAX_CASES = 100_000;
    private final Store store;
    private final Clock clock;

    public RecordCaseStore(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** A new case from the public intake (the reporter is anonymous). */
    @Override
    public void save(VulnCase c) {
        store.transaction(r -> {
            boolean isNew = r.records().find(KIND, c.trackingId()).isEmpty();
            r.records().put(KIND, c.trackingId(), Records.write(c), clock.instant());
            AuditLog.append(r.audit(), clock.instant(), isNew ? "reporter" : "system", AuditAction.VULN, "vuln-case:" + c.trackingId(),
                    isNew ? "report received" + (c.cra().isPresent() ? " (reported actively exploited: CRA clock started)" : "")
                            : "case saved, stage " + c.stage());
            return null;
        });
    }

    @Override
    public Optional<VulnCase> find(String trackingId) {
        if (trackingId == null || trackingId.isEmpty() || trackingId.length() > 200) {
            return Optional.empty();
        }
        return store.read(r -> r.records().find(KIND, trackingId)).map(x -> Records.read(x.body(), VulnCase.class));
    }

    @Override
    public List<VulnCase> open() {
        return all().stream().filter(c -> c.stage() != CaseStage.CLOSED).toList();
    }

    /** All cases, oldest first. */
    public List<VulnCase> all() {
        return store.read(r -> r.records().list(KIND, "", MAX_CASES)).stream().map(x -> Records.read(x.body(), VulnCase.class))
                .sorted(Comparator.comparing(VulnCase::receivedAt)).toList();
    }

    /** Applies one change to a case in one transaction with its audit entry (detail computed after the change). */
    public VulnCase update(String trackingId, String actor, UnaryOperator<VulnCase> change, Supplier<String> auditDetail) {
        return store.transaction(r -> {
            VulnCase c = r.records().find(KIND, trackingId).map(x -> Records.read(x.body(), VulnCase.class))
                    .orElseThrow(() -> PalisadeException.notFound("no vulnerability case " + trackingId));
            VulnCase next = change.apply(c);
            r.records().put(KIND, trackingId, Records.write(next), clock.instant());
            AuditLog.append(r.audit(), clock.instant(), actor, AuditAction.VULN, "vuln-case:" + trackingId, auditDetail.get());
            return next;
        });
    }
}
