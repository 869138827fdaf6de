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
import java.util.concurrent.atomic.AtomicInteger;
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
 * MUD flow verdicts per second at fleet scale, with one fleet shared by all benchmark threads (run with {@code -t 1}
 * and {@code -t 2}): 10,000 devices over 30 synthetic profiles (one {@link PolicyTemplate} per profile, as the server
 * builds them), 100,000 flows from {@link SyntheticProfiles#flows} (10 per device, about half allowed), shuffled so
 * consecutive verdicts hit different devices, and by default allocated in that order (see {@link Fleet#layout}). Three evaluators of the same flows in the same run:
 * <ul>
 *   <li>{@code naive}: {@link NaiveEvaluator}, the reference ACE-by-ACE walk over the model records;</li>
 *   <li>{@code scan}: {@link CompiledPolicy#evaluateByScan}, the compiled ACEs walked in order (the evaluation
 *       before the decision structures);</li>
 *   <li>{@code compiled}: {@link CompiledPolicy#evaluate}, through the template's decision structures.</li>
 * </ul>
 * Each thread walks the flows with its own cursor, starting at a different offset. Set-up checks that the three
 * agree on every flow.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class MudFleetScaleBench {
    static final int PROFILES = 30;
    static final int FLOWS = 100_000;

    @State(Scope.Benchmark)
    public static class Fleet {
        @Param({"10000"})
        public int devices;

        /**
         * {@code arrival}: the flow records (and their addresses) are allocated in the order they are evaluated, as
         * a collector allocates records in arrival order; {@code scattered}: allocated per device, then shuffled (the
         * layout of {@link MudVerdictBench}, where most of a verdict's time is cache misses on the flow record).
         */
        @Param({"arrival"})
        public String layout;

        CompiledPolicy[] compiled;
        NaiveEvaluator[] naive;
        int[] deviceOf;
        Flow[] flows;
        final AtomicInteger threads = new AtomicInteger();

        @Setup(Level.Trial)
        public void setUp() throws MudException {
            List<MudProfile> profiles = SyntheticProfiles.generate(PROFILES, 42);
            DnsCache dns = DnsCache.systemClock();
            SyntheticProfiles.fillDns(profiles, dns);
            SiteContext site = SyntheticProfiles.site();
            List<PolicyTemplate> templates = new ArrayList<>();
            for (MudProfile p : profiles) {
                templates.add(MudCompiler.shared(p, site, dns));
            }
            compiled = new CompiledPolicy[devices];
            naive = new NaiveEvaluator[devices];
            int perDevice = FLOWS / devices;
            List<int[]> pairs = new ArrayList<>();
            List<Flow> all = new ArrayList<>();
            for (int d = 0; d < devices; d++) {
                IpAddress address = SyntheticProfiles.deviceAddress(d);
                compiled[d] = templates.get(d % PROFILES).forDevice(address);
                naive[d] = new NaiveEvaluator(profiles.get(d % PROFILES), address, site, dns);
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
                        || !c.equals(compiled[deviceOf[i]].evaluateByScan(flows[i]))) {
                    throw new IllegalStateException("compiled, scan and naive verdicts differ on " + flows[i]);
                }
                allowed += c.allowed() ? 1 : 0;
            }
            if (layout.equals("arrival")) {
                for (int i = 0; i < flows.length; i++) {
                    Flow f = flows[i];
                    flows[i] = new Flow(copy(f.src()), f.srcPort(), copy(f.dst()), f.dstPort(), f.protocol(),
                            f.srcName(), f.dstName(), f.initiator(), f.icmpType(), f.icmpCode());
                }
            } else if (!layout.equals("scattered")) {
                throw new IllegalArgumentException("layout must be arrival or scattered");
            }
            System.out.printf("%nMudFleetScaleBench: %d devices, %d profiles, %d flows (%s), %.1f %% allowed%n",
                    devices, PROFILES, flows.length, layout, 100.0 * allowed / flows.length);
        }
    }

    private static IpAddress copy(IpAddress a) {
        return new IpAddress(a.v6(), a.hi(), a.lo());
    }

    @State(Scope.Thread)
    public static class Cursor {
        int i;

        @Setup(Level.Trial)
        public void setUp(Fleet fleet) {
            i = (fleet.threads.getAndIncrement() * 37_813) % fleet.flows.length;
        }

        int next(int n) {
            int c = i;
            i = c + 1 == n ? 0 : c + 1;
            return c;
        }
    }

    @Benchmark
    public void compiled(Fleet fleet, Cursor cursor, Blackhole bh) throws MudException {
        int i = cursor.next(fleet.flows.length);
        bh.consume(fleet.compiled[fleet.deviceOf[i]].evaluate(fleet.flows[i]));
    }

    @Benchmark
    public void scan(Fleet fleet, Cursor cursor, Blackhole bh) throws MudException {
        int i = cursor.next(fleet.flows.length);
        bh.consume(fleet.compiled[fleet.deviceOf[i]].evaluateByScan(fleet.flows[i]));
    }

    @Benchmark
    public void naive(Fleet fleet, Cursor cursor, Blackhole bh) throws MudException {
        int i = cursor.next(fleet.flows.length);
        bh.consume(fleet.naive[fleet.deviceOf[i]].evaluate(fleet.flows[i]));
    }
}
