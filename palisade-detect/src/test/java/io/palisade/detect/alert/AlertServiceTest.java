package io.palisade.detect.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.palisade.core.PalisadeException;
import io.palisade.detect.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertServiceTest {
    private final TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final AlertService alerts = new AlertService(new InMemoryAlertRepository(), clock);

    private Signal sig(Severity s) {
        return new Signal("mud.violation", "dev-1", "cam", s, "flow outside MUD", "dst 198.51.100.1:23",
                Map.of("dst", "198.51.100.1"), clock.instant());
    }

    @Test
    void deduplicatesEscalatesAndCapsSamples() {
        List<AlertListener.Change> changes = new ArrayList<>();
        alerts.addListener((a, c) -> changes.add(c));
        Alert first = alerts.raise(sig(Severity.MEDIUM)).alert();
        for (int i = 0; i < 30; i++) {
            clock.advance(Duration.ofSeconds(1));
            alerts.raise(sig(Severity.MEDIUM));
        }
        AlertService.Raised r = alerts.raise(sig(Severity.HIGH));
        assertThat(r.alert().id()).isEqualTo(first.id());
        assertThat(r.alert().count()).isEqualTo(32);
        assertThat(r.alert().severity()).isEqualTo(Severity.HIGH);
        assertThat(r.alert().samples()).hasSize(Alert.MAX_SAMPLES);
        assertThat(changes.get(0)).isEqualTo(AlertListener.Change.NEW);
        assertThat(changes).contains(AlertListener.Change.ESCALATED);
        assertThat(alerts.list(AlertFilter.all())).hasSize(1);
    }

    @Test
    void stateTransitionsAreGuardedAndResolvedIsFinal() {
        Alert a = alerts.raise(sig(Severity.LOW)).alert();
        Alert acked = alerts.acknowledge(a.id(), "alice", "looking");
        assertThat(acked.state()).isEqualTo(AlertState.ACKNOWLEDGED);
        assertThatThrownBy(() -> alerts.acknowledge(a.id(), "alice", "again")).isInstanceOf(PalisadeException.class);
        // a signal while acknowledged folds into the same alert
        assertThat(alerts.raise(sig(Severity.LOW)).alert().id()).isEqualTo(a.id());
        Alert res = alerts.resolve(a.id(), "alice", "fixed");
        assertThat(res.state()).isEqualTo(AlertState.RESOLVED);
        assertThatThrownBy(() -> alerts.resolve(a.id(), "bob", "")).isInstanceOf(PalisadeException.class);
        assertThatThrownBy(() -> alerts.acknowledge(a.id(), "bob", "")).isInstanceOf(PalisadeException.class);
        AlertService.Raised again = alerts.raise(sig(Severity.LOW));
        assertThat(again.change()).isEqualTo(AlertListener.Change.NEW);
        assertThat(again.alert().id()).isNotEqualTo(a.id());
        assertThat(alerts.list(new AlertFilter(AlertState.OPEN, null, null, null, 10))).hasSize(1);
        assertThatThrownBy(() -> alerts.get("nope")).isInstanceOf(PalisadeException.class);
    }

    @Test
    void signalValidatesItsFields() {
        assertThatThrownBy(() -> new Signal("Bad Type", "d", null, Severity.LOW, "t", "", Map.of(), clock.instant()))
                .isInstanceOf(PalisadeException.class);
        Signal s = new Signal("x.y", "d", null, Severity.LOW, "t\u0000x", "d", Map.of("k", new Object()), clock.instant());
        assertThat(s.title()).isEqualTo("t?x");
        assertThat(s.sample().get("k")).isInstanceOf(String.class);
        assertThat(s.dedupKey()).isEqualTo("x.y|d");
    }
}
