package io.palisade.bench;

import io.palisade.mud.MudException;
import io.palisade.mud.model.MudProfile;
import io.palisade.mud.policy.CompiledPolicy;
import io.palisade.mud.policy.DnsCache;
import io.palisade.mud.policy.MudCompiler;
import io.palisade.mud.policy.PolicyTemplate;
import io.palisade.mud.policy.SiteContext;
import io.palisade.mud.policy.SyntheticProfiles;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A noise-resistant companion to {@link MudVerdictBench} and {@link DetectionBench} for shared, busy machines:
 * the same set-up, the variants run in alternating rounds of {@code OPS} operations, and each round is timed by the
 * measuring thread's own CPU time (time while descheduled by other processes, JIT compiler and GC threads is not
 * counted). After {@code WARMUP} rounds it prints, per variant, the median and min CPU nanoseconds per operation
 * and the matching operations per CPU-second.
 *
 * <p>Usage: CpuTimeCompare [ROUNDS (15)] [WARMUP (5)] [OPS (500000)] [mud-only]; or CpuTimeCompare memory
 * [DEVICES (10000)] to print the retained heap of per-device compiled policies against policies bound from one
 * shared template per profile.
 */
public final class CpuTimeCompare {
    private CpuTimeCompare() {
    }

    interface Op {
        long run(int n) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("memory")) {
            memory(args.length > 1 ? Integer.parseInt(args[1]) : 10_000);
            return;
        }
        boolean mudOnly = args.length > 3 && args[3].equals("mud-only");
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int ops = args.length > 2 ? Integer.parseInt(args[2]) : 500_000;
        Map<String, Op> variants = new LinkedHashMap<>();
        for (int devices : new int[] {10_000, 30}) {
            MudVerdictBench b = new MudVerdictBench();
            b.devices = devices;
            b.setUp();
            variants.put("mud compiled, " + devices + " devices", n -> mudCompiled(b, b.compiled, n));
            variants.put("mud shared template, " + devices + " devices", n -> mudCompiled(b, b.shared, n));
            variants.put("mud naive, " + devices + " devices", n -> mudNaive(b, n));
        }
        for (boolean baselines : mudOnly ? new boolean[0] : new boolean[] {false, true}) {
            DetectionBench d = new DetectionBench();
            d.baselines = baselines;
            d.setUp();
            variants.put("detect ingest, baselines=" + baselines, n -> {
                long ok = 0;
                for (int i = 0; i < n; i++) {
                    ok += d.ingest() ? 1 : 0;
                }
                return ok;
            });
        }
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Map<String, List<Double>> perOp = new LinkedHashMap<>();
        long sink = 0;
        for (int r = 0; r < rounds; r++) {
            for (Map.Entry<String, Op> v : variants.entrySet()) {
                long c0 = mx.getCurrentThreadCpuTime();
                sink += v.getValue().run(ops);
                long c1 = mx.getCurrentThreadCpuTime();
                if (r >= warmup) {
                    perOp.computeIfAbsent(v.getKey(), k -> new ArrayList<>()).add((c1 - c0) / (double) ops);
                }
            }
        }
        System.out.println();
        System.out.printf("| variant (%d rounds × %,d ops after %d warm-up rounds) | median CPU ns/op | min CPU ns/op | ops per CPU-second (median) |%n",
                rounds - warmup, ops, warmup);
        System.out.println("|---|---|---|---|");
        for (Map.Entry<String, List<Double>> e : perOp.entrySet()) {
            double[] v = e.getValue().stream().mapToDouble(Double::doubleValue).sorted().toArray();
            double med = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
            System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %,.0f |%n", e.getKey(), med, Arrays.stream(v).min().orElse(0),
                    1e9 / med);
        }
        System.out.println("(sink " + sink + ")");
    }

    private static long mudCompiled(MudVerdictBench b, CompiledPolicy[] policies, int n) throws MudException {
        long allowed = 0;
        for (int k = 0; k < n; k++) {
            int i = b.cursor;
            b.cursor = i + 1 == b.flows.length ? 0 : i + 1;
            allowed += policies[b.deviceOf[i]].evaluate(b.flows[i]).allowed() ? 1 : 0;
        }
        return allowed;
    }

    /** Heap retained by the policies of {@code devices} devices over 30 synthetic profiles (used heap after GC). */
    private static void memory(int devices) {
        List<MudProfile> profiles = SyntheticProfiles.generate(MudVerdictBench.PROFILES, 42);
        DnsCache dns = DnsCache.systemClock();
        SyntheticProfiles.fillDns(profiles, dns);
        SiteContext site = SyntheticProfiles.site();
        long base = usedAfterGc();
        CompiledPolicy[] separate = new CompiledPolicy[devices];
        for (int d = 0; d < devices; d++) {
            separate[d] = MudCompiler.compile(profiles.get(d % profiles.size()), SyntheticProfiles.deviceAddress(d),
                    site, dns);
        }
        long afterSeparate = usedAfterGc();
        List<PolicyTemplate> templates = new ArrayList<>();
        for (MudProfile p : profiles) {
            templates.add(MudCompiler.shared(p, site, dns));
        }
        CompiledPolicy[] shared = new CompiledPolicy[devices];
        for (int d = 0; d < devices; d++) {
            shared[d] = templates.get(d % profiles.size()).forDevice(SyntheticProfiles.deviceAddress(d));
        }
        long afterShared = usedAfterGc();
        long aces = 0;
        for (CompiledPolicy p : separate) {
            aces += p.size(io.palisade.mud.model.Direction.FROM_DEVICE) + p.size(io.palisade.mud.model.Direction.TO_DEVICE);
        }
        System.out.printf(Locale.ROOT, "%d devices, %d profiles, %.1f ACEs per device on average%n", devices,
                profiles.size(), aces / (double) devices);
        System.out.printf(Locale.ROOT, "per-device compile: %,d bytes (%,.0f bytes per device)%n",
                afterSeparate - base, (afterSeparate - base) / (double) devices);
        System.out.printf(Locale.ROOT, "shared templates:   %,d bytes (%,.0f bytes per device, incl. %d templates)%n",
                afterShared - afterSeparate, (afterShared - afterSeparate) / (double) devices, templates.size());
        System.out.println("(reachable " + separate.length + shared.length + ")");
    }

    private static long usedAfterGc() {
        Runtime rt = Runtime.getRuntime();
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            best = Math.min(best, rt.totalMemory() - rt.freeMemory());
        }
        return best;
    }

    private static long mudNaive(MudVerdictBench b, int n) throws MudException {
        long allowed = 0;
        for (int k = 0; k < n; k++) {
            int i = b.cursor;
            b.cursor = i + 1 == b.flows.length ? 0 : i + 1;
            allowed += b.naive[b.deviceOf[i]].evaluate(b.flows[i]).allowed() ? 1 : 0;
        }
        return allowed;
    }
}
