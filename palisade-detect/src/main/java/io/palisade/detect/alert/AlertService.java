package io.palisade.detect.alert;

import io.palisade.core.PalisadeException;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raises, deduplicates and moves alerts through their states. A signal folds into the active alert with its
 * dedup key; after that alert is resolved the next signal opens a new one. Listeners (response engine,
 * incident service, notifiers) hear every change; a failing listener is logged and does not stop the others.
 */
public final class AlertService {
    private static final Logger LOG = LoggerFactory.getLogger(AlertService.class);
    private static final int MAX_ACTOR = 128;
    private static final int MAX_NOTE = 2000;

    /** Outcome of {@link #raise(Signal)}. */
    public record Raised(Alert alert, AlertListener.Change change) {
    }

    private final AlertRepository repository;
    private final Clock clock;
    private final CopyOnWriteArrayList<AlertListener> listeners = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();

    public AlertService(AlertRepository repository, Clock clock) {
        this.repository = Objects.requireNonNull(repository, "repository");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public AutoCloseable addListener(AlertListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return () -> listeners.remove(listener);
    }

    /** Raises a signal: folds it into the active alert with the same key or opens a new alert. */
    public Raised raise(Signal signal) {
        Objects.requireNonNull(signal, "signal");
        Raised r;
        synchronized (lock) {
            Optional<Alert> active = repository.findActive(signal.dedupKey());
            if (active.isPresent()) {
                Alert before = active.get();
                Alert after = before.fold(signal);
                repository.save(after);
                r = new Raised(after, after.severity().compareTo(before.severity()) > 0
                        ? AlertListener.Change.ESCALATED : AlertListener.Change.REPEATED);
            } else {
                Alert a = Alert.open("al-" + UUID.randomUUID(), signal);
                repository.save(a);
                r = new Raised(a, AlertListener.Change.NEW);
            }
        }
        notifyListeners(r.alert(), r.change());
        return r;
    }

    public Optional<Alert> find(String id) {
        return repository.find(id);
    }

    public Alert get(String id) {
        return repository.find(id).orElseThrow(() -> PalisadeException.notFound("no alert with id '" + id + "'"));
    }

    public List<Alert> list(AlertFilter filter) {
        return repository.list(filter == null ? AlertFilter.all() : filter);
    }

    /** Open → acknowledged. Acknowledging an acknowledged alert is refused, as is any change to a resolved one. */
    public Alert acknowledge(String id, String actor, String note) {
        Alert a;
        synchronized (lock) {
            Alert cur = get(id);
            if (cur.state() != AlertState.OPEN) {
                throw PalisadeException.illegalState("alert " + id + " is " + cur.state().name().toLowerCase()
                        + "; only an open alert can be acknowledged");
            }
            a = cur.acknowledged(actor(actor), note(note), clock.instant());
            repository.save(a);
        }
        notifyListeners(a, AlertListener.Change.ACKNOWLEDGED);
        return a;
    }

    /** Open or acknowledged → resolved (final). */
    public Alert resolve(String id, String actor, String note) {
        Alert a;
        synchronized (lock) {
            Alert cur = get(id);
            if (cur.state() == AlertState.RESOLVED) {
                throw PalisadeException.illegalState("alert " + id + " is already resolved");
            }
            a = cur.resolved(actor(actor), note(note), clock.instant());
            repository.save(a);
        }
        notifyListeners(a, AlertListener.Change.RESOLVED);
        return a;
    }

    /** Records the incident an alert belongs to (called by the incident service). */
    public Alert linkIncident(String id, String incidentId) {
        synchronized (lock) {
            Alert a = get(id).withIncident(Objects.requireNonNull(incidentId, "incidentId"));
            repository.save(a);
            return a;
        }
    }

    private static String actor(String actor) {
        if (actor == null || actor.isBlank() || actor.length() > MAX_ACTOR) {
            throw PalisadeException.invalid("actor must be 1-" + MAX_ACTOR + " characters");
        }
        return actor;
    }

    private static String note(String note) {
        if (note == null) {
            return "";
        }
        if (note.length() > MAX_NOTE) {
            throw PalisadeException.invalid("note must be at most " + MAX_NOTE + " characters");
        }
        return note;
    }

    private void notifyListeners(Alert alert, AlertListener.Change change) {
        for (AlertListener l : listeners) {
            try {
                l.onAlert(alert, change);
            } catch (RuntimeException e) {
                LOG.warn("alert listener failed on {} ({})", alert.id(), change, e);
            }
        }
    }
}
