package io.palisade.bench;

import io.palisade.core.device.Access;
import io.palisade.core.device.DeviceId;
import io.palisade.edge.internal.TopicPolicy;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-publish authorization decision of the edge (a hot path: once per PUBLISH) against the straightforward
 * implementation, a per-device regular expression. Run: see docs/BENCHMARKS.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TopicAuthorizationBench {
    final DeviceId device = DeviceId.of("cam-0001");
    final String allowed = "palisade/v1/d/cam-0001/telemetry";
    final String crossDevice = "palisade/v1/d/cam-0002/telemetry";
    final Pattern precompiled = straightforwardPattern("cam-0001");

    static Pattern straightforwardPattern(String id) {
        return Pattern.compile("palisade/v1/d/" + Pattern.quote(id) + "/(telemetry|events|metrics|update(/[^/#+]+)*|attestation(/[^/#+]+)*)");
    }

    static Optional<String> straightforward(Pattern p, String topic) {
        Matcher m = p.matcher(topic);
        return m.matches() ? Optional.of(m.group(1).split("/")[0]) : Optional.empty();
    }

    @Benchmark
    public Optional<String> palisadeAllowed() {
        return TopicPolicy.publishChannel(device, Access.Rights.FULL, allowed);
    }

    @Benchmark
    public Optional<String> palisadeCrossDevice() {
        return TopicPolicy.publishChannel(device, Access.Rights.FULL, crossDevice);
    }

    @Benchmark
    public Optional<String> regexPrecompiledAllowed() {
        return straightforward(precompiled, allowed);
    }

    @Benchmark
    public Optional<String> regexPerCallAllowed() {
        return straightforward(straightforwardPattern(device.value()), allowed);
    }
}
