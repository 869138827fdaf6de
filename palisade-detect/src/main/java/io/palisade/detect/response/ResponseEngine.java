package io.palisade.detect.response;

import io.palisade.core.PalisadeException;
import io.palisade.core.device.DeviceId;
import io.palisade.core.device.RiskProfile;
import io.palisade.detect.alert.Alert;
import io.palisade.detect.alert.AlertListener;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs playbooks on alert changes. Register it with {@code alertService.addListener(responseEngine)}. For each
 * new or repeated alert it picks the playbook of the subject's risk profile and fires every matching entry
 * once per alert (after {@code count} occurrences within {@code within}). Destructive actions of entries that
 * require approval become a {@link PendingApproval}; everything executed is recorded in the {@link ActionLog}
 * and told to the action listeners (incident timeline, audit log).
 */
public final class ResponseEngine implements AlertListener {
    private static final Logger LOG = LoggerFactory.getLogger(ResponseEngine.class);
    public static final String SYSTEM_ACTOR = "palisade-response";
    private static final int MAX_TRACKED_ALERTS = 100_000;

    private final Map<RiskProfile, Playbook> playbooks;
    private final ResponseActions actions;
    private final ActionLog log;
    private final Function<Alert, RiskProfile> riskOf;
    private final Clock clock;
    private final Map<ActionType, Notifier> notifiers = new EnumMap<>(ActionType.class);
    private final CopyOnWriteArrayList<Consumer<ActionRecord>> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, PendingApproval> approvals = new LinkedHashMap<>();
    private final Map<String, Set<Integer>> fired = new HashMap<>();
    private final Map<String, ArrayDeque<Instant>> occurrences = new HashMap<>();

    /**
     * @param riskOf the risk profile that governs an alert's subject (the server resolves it from the device's
     *               model; alerts about the platform typically map to the strictest profile in use)
     */
    public ResponseEngine(Map<RiskProfile, Playbook> playbooks, ResponseActions actions, ActionLog log,
            Function<Alert, RiskProfile> riskOf, Clock clock) {
        this.playbooks = Map.copyOf(playbooks);
        this.actions = Objects.requireNonNull(actions, "actions");
        this.log = Objects.requireNonNull(log, "log");
        this.riskOf = Objects.requireNonNull(riskOf, "riskOf");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Registers the notifier used for {@link ActionType#NOTIFY_WEBHOOK} or {@link ActionType#NOTIFY_SYSLOG}. */
    public synchronized void registerNotifier(ActionType type, Notifier notifier) {
        if (type != ActionType.NOTIFY_WEBHOOK && type != ActionType.NOTIFY_SYSLOG) {
            throw PalisadeException.invalid("notifiers can only be registered for notify_webhook or notify_syslog");
        }
        notifiers.put(type, Objects.requireNonNull(notifier, "notifier"));
    }

    /** Told about every recorded action (executed, failed, skipped, pending, rejected, undone). */
    public AutoCloseable addActionListener(Consumer<ActionRecord> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public void onAlert(Alert alert, Change change) {
        List<ActionRecord> done = new ArrayList<>();
        synchronized (this) {
            if (change == Change.RESOLVED) {
                fired.remove(alert.id());
                occurrences.keySet().removeIf(k -> k.startsWith(alert.id() + "#"));
                return;
            }
            if (change == Change.ACKNOWLEDGED) {
                return;
            }
            RiskProfile risk = riskOf.apply(alert);
            Playbook pb = risk == null ? null : playbooks.get(risk);
            if (pb == null) {
                return;
            }
            if (fired.size() > MAX_TRACKED_ALERTS) {
                fired.clear();
                occurrences.clear();
            }
            Set<Integer> already = fired.computeIfAbsent(alert.id(), k -> new HashSet<>());
            for (int i = 0; i < pb.entries().size(); i++) {
                PlaybookEntry e = pb.entries().get(i);
                if (already.contains(i) || !e.matches(alert.type(), alert.severity())) {
                    continue;
                }
                if (e.count() > 1) {
                    ArrayDeque<Instant> q = occurrences.computeIfAbsent(alert.id() + "#" + i, k -> new ArrayDeque<>());
                    Instant now = alert.lastSeen();
                    q.addLast(now);
                    while (!q.isEmpty() && q.peekFirst().isBefore(now.minus(e.within()))) {
                        q.removeFirst();
                    }
                    while (q.size() > e.count()) {
                        q.removeFirst();
                    }
                    if (q.size() < e.count()) {
                        continue;
                    }
                    occurrences.remove(alert.id() + "#" + i);
                }
                already.add(i);
                String reason = "playbook " + pb.profile().label() + " entry '" + e.match() + "' on alert " + alert.id()
                        + " (" + alert.type() + ", " + alert.severity().label() + ")";
                List<PlaybookEntry.Action> needApproval = new ArrayList<>();
                for (PlaybookEntry.Action a : e.actions()) {
                    if (e.requiresApproval() && a.type().destructive()) {
                        needApproval.add(a);
                    } else {
                        done.add(execute(alert, a, reason, SYSTEM_ACTOR, null));
                    }
                }
                if (!needApproval.isEmpty()) {
                    PendingApproval p = new PendingApproval("ap-" + UUID.randomUUID(), alert.id(), alert.type(),
                            alert.subject(), needApproval, reason, clock.instant(), PendingApproval.State.PENDING,
                            null, null, null);
                    approvals.put(p.id(), p);
                    for (PlaybookEntry.Action a : needApproval) {
                        ActionRecord r = new ActionRecord("ac-" + UUID.randomUUID(), alert.id(), alert.type(),
                                alert.subject(), a.type(), a.parameter(), ActionRecord.Status.PENDING_APPROVAL,
                                SYSTEM_ACTOR, clock.instant(), "waiting for approval " + p.id(), false, null, null, p.id());
                        log.record(r);
                        done.add(r);
                    }
                }
            }
        }
        publish(done);
    }

    /** Pending approvals, oldest first. */
    public synchronized List<PendingApproval> approvals(boolean pendingOnly) {
        return approvals.values().stream().filter(p -> !pendingOnly || p.state() == PendingApproval.State.PENDING).toList();
    }

    /** Approves and executes the waiting actions; returns their records. */
    public List<ActionRecord> approve(String approvalId, String actor) {
        requireActor(actor);
        List<ActionRecord> done = new ArrayList<>();
        synchronized (this) {
            PendingApproval p = pending(approvalId);
            approvals.put(p.id(), p.decided(PendingApproval.State.APPROVED, actor, clock.instant(), null));
            Alert stub = new Alert(p.alertId(), p.alertType(), p.subject(), null, io.palisade.detect.alert.Severity.LOW,
                    io.palisade.detect.alert.AlertState.OPEN, p.alertId(), p.reason(), "", 1, p.createdAt(),
                    p.createdAt(), List.of(), null, null, null, null, null, null, null);
            for (PlaybookEntry.Action a : p.actions()) {
                done.add(execute(stub, a, p.reason() + "; approved by " + actor, actor, p.id()));
            }
        }
        publish(done);
        return done;
    }

    /** Rejects the waiting actions; nothing is executed. */
    public PendingApproval reject(String approvalId, String actor, String note) {
        requireActor(actor);
        List<ActionRecord> done = new ArrayList<>();
        PendingApproval d;
        synchronized (this) {
            PendingApproval p = pending(approvalId);
            d = p.decided(PendingApproval.State.REJECTED, actor, clock.instant(), note);
            approvals.put(p.id(), d);
            for (PlaybookEntry.Action a : p.actions()) {
                ActionRecord r = new ActionRecord("ac-" + UUID.randomUUID(), p.alertId(), p.alertType(), p.subject(),
                        a.type(), a.parameter(), ActionRecord.Status.REJECTED, actor, clock.instant(),
                        note == null ? "rejected" : "rejected: " + note, false, null, null, p.id());
                log.record(r);
                done.add(r);
            }
        }
        publish(done);
        return d;
    }

    /** Undoes an executed quarantine by releasing the device. Other actions cannot be undone. */
    public ActionRecord undo(String actionId, String actor) {
        requireActor(actor);
        ActionRecord undone;
        ActionRecord release;
        synchronized (this) {
            ActionRecord r = log.find(actionId).orElseThrow(() -> PalisadeException.notFound("no action with id '" + actionId + "'"));
            if (!r.undoable() || r.status() != ActionRecord.Status.EXECUTED) {
                throw PalisadeException.illegalState("action " + actionId + " (" + r.type().label() + ", "
                        + r.status().name().toLowerCase() + ") cannot be undone; only an executed quarantine can");
            }
            String reason = "undo of action " + actionId + " by " + actor;
            actions.release(DeviceId.of(r.subject()), reason);
            Instant now = clock.instant();
            undone = r.undone(actor, now);
            log.record(undone);
            release = new ActionRecord("ac-" + UUID.randomUUID(), r.alertId(), r.alertType(), r.subject(),
                    ActionType.RELEASE, null, ActionRecord.Status.EXECUTED, actor, now, reason, false, null, null, null);
            log.record(release);
        }
        publish(List.of(undone, release));
        return release;
    }

    private PendingApproval pending(String id) {
        PendingApproval p = approvals.get(id);
        if (p == null) {
            throw PalisadeException.notFound("no approval with id '" + id + "'");
        }
        if (p.state() != PendingApproval.State.PENDING) {
            throw PalisadeException.illegalState("approval " + id + " was already " + p.state().name().toLowerCase());
        }
        return p;
    }

    private static void requireActor(String actor) {
        if (actor == null || actor.isBlank() || actor.length() > 128) {
            throw PalisadeException.invalid("actor must be 1-128 characters");
        }
    }

    private ActionRecord execute(Alert alert, PlaybookEntry.Action a, String reason, String actor, String approvalId) {
        ActionRecord.Status status = ActionRecord.Status.EXECUTED;
        String detail = reason;
        boolean undoable = false;
        try {
            switch (a.type()) {
                case NOTIFY_WEBHOOK, NOTIFY_SYSLOG -> {
                    Notifier n = notifiers.get(a.type());
                    if (n == null) {
                        status = ActionRecord.Status.SKIPPED;
                        detail = "no " + a.type().label() + " notifier configured";
                    } else if (!n.notify(alert)) {
                        status = ActionRecord.Status.FAILED;
                        detail = "notification dropped (queue full)";
                    }
                }
                default -> {
                    Optional<DeviceId> dev = DeviceId.isValid(alert.subject()) && !alert.subject().equals("platform")
                            ? Optional.of(DeviceId.of(alert.subject())) : Optional.empty();
                    if (dev.isEmpty()) {
                        status = ActionRecord.Status.SKIPPED;
                        detail = "subject '" + alert.subject() + "' is not a device";
                    } else {
                        switch (a.type()) {
                            case QUARANTINE -> {
                                actions.quarantine(dev.get(), reason);
                                undoable = true;
                            }
                            case RELEASE -> actions.release(dev.get(), reason);
                            case REVOKE -> actions.revoke(dev.get(), reason);
                            case FORCE_REENROLL -> actions.forceReenroll(dev.get(), reason);
                            case VIRTUAL_PATCH -> actions.applyVirtualPatch(a.parameter(), dev.get());
                            default -> throw new IllegalStateException("unreachable");
                        }
                    }
                }
            }
        } catch (RuntimeException e) {
            status = ActionRecord.Status.FAILED;
            detail = reason + "; failed: " + (e instanceof PalisadeException ? e.getMessage() : e.getClass().getSimpleName());
            LOG.warn("response action {} on {} failed", a.type().label(), alert.subject(), e);
        }
        ActionRecord r = new ActionRecord("ac-" + UUID.randomUUID(), alert.id(), alert.type(), alert.subject(), a.type(),
                a.parameter(), status, actor, clock.instant(), detail, undoable, null, null, approvalId);
        log.record(r);
        return r;
    }

    private void publish(List<ActionRecord> records) {
        for (ActionRecord r : records) {
            for (Consumer<ActionRecord> l : listeners) {
                try {
                    l.accept(r);
                } catch (RuntimeException e) {
                    LOG.warn("action listener failed on {}", r.id(), e);
                }
            }
        }
    }
}
