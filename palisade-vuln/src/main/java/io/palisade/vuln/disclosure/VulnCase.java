package io.palisade.vuln.disclosure;

import io.palisade.core.PalisadeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A vulnerability case, immutable: every operation returns the next version. Holds the report, stage, owner,
 * notes, per-stage due dates, the transition history and, once flagged actively exploited, the CRA Art. 14 clock.
 */
public record VulnCase(String trackingId, VulnerabilityReport report, Instant receivedAt, CaseStage stage, String owner,
        List<CaseNote> notes, Map<CaseStage, Instant> dueDates, List<Transition> history, CraClock craClock,
        String resolution) {

    public VulnCase {
        Objects.requireNonNull(trackingId, "trackingId");
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(stage, "stage");
        notes = List.copyOf(notes);
        dueDates = Map.copyOf(dueDates);
        history = List.copyOf(history);
        if (owner != null && (owner.isBlank() || owner.length() > 128)) {
            throw PalisadeException.invalid("owner: 1-128 characters");
        }
    }

    /** A new case in stage RECEIVED; the verification is due after {@code verifyWithin}. */
    public static VulnCase open(String trackingId, VulnerabilityReport report, Instant now, Duration verifyWithin) {
        Map<CaseStage, Instant> due = new EnumMap<>(CaseStage.class);
        due.put(CaseStage.VERIFIED, now.plus(verifyWithin));
        VulnCase c = new VulnCase(trackingId, report, now, CaseStage.RECEIVED, null, List.of(), due, List.of(), null, null);
        return report.activelyExploited() ? c.withCraClock(CraClock.start(now)) : c;
    }

    /** Guarded stage change; CLOSED needs a resolution text. Throws ILLEGAL_TRANSITION otherwise. */
    public VulnCase moveTo(CaseStage to, String actor, Instant now, String reason) {
        Objects.requireNonNull(to, "to");
        if (!stage.canMoveTo(to)) {
            throw PalisadeException.illegalState("case " + trackingId + " cannot move from " + stage + " to " + to
                    + " (allowed: " + stage.next() + ")");
        }
        if (actor == null || actor.isBlank()) {
            throw PalisadeException.invalid("actor required");
        }
        if (to == CaseStage.CLOSED && (reason == null || reason.isBlank())) {
            throw PalisadeException.invalid("closing a case needs a resolution");
        }
        if (to == CaseStage.RELEASED && craClock != null && craClock.fixAvailableAt() == null) {
            throw PalisadeException.illegalState("record the fix availability (CRA final-report clock) before releasing");
        }
        List<Transition> h = new ArrayList<>(history);
        h.add(new Transition(stage, to, actor, now, reason));
        Map<CaseStage, Instant> due = new EnumMap<>(CaseStage.class);
        due.putAll(dueDates);
        due.remove(to);
        return new VulnCase(trackingId, report, receivedAt, to, owner, notes, due, h, craClock,
                to == CaseStage.CLOSED ? reason : resolution);
    }

    public VulnCase assign(String newOwner) {
        if (newOwner == null || newOwner.isBlank()) {
            throw PalisadeException.invalid("owner required");
        }
        return new VulnCase(trackingId, report, receivedAt, stage, newOwner, notes, dueDates, history, craClock, resolution);
    }

    public VulnCase addNote(CaseNote note) {
        if (notes.size() >= 10_000) {
            throw PalisadeException.conflict("case " + trackingId + " has too many notes");
        }
        List<CaseNote> n = new ArrayList<>(notes);
        n.add(Objects.requireNonNull(note, "note"));
        return new VulnCase(trackingId, report, receivedAt, stage, owner, n, dueDates, history, craClock, resolution);
    }

    /** Sets the date by which the given stage must be reached. */
    public VulnCase due(CaseStage target, Instant by) {
        if (!stageAfter(target)) {
            throw PalisadeException.invalid("due date only for a later stage than " + stage);
        }
        Map<CaseStage, Instant> due = new EnumMap<>(CaseStage.class);
        due.putAll(dueDates);
        due.put(target, Objects.requireNonNull(by, "by"));
        return new VulnCase(trackingId, report, receivedAt, stage, owner, notes, due, history, craClock, resolution);
    }

    private boolean stageAfter(CaseStage target) {
        return target.ordinal() > stage.ordinal();
    }

    /** Flags the case actively exploited: starts the CRA Art. 14 clock at {@code awareAt} (idempotent). */
    public VulnCase flagActivelyExploited(Instant awareAt) {
        return craClock != null ? this : withCraClock(CraClock.start(awareAt));
    }

    public VulnCase withCraClock(CraClock clock) {
        return new VulnCase(trackingId, report, receivedAt, stage, owner, notes, dueDates, history, clock, resolution);
    }

    public Optional<CraClock> cra() {
        return Optional.ofNullable(craClock);
    }

    /** Stage deadlines that have passed without the stage being reached. */
    public List<Alert> overdue(Instant now) {
        List<Alert> out = new ArrayList<>();
        if (stage != CaseStage.CLOSED) {
            dueDates.forEach((s, at) -> {
                if (s.ordinal() > stage.ordinal() && now.isAfter(at)) {
                    out.add(new Alert(Alert.Kind.CASE_STAGE_OVERDUE, trackingId, s.name(), at,
                            "case " + trackingId + " should have reached " + s + " by " + at));
                }
            });
        }
        if (craClock != null) {
            out.addAll(craClock.overdue(trackingId, now));
        }
        return out;
    }
}
