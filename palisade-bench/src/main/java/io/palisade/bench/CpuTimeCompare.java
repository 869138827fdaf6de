package io.palisade.bench;

import io.palisade.mud.MudException;
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
 * <p>Usage: CpuTimeCompare [ROUNDS (15)] [WARMUP (5)] [OPS (500000)]
 */
public final class CpuTimeCompare {
    private CpuTimeCompare() {
    }

    interface Op {
        long run(int n) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int ops = args.length > 2 ? Integer.parseInt(args[2]) : 500_000;
        Map<String, Op> variants = new LinkedHashMap<>();
        for (int devices : new int[] {10_000, 30}) {
            MudVerdictBench b = new MudVerdictBench();
            b.devices = devices;
            b.setUp();
            variants.put("mud compiled, " + devices + " devices", n -> mudCompiled(b, n));
            variants.put("mud naive, " + devices + " devices", n -> mudNaive(b, n));
        }
        for (boolean baselines : new boolean[] {false, true}) {
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

    private static long mudCompiled(MudVerdictBench b, int n) throws MudException {
        long allowed = 0;
        for (int k = 0; k < n; k++) {
            int i = b.cursor;
            b.cursor = i + 1 == b.flows.length ? 0 : i + 1;
            allowed += b.compiled[b.deviceOf[i]].evaluate(b.flows[i]).allowed() ? 1 : 0;
        }
        return allowed;
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
