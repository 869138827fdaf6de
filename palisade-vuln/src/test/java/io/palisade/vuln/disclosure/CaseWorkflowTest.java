package io.palisade.vuln.disclosure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.palisade.core.ErrorCode;
import io.palisade.core.PalisadeException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class CaseWorkflowTest {
    static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    static final class MutableClock extends Clock {
        Instant now = T0;

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    final MutableClock clock = new MutableClock();
    final InMemoryCaseStore store = new InMemoryCaseStore();
    final ReportIntake intake = new ReportIntake(store, clock, RateLimiter.forReports(), Duration.ofDays(5), Duration.ofDays(30));
    final CaseService cases = new CaseService(store, clock);

    static VulnerabilityReport report(boolean exploited) {
        return new VulnerabilityReport("RCE in web UI", "smart-plug", "1.4", "details", null, exploited, "en");
    }

    @Test
    void fullLifecycle() {
        Acknowledgement ack = intake.submit(report(false), "src-1");
        assertThat(ack.trackingId()).matches("VR-2026-[A-Z0-9]{10}");
        assertThat(ack.statusUpdateBy()).isEqualTo(T0.plus(Duration.ofDays(30)));
        String id = ack.trackingId();
        assertThat(cases.get(id).stage()).isEqualTo(CaseStage.RECEIVED);
        assertThat(cases.get(id).dueDates()).containsKey(CaseStage.VERIFIED);
        cases.assign(id, "alice");
        cases.note(id, "alice", "reproduced on 1.4 <b>bold</b>");
        cases.transition(id, CaseStage.VERIFIED, "alice", null);
        cases.due(id, CaseStage.RELEASED, T0.plus(Duration.ofDays(60)));
        cases.transition(id, CaseStage.REMEDIATION, "alice", null);
        assertThatThrownBy(() -> cases.transition(id, CaseStage.CLOSED, "alice", "done"))
                .isInstanceOfSatisfying(PalisadeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ILLEGAL_TRANSITION));
        cases.transition(id, CaseStage.RELEASED, "alice", null);
        assertThatThrownBy(() -> cases.transition(id, CaseStage.CLOSED, "alice", " ")).isInstanceOf(PalisadeException.class);
        VulnCase closed = cases.transition(id, CaseStage.CLOSED, "alice", "fixed in 2.0, advisory PAL-SA-2026-001");
        assertThat(closed.history()).extracting(Transition::to).containsExactly(CaseStage.VERIFIED, CaseStage.REMEDIATION,
                CaseStage.RELEASED, CaseStage.CLOSED);
        assertThat(closed.owner()).isEqualTo("alice");
        assertThat(closed.notes().get(0).text()).isEqualTo("reproduced on 1.4 <b>bold</b>");
        assertThat(store.open()).isEmpty();
        assertThatThrownBy(() -> cases.get("VR-unknown")).isInstanceOf(PalisadeException.class);
    }

    @Test
    void stageDeadlinesRaiseAlerts() {
        String id = intake.submit(report(false), "s").trackingId();
        clock.now = T0.plus(Duration.ofDays(6));
        assertThat(cases.alerts()).singleElement().extracting(Alert::kind).isEqualTo(Alert.Kind.CASE_STAGE_OVERDUE);
        cases.transition(id, CaseStage.VERIFIED, "bob", null);
        assertThat(cases.alerts()).isEmpty();
    }

    @Test
    void craClockForActivelyExploited() {
        String id = intake.submit(report(false), "s").trackingId();
        assertThat(cases.get(id).cra()).isEmpty();
        assertThatThrownBy(() -> cases.craStep(id, CraClock.Step.EARLY_WARNING, false)).isInstanceOf(PalisadeException.class);
        clock.now = T0.plus(Duration.ofHours(2));
        cases.flagActivelyExploited(id);
        CraClock k = cases.get(id).cra().orElseThrow();
        assertThat(k.earlyWarningDue()).isEqualTo(T0.plus(Duration.ofHours(26)));
        assertThat(k.notificationDue()).isEqualTo(T0.plus(Duration.ofHours(74)));
        assertThat(k.finalReportDue()).isEmpty();

        clock.now = T0.plus(Duration.ofHours(27));
        assertThat(cases.alerts()).extracting(Alert::kind).containsExactlyInAnyOrder(Alert.Kind.CRA_EARLY_WARNING_OVERDUE);
        cases.craStep(id, CraClock.Step.EARLY_WARNING, false);
        assertThatThrownBy(() -> cases.craStep(id, CraClock.Step.FINAL_REPORT, false)).isInstanceOf(PalisadeException.class);
        clock.now = T0.plus(Duration.ofHours(80));
        assertThat(cases.alerts()).extracting(Alert::kind).containsExactly(Alert.Kind.CRA_NOTIFICATION_OVERDUE);
        cases.craStep(id, CraClock.Step.NOTIFICATION, false);
        cases.transition(id, CaseStage.VERIFIED, "bob", null);
        cases.transition(id, CaseStage.REMEDIATION, "bob", null);
        assertThatThrownBy(() -> cases.transition(id, CaseStage.RELEASED, "bob", null)).isInstanceOf(PalisadeException.class);
        clock.now = T0.plus(Duration.ofDays(10));
        cases.craStep(id, null, true);
        cases.transition(id, CaseStage.RELEASED, "bob", null);
        clock.now = T0.plus(Duration.ofDays(24)).plusSeconds(1);
        assertThat(cases.alerts()).extracting(Alert::kind).containsExactly(Alert.Kind.CRA_FINAL_REPORT_OVERDUE);
        cases.craStep(id, CraClock.Step.FINAL_REPORT, false);
        assertThat(cases.alerts()).isEmpty();
    }

    @Test
    void reporterFlaggedExploitedStartsClockAtReceipt() {
        String id = intake.submit(report(true), "s").trackingId();
        assertThat(cases.get(id).cra().orElseThrow().awareAt()).isEqualTo(T0);
    }

    @Test
    void floodIsRateLimitedPerSourceAndGlobally() {
        for (int i = 0; i < 5; i++) {
            intake.submit(report(false), "attacker");
        }
        assertThatThrownBy(() -> intake.submit(report(false), "attacker"))
                .isInstanceOfSatisfying(PalisadeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED));
        intake.submit(report(false), "someone-else");
        clock.now = T0.plus(Duration.ofMinutes(10));
        intake.submit(report(false), "attacker");

        RateLimiter global = new RateLimiter(5, Duration.ofMinutes(10), 20, Duration.ofSeconds(10), 1000);
        ReportIntake small = new ReportIntake(new InMemoryCaseStore(), clock, global, Duration.ofDays(5), Duration.ofDays(30));
        int accepted = 0;
        for (int i = 0; i < 100; i++) {
            try {
                small.submit(report(false), "bot-" + i);
                accepted++;
            } catch (PalisadeException e) {
                assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
            }
        }
        assertThat(accepted).isEqualTo(20);
    }

    @Test
    void trackingIdsAreUnique() {
        RateLimiter lenient = new RateLimiter(10_000, Duration.ofMillis(1), 10_000, Duration.ofMillis(1), 10);
        ReportIntake bulk = new ReportIntake(store, clock, lenient, Duration.ofDays(5), Duration.ofDays(30));
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            ids.add(bulk.submit(report(false), "k" + i).trackingId());
        }
        assertThat(ids).hasSize(2000);
    }
}
