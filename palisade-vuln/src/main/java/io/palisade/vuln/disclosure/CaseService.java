package io.palisade.vuln.disclosure;

import io.palisade.core.PalisadeException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** Case operations for the REST/CLI layer: load, apply one guarded change, save. */
public final class CaseService {
    private final CaseStore store;
    private final Clock clock;

    public CaseService(CaseStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public VulnCase get(String trackingId) {
        return store.find(trackingId).orElseThrow(() -> PalisadeException.notFound("no case " + trackingId));
    }

    private VulnCase update(String trackingId, UnaryOperator<VulnCase> change) {
        VulnCase next = change.apply(get(trackingId));
        store.save(next);
        return next;
    }

    public VulnCase transition(String trackingId, CaseStage to, String actor, String reason) {
        return update(trackingId, c -> c.moveTo(to, actor, clock.instant(), reason));
    }

    public VulnCase assign(String trackingId, String owner) {
        return update(trackingId, c -> c.assign(owner));
    }

    public VulnCase note(String trackingId, String author, String text) {
        return update(trackingId, c -> c.addNote(new CaseNote(clock.instant(), author, text)));
    }

    public VulnCase due(String trackingId, CaseStage stage, Instant by) {
        return update(trackingId, c -> c.due(stage, by));
    }

    public VulnCase flagActivelyExploited(String trackingId) {
        return update(trackingId, c -> c.flagActivelyExploited(clock.instant()));
    }

    /** Records a CRA step (early warning, notification, fix available, final report) at the current time. */
    public VulnCase craStep(String trackingId, CraClock.Step step, boolean fixAvailable) {
        Instant now = clock.instant();
        return update(trackingId, c -> {
            CraClock k = c.cra().orElseThrow(() -> PalisadeException.illegalState("case " + trackingId + " is not flagged actively exploited"));
            if (fixAvailable) {
                k = k.fixAvailable(now);
            }
            if (step != null) {
                k = switch (step) {
                    case EARLY_WARNING -> k.earlyWarningSent(now);
                    case NOTIFICATION -> k.notificationSent(now);
                    case FINAL_REPORT -> k.finalReportSent(now);
                };
            }
            return c.withCraClock(k);
        });
    }

    /** All overdue stage deadlines and CRA steps of open cases. */
    public List<Alert> alerts() {
        Instant now = clock.instant();
        List<Alert> out = new ArrayList<>();
        for (VulnCase c : store.open()) {
            out.addAll(c.overdue(now));
        }
        return out;
    }
}
