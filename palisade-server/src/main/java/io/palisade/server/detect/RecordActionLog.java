package io.palisade.server.detect;

import io.palisade.core.audit.AuditAction;
import io.palisade.core.audit.AuditLog;
import io.palisade.core.store.Store;
import io.palisade.detect.response.ActionLog;
import io.palisade.detect.response.ActionRecord;
import io.palisade.server.support.Records;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Response actions as {@code response-action} records, each also appended to the hash-chained audit log. */
public final class RecordActionLog implements ActionLog {
    static final String KIND = "response-action";
    private final Store store;

    public RecordActionLog(Store store) {
        this.store = store;
    }

    @Override
    public void record(ActionRecord a) {
        store.transaction(r -> {
            r.records().put(KIND, a.id(), Records.write(a), a.undoneAt() != null ? a.undoneAt() : a.at());
            AuditLog.append(r.audit(), a.undoneAt() != null ? a.undoneAt() : a.at(), a.undoneBy() != null ? a.undoneBy() : a.actor(),
                    AuditAction.RESPONSE, "device:" + a.subject(), a.type().name().toLowerCase(java.util.Locale.ROOT) + " "
                            + a.status().name().toLowerCase(java.util.Locale.ROOT) + (a.alertId() == null ? "" : " alert=" + a.alertId())
                            + (a.detail().isEmpty() ? "" : " (" + a.detail() + ")"));
            return null;
        });
    }

    @Override
    public Optional<ActionRecord> find(String id) {
        return store.read(r -> r.records().find(KIND, id)).map(x -> Records.read(x.body(), ActionRecord.class));
    }

    @Override
    public List<ActionRecord> list(int limit) {
        return store.read(r -> r.records().list(KIND, "", 100_000)).stream().map(x -> Records.read(x.body(), ActionRecord.class))
                .sorted(Comparator.comparing(ActionRecord::at).reversed()).limit(Math.max(1, Math.min(limit, 10_000))).toList();
    }
}
