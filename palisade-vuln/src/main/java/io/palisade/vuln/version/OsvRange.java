package io.palisade.vuln.version;

import io.palisade.core.PalisadeException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * An OSV {@code affected[].ranges[]} entry: type SEMVER, ECOSYSTEM or GIT with events introduced / fixed /
 * last_affected / limit. SEMVER and ECOSYSTEM are evaluated with {@link Version} ordering (ECOSYSTEM orders of
 * Debian, RPM, PyPI... are approximated by the generic order); GIT ranges name commits, which cannot be ordered
 * without the repository history, so they answer {@link Verdict#UNKNOWN}.
 */
public record OsvRange(String type, List<Event> events) implements VersionRange {
    private static final int MAX_EVENTS = 256;

    public enum Kind {
        INTRODUCED, FIXED, LAST_AFFECTED, LIMIT;

        public static Kind parse(String s) {
            return switch (s) {
                case "introduced" -> INTRODUCED;
                case "fixed" -> FIXED;
                case "last_affected" -> LAST_AFFECTED;
                case "limit" -> LIMIT;
                default -> throw PalisadeException.invalid("OSV range: unknown event '" + s + "'");
            };
        }

        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public record Event(Kind kind, String version) {
        public Event {
            if (kind == null || version == null || version.isBlank() || version.length() > Version.MAX_LENGTH) {
                throw PalisadeException.invalid("OSV range event needs a kind and a version of at most "
                        + Version.MAX_LENGTH + " characters");
            }
        }
    }

    public OsvRange {
        if (type == null || !(type.equals("SEMVER") || type.equals("ECOSYSTEM") || type.equals("GIT"))) {
            throw PalisadeException.invalid("OSV range type must be SEMVER, ECOSYSTEM or GIT");
        }
        events = List.copyOf(events);
        if (events.isEmpty() || events.size() > MAX_EVENTS) {
            throw PalisadeException.invalid("OSV range needs 1 to " + MAX_EVENTS + " events");
        }
        if (events.stream().noneMatch(e -> e.kind() == Kind.INTRODUCED)) {
            throw PalisadeException.invalid("OSV range needs at least one 'introduced' event");
        }
    }

    public boolean evaluable() {
        return !type.equals("GIT");
    }

    @Override
    public Verdict test(String version) {
        if (!evaluable()) {
            return Verdict.UNKNOWN;
        }
        Version v;
        try {
            v = Version.of(version);
        } catch (PalisadeException e) {
            return Verdict.UNKNOWN;
        }
        List<Event> limits = events.stream().filter(e -> e.kind() == Kind.LIMIT).toList();
        if (!limits.isEmpty() && limits.stream().noneMatch(l -> !isZero(l.version()) && v.compareTo(Version.of(l.version())) < 0)
                && limits.stream().noneMatch(l -> l.version().equals("*"))) {
            return Verdict.NOT_AFFECTED;
        }
        List<Event> sorted = new ArrayList<>(events.stream().filter(e -> e.kind() != Kind.LIMIT).toList());
        sorted.sort(Comparator.<Event, Version>comparing(e -> isZero(e.version()) && e.kind() == Kind.INTRODUCED
                ? Version.of("0") : Version.of(e.version())).thenComparing(e -> e.kind().ordinal()));
        boolean affected = false;
        for (Event e : sorted) {
            switch (e.kind()) {
                case INTRODUCED -> {
                    if (isZero(e.version()) || v.compareTo(Version.of(e.version())) >= 0) {
                        affected = true;
                    }
                }
                case FIXED -> {
                    if (v.compareTo(Version.of(e.version())) >= 0) {
                        affected = false;
                    }
                }
                case LAST_AFFECTED -> {
                    if (v.compareTo(Version.of(e.version())) > 0) {
                        affected = false;
                    }
                }
                case LIMIT -> {
                    // handled above
                }
            }
        }
        return affected ? Verdict.AFFECTED : Verdict.NOT_AFFECTED;
    }

    private static boolean isZero(String s) {
        return s.equals("0");
    }

    /** Versions named by "fixed" events: what a user should upgrade to. */
    public List<String> fixedVersions() {
        return events.stream().filter(e -> e.kind() == Kind.FIXED).map(Event::version).toList();
    }

    @Override
    public Confidence confidence() {
        return evaluable() ? Confidence.MEDIUM : Confidence.LOW;
    }

    @Override
    public String expression() {
        StringBuilder b = new StringBuilder(type).append('[');
        for (int i = 0; i < events.size(); i++) {
            if (i > 0) {
                b.append(", ");
            }
            b.append(events.get(i).kind().json()).append('=').append(events.get(i).version());
        }
        return b.append(']').toString();
    }
}
