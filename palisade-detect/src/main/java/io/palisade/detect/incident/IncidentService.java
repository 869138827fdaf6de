package io.palisade.detect.incident;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.palisade.core.PalisadeException;
import io.palisade.detect.alert.Alert;
import io.palisade.detect.alert.AlertListener;
import io.palisade.detect.alert.AlertService;
import io.palisade.detect.response.ActionRecord;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Groups alerts into incidents: a new alert joins the open incident of the same device; failing that, the open
 * incident of the same model updated within {@code modelWindow} (a fleet-wide wave); otherwise it opens a new
 * incident. Register with {@code alertService.addListener(incidents)} and
 * {@code responseEngine.addActionListener(incidents::onAction)}. Timelines are capped at 1000 entries.
 */
public final class IncidentService implements AlertListener {
    private static final int MAX_TIMELINE = 1000;
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);

    private final AlertService alerts;
    private final Clock clock;
    private final Duration modelWindow;
    private final Map<String, Incident> incidents = new LinkedHashMap<>();
    private final Map<String, String> incidentOfAlert = new LinkedHashMap<>();

    public IncidentService(AlertService alerts, Clock clock, Duration modelWindow) {
        this.alerts = Objects.requireNonNull(alerts, "alerts");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.modelWindow = Objects.requireNonNull(modelWindow, "modelWindow");
    }

    @Override
    public void onAlert(Alert alert, Change change) {
        String linked = null;
        synchronized (this) {
            String existing = incidentOfAlert.get(alert.id());
            Instant now = clock.instant();
            if (existing != null) {
                if (change == Change.ESCALATED || change == Change.ACKNOWLEDGED || change == Change.RESOLVED) {
                    append(existing, new Incident.TimelineEntry(now, Incident.Kind.ALERT, "alert " + alert.id() + " "
                            + change.name().toLowerCase() + " (" + alert.severity().label() + ")", Map.of("alert", alert.id())), null);
                }
                return;
            }
            if (change != Change.NEW) {
                return;
            }
            Incident target = incidents.values().stream().filter(i -> i.state() == Incident.State.OPEN)
                    .filter(i -> i.subject().equals(alert.subject())).findFirst()
                    .or(() -> incidents.values().stream().filter(i -> i.state() == Incident.State.OPEN)
                            .filter(i -> alert.model() != null && alert.model().equals(i.model()))
                            .filter(i -> !i.updatedAt().isBefore(now.minus(modelWindow))).findFirst())
                    .orElse(null);
            Incident.TimelineEntry e = new Incident.TimelineEntry(now, Incident.Kind.ALERT, "alert " + alert.type() + " on "
                    + alert.subject() + ": " + alert.title(), Map.of("alert", alert.id()));
            if (target == null) {
                target = new Incident("in-" + UUID.randomUUID(), alert.title(), alert.subject(), alert.model(),
                        Incident.State.OPEN, now, now, List.of(), List.of());
                incidents.put(target.id(), target);
            }
            append(target.id(), e, alert.id());
            incidentOfAlert.put(alert.id(), target.id());
            linked = target.id();
        }
        alerts.linkIncident(alert.id(), linked);
    }

    /** Adds an action to the timeline of the incident its alert belongs to. */
    public synchronized void onAction(ActionRecord a) {
        String inc = a.alertId() == null ? null : incidentOfAlert.get(a.alertId());
        if (inc != null) {
            append(inc, new Incident.TimelineEntry(a.at(), Incident.Kind.ACTION, a.type().label() + " "
                    + a.status().name().toLowerCase() + " on " + a.subject() + " by " + a.actor(),
                    Map.of("action", a.id(), "alert", a.alertId())), null);
        }
    }

    public synchronized Incident addNote(String id, String actor, String text) {
        if (text == null || text.isBlank() || text.length() > 2000 || actor == null || actor.isBlank()) {
            throw PalisadeException.invalid("a note needs an actor and 1-2000 characters of text");
        }
        return append(get(id).id(), new Incident.TimelineEntry(clock.instant(), Incident.Kind.NOTE, actor + ": " + text,
                Map.of()), null);
    }

    public synchronized Incident close(String id, String actor) {
        Incident i = get(id);
        if (i.state() == Incident.State.CLOSED) {
            throw PalisadeException.illegalState("incident " + id + " is already closed");
        }
        Instant now = clock.instant();
        List<Incident.TimelineEntry> t = new ArrayList<>(i.timeline());
        t.add(new Incident.TimelineEntry(now, Incident.Kind.NOTE, "closed by " + actor, Map.of()));
        Incident c = new Incident(i.id(), i.title(), i.subject(), i.model(), Incident.State.CLOSED, i.openedAt(), now,
                i.alertIds(), t);
        incidents.put(id, c);
        return c;
    }

    public synchronized Optional<Incident> find(String id) {
        return Optional.ofNullable(incidents.get(id));
    }

    public synchronized Incident get(String id) {
        return find(id).orElseThrow(() -> PalisadeException.notFound("no incident with id '" + id + "'"));
    }

    public synchronized List<Incident> list() {
        return incidents.values().stream().sorted(Comparator.comparing(Incident::updatedAt).reversed()).toList();
    }

    /** The incident as JSON (UTF-8), with ISO-8601 timestamps. */
    public byte[] export(String id) {
        Incident i = get(id);
        try {
            return JSON.writeValueAsString(i).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new PalisadeException(io.palisade.core.ErrorCode.INTERNAL, "cannot serialize incident " + id, e);
        }
    }

    private Incident append(String id, Incident.TimelineEntry e, String alertId) {
        Incident i = incidents.get(id);
        List<Incident.TimelineEntry> t = new ArrayList<>(i.timeline());
        if (t.size() < MAX_TIMELINE) {
            t.add(e);
        }
        List<String> ids = new ArrayList<>(i.alertIds());
        if (alertId != null) {
            ids.add(alertId);
        }
        Incident n = new Incident(i.id(), i.title(), i.subject(), i.model(), i.state(), i.openedAt(), e.at(), ids, t);
        incidents.put(id, n);
        return n;
    }
}
