package io.palisade.bench;

import io.palisade.mud.MudException;
import io.palisade.mud.model.MudProfile;
import io.palisade.mud.net.IpAddress;
import io.palisade.mud.policy.CompiledPolicy;
import io.palisade.mud.policy.DnsCache;
import io.palisade.mud.policy.Flow;
import io.palisade.mud.policy.MudCompiler;
import io.palisade.mud.policy.NaiveEvaluator;
import io.palisade.mud.policy.PolicyTemplate;
import io.palisade.mud.policy.SiteContext;
import io.palisade.mud.policy.SyntheticProfiles;
import io.palisade.mud.policy.Verdict;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Flow verdicts per second for 10,000 devices spread over 30 synthetic MUD profiles: the compiled policy
 * ({@link CompiledPolicy}, what the server uses) against the reference ACE-by-ACE interpretation of the model
 * ({@link NaiveEvaluator}). Device {@code i} uses profile {@code i % 30} at {@link SyntheticProfiles#deviceAddress}
 * {@code (i)}; each has its own compiled policy and naive evaluator. The flows are 10 per device from
 * {@link SyntheticProfiles#flows} (about half allowed; the denied ones mostly walk every ACE to the default deny),
 * shuffled so consecutive verdicts hit different devices, and walked with a cursor: one verdict per operation.
 * Set-up checks that both evaluators agree on every flow. Variant {@code shared} evaluates the same flows with
 * policies bound from one {@link PolicyTemplate} per profile ({@link MudCompiler#shared}, the compiled tables
 * shared by all devices of a profile) instead of one private compilation per device. Parameter {@code devices}
 * (default 10,000) with {@code -p devices=30} gives a cache-resident control. Run: see RESULTS-mud-detect.md.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class MudVerdictBench {
    static final int PROFILES = 30;
    static final int FLOWS = 100_000;

    /**
     * Devices in the fleet (10,000 is the case; 30, one per profile, is a control where every policy stays
     * in the CPU caches). Flows: 100,000 in all, {@code 100,000 / devices} per device.
     */
    @Param({"10000"})
    public int devices;

    CompiledPolicy[] compiled;
    CompiledPolicy[] shared;
    NaiveEvaluator[] naive;
    int[] deviceOf;
    Flow[] flows;
    int cursor;

    @Setup(Level.Trial)
    public void setUp() throws MudException {
        List<MudProfile> profiles = SyntheticProfiles.generate(PROFILES, 42);
        DnsCache dns = DnsCache.systemClock();
        SyntheticProfiles.fillDns(profiles, dns);
        SiteContext site = SyntheticProfiles.site();
        compiled = new CompiledPolicy[devices];
        shared = new CompiledPolicy[devices];
        List<PolicyTemplate> templates = new ArrayList<>();
        for (MudProfile p : profiles) {
            templates.add(MudCompiler.shared(p, site, dns));
        }
        naive = new NaiveEvaluator[devices];
        int perDevice = FLOWS / devices;
        List<int[]> pairs = new ArrayList<>();
        List<Flow> all = new ArrayList<>();
        for (int d = 0; d < devices; d++) {
            IpAddress address = SyntheticProfiles.deviceAddress(d);
            MudProfile p = profiles.get(d % PROFILES);
            compiled[d] = MudCompiler.compile(p, address, site, dns);
            shared[d] = templates.get(d % PROFILES).forDevice(address);
            naive[d] = new NaiveEvaluator(p, address, site, dns);
            for (Flow f : SyntheticProfiles.flows(d % PROFILES, address, perDevice, 1000L + d)) {
                pairs.add(new int[] {d, all.size()});
                all.add(f);
            }
        }
        Collections.shuffle(pairs, new Random(7));
        deviceOf = new int[pairs.size()];
        flows = new Flow[pairs.size()];
        int allowed = 0;
        for (int i = 0; i < pairs.size(); i++) {
            deviceOf[i] = pairs.get(i)[0];
            flows[i] = all.get(pairs.get(i)[1]);
            Verdict c = compiled[deviceOf[i]].evaluate(flows[i]);
            if (!c.equals(naive[deviceOf[i]].evaluate(flows[i]))
                    || !c.equals(shared[deviceOf[i]].evaluate(flows[i]))) {
                throw new IllegalStateException("compiled, shared and naive verdicts differ on " + flows[i]);
            }
            allowed += c.allowed() ? 1 : 0;
        }
        System.out.printf("%nMudVerdictBench: %d devices, %d profiles, %d flows, %.1f %% allowed%n", devices, PROFILES,
                flows.length, 100.0 * allowed / flows.length);
    }

    private int next() {
        int i = cursor;
        cursor = i + 1 == flows.length ? 0 : i + 1;
        return i;
    }

    @Benchmark
    public void compiled(Blackhole bh) throws MudException {
        int i = next();
        bh.consume(compiled[deviceOf[i]].evaluate(flows[i]));
    }

    @Benchmark
    public void shared(Blackhole bh) throws MudException {
        int i = next();
        bh.consume(shared[deviceOf[i]].evaluate(flows[i]));
    }

    @Benchmark
    public void naive(Blackhole bh) throws MudException {
        int i = next();
        bh.consume(naive[deviceOf[i]].evaluate(flows[i]));
    }
}
