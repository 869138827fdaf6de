package io.palisade.core.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.palisade.core.PalisadeException;
import io.palisade.core.device.DeviceId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class RolloutPolicyTest {
    static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");

    static Rollout rollout(List<Integer> waves, double maxFailure) {
        return new Rollout("ro-1", "acme-plug", "1.4.2", "acme-plug/1.4.2/fw.bin", null, waves, maxFailure,
                Duration.ofMinutes(10), Duration.ofMinutes(30), RolloutState.RUNNING, 0, T0, null, 0, null, "admin", T0, T0);
    }

    static List<DeviceId> devices(int n) {
        return IntStream.range(0, n).mapToObj(i -> DeviceId.of("dev-" + i)).toList();
    }

    @Test
    void wavesAreCumulativeStableAndCoverEveryDevice() {
        List<DeviceId> d = devices(1000);
        Map<DeviceId, Integer> plan = RolloutPolicy.assignWaves("ro-1", d, List.of(1, 10, 50, 100));
        assertThat(plan).hasSize(1000);
        assertThat(plan.values().stream().filter(w -> w == 0).count()).isEqualTo(10);
        assertThat(plan.values().stream().filter(w -> w == 1).count()).isEqualTo(90);
        assertThat(plan.values().stream().filter(w -> w == 2).count()).isEqualTo(400);
        assertThat(plan.values().stream().filter(w -> w == 3).count()).isEqualTo(500);
        List<DeviceId> shuffled = new ArrayList<>(d);
        Collections.shuffle(shuffled, new java.util.Random(7));
        assertThat(RolloutPolicy.assignWaves("ro-1", shuffled, List.of(1, 10, 50, 100))).isEqualTo(plan);
        assertThat(RolloutPolicy.assignWaves("ro-2", d, List.of(1, 10, 50, 100))).isNotEqualTo(plan);
    }

    @Property(tries = 200)
    void everyWaveGetsADeviceWhileDevicesRemain(@ForAll @IntRange(min = 0, max = 300) int n) {
        Map<DeviceId, Integer> plan = RolloutPolicy.assignWaves("ro-x", devices(n), List.of(1, 10, 50, 100));
        assertThat(plan).hasSize(n);
        for (int w = 0; w < 4 && w < n; w++) {
            int wave = w;
            assertThat(plan.values()).as("wave %d of %d devices", w, n).anyMatch(x -> x == wave);
        }
    }

    @Test
    void wavesAndRatesAreParsedStrictly() {
        assertThat(Rollout.parseWaves("1%,10%, 50%,100%")).containsExactly(1, 10, 50, 100);
        assertThat(Rollout.parseRate("5%")).isEqualTo(0.05);
        for (String bad : List.of("", "10,5,100", "1,10,50", "0,100", "1,101", "a,100", "50,50,100")) {
            assertThatThrownBy(() -> Rollout.parseWaves(bad)).as(bad).isInstanceOf(PalisadeException.class);
        }
        assertThatThrownBy(() -> Rollout.parseRate("150%")).isInstanceOf(PalisadeException.class);
        assertThatThrownBy(() -> Rollout.parseRate("x")).isInstanceOf(PalisadeException.class);
    }

    List<DeviceUpdate> wave(int n, int ok, int failed) {
        List<DeviceUpdate> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            UpdateStep s = i < ok ? UpdateStep.SUCCEEDED : i < ok + failed ? UpdateStep.ROLLED_BACK : UpdateStep.DOWNLOADING;
            out.add(new DeviceUpdate("ro-1", DeviceId.of("d" + i), 0, s, s.failure() ? "boot check failed" : null, "1.4.1", T0));
        }
        return out;
    }

    @Test
    void aWaveAboveTheFailureThresholdPausesWithTheReasons() {
        Rollout r = rollout(List.of(10, 100), 0.05);
        RolloutPolicy.WaveStats stats = RolloutPolicy.stats(0, wave(20, 5, 2));
        assertThat(stats.reasons()).containsEntry("rolled-back: boot check failed", 2);
        assertThat(RolloutPolicy.decide(r, stats, T0)).isInstanceOf(RolloutPolicy.Decision.Pause.class)
                .extracting(d -> ((RolloutPolicy.Decision.Pause) d).reason()).asString().contains("2 of 20", "5.0%");
        // one failure in 20 (5%) is not above 5%
        assertThat(RolloutPolicy.decide(r, RolloutPolicy.stats(0, wave(20, 5, 1)), T0)).isInstanceOf(RolloutPolicy.Decision.Wait.class);
        // accepted failures (operator resumed) are not counted again
        Rollout resumed = r.with(RolloutState.RUNNING, 0, T0, null, 2, "resumed", T0);
        assertThat(RolloutPolicy.decide(resumed, stats, T0)).isInstanceOf(RolloutPolicy.Decision.Wait.class);
        assertThat(RolloutPolicy.decide(r.with(RolloutState.PAUSED, 0, T0, null, 0, "x", T0), stats, T0))
                .isInstanceOf(RolloutPolicy.Decision.Wait.class);
    }

    @Test
    void aFinishedWaveWaitsThePauseThenAdvancesAndTheLastCompletes() {
        Rollout r = rollout(List.of(10, 100), 0.05);
        RolloutPolicy.WaveStats done = RolloutPolicy.stats(0, wave(5, 5, 0));
        assertThat(RolloutPolicy.decide(r, done, T0.plusSeconds(60))).isEqualTo(new RolloutPolicy.Decision.WaveDone(T0.plusSeconds(60)));
        Rollout waiting = r.with(RolloutState.RUNNING, 0, T0, T0.plusSeconds(60), 0, null, T0);
        assertThat(RolloutPolicy.decide(waiting, done, T0.plusSeconds(120))).isInstanceOf(RolloutPolicy.Decision.Wait.class);
        assertThat(RolloutPolicy.decide(waiting, done, T0.plusSeconds(660))).isEqualTo(new RolloutPolicy.Decision.Advance(1));
        Rollout last = r.with(RolloutState.RUNNING, 1, T0, null, 0, null, T0);
        assertThat(RolloutPolicy.decide(last, RolloutPolicy.stats(1, List.of()), T0)).isInstanceOf(RolloutPolicy.Decision.Complete.class);
        // silent devices: the wave is done after its timeout
        RolloutPolicy.WaveStats silent = RolloutPolicy.stats(0, wave(5, 3, 0));
        assertThat(RolloutPolicy.decide(r, silent, T0.plusSeconds(60))).isInstanceOf(RolloutPolicy.Decision.Wait.class);
        assertThat(RolloutPolicy.decide(r, silent, T0.plus(Duration.ofMinutes(31)))).isInstanceOf(RolloutPolicy.Decision.WaveDone.class);
    }
}
