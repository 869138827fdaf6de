package io.palisade.bench;

import io.palisade.mud.MudException;
import io.palisade.mud.policy.Verdict;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@link MudFleetScaleBench} fleet measured by thread CPU time instead of wall time, for machines shared with
 * other work (where JMH's wall-clock throughput mostly measures the neighbours): each of {@code threads} threads runs
 * {@code verdicts} verdicts of one evaluator over the shared fleet, and the result is verdicts per CPU-second of the
 * measuring threads (per core) and, with {@code threads} threads, the sum — the throughput {@code threads} dedicated
 * cores would give. Rounds alternate the evaluators (naive, scan, compiled) so that they see the same machine state;
 * the first {@code warmup} rounds are discarded.
 *
 * <pre>java -cp ... io.palisade.bench.MudFleetScaleCpu THREADS ROUNDS WARMUP VERDICTS_PER_THREAD [arrival|scattered [DEVICES]]</pre>
 */
public final class MudFleetScaleCpu {
    private static volatile Object sink;

    private MudFleetScaleCpu() {
    }

    interface Eval {
        Verdict eval(int i) throws MudException;
    }

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int verdicts = args.length > 3 ? Integer.parseInt(args[3]) : 2_000_000;
        MudFleetScaleBench.Fleet fleet = new MudFleetScaleBench.Fleet();
        fleet.devices = args.length > 5 ? Integer.parseInt(args[5]) : 10_000;
        fleet.layout = args.length > 4 ? args[4] : "arrival";
        fleet.setUp();
        String[] names = {"naive", "scan", "compiled"};
        Eval[] evals = {
            i -> fleet.naive[fleet.deviceOf[i]].evaluate(fleet.flows[i]),
            i -> fleet.compiled[fleet.deviceOf[i]].evaluateByScan(fleet.flows[i]),
            i -> fleet.compiled[fleet.deviceOf[i]].evaluate(fleet.flows[i]),
        };
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        List<List<double[]>> results = new ArrayList<>();
        for (int e = 0; e < evals.length; e++) {
            results.add(new ArrayList<>());
        }
        for (int round = 0; round < rounds; round++) {
            for (int e = 0; e < evals.length; e++) {
                int n = e == 0 ? Math.max(1, verdicts / 10) : verdicts;
                long[] cpu = new long[threads];
                Thread[] ts = new Thread[threads];
                Eval ev = evals[e];
                long wall0 = System.nanoTime();
                for (int t = 0; t < threads; t++) {
                    int id = t;
                    ts[t] = new Thread(() -> {
                        long c0 = mx.getCurrentThreadCpuTime();
                        int cursor = (id * 37_813) % fleet.flows.length;
                        Object last = null;
                        try {
                            for (int k = 0; k < n; k++) {
                                last = ev.eval(cursor);
                                cursor = cursor + 1 == fleet.flows.length ? 0 : cursor + 1;
                            }
                        } catch (MudException ex) {
                            throw new IllegalStateException(ex);
                        }
                        sink = last;
                        cpu[id] = mx.getCurrentThreadCpuTime() - c0;
                    });
                    ts[t].start();
                }
                for (Thread t : ts) {
                    t.join();
                }
                long wall = System.nanoTime() - wall0;
                double perCore = 0;
                for (long c : cpu) {
                    perCore += n / (c / 1e9);
                }
                perCore /= threads;
                if (round >= warmup) {
                    results.get(e).add(new double[] {perCore, perCore * threads, (double) n * threads / (wall / 1e9)});
                }
            }
        }
        System.out.printf(Locale.ROOT, "threads %d, %d rounds after %d warm-up, %,d verdicts per thread and round"
                + " (naive: a tenth)%n", threads, rounds - warmup, warmup, verdicts);
        System.out.printf(Locale.ROOT, "%-9s %16s %16s %16s %12s%n", "evaluator", "verdicts/CPU-s", "x threads",
                "wall verdicts/s", "ns/verdict");
        double naiveMedian = 0;
        for (int e = 0; e < evals.length; e++) {
            double[] per = results.get(e).stream().mapToDouble(r -> r[0]).sorted().toArray();
            double[] wall = results.get(e).stream().mapToDouble(r -> r[2]).sorted().toArray();
            double med = per[per.length / 2];
            if (e == 0) {
                naiveMedian = med;
            }
            System.out.printf(Locale.ROOT, "%-9s %,16.0f %,16.0f %,16.0f %12.1f   (min %,.0f max %,.0f; %.1fx naive)%n",
                    names[e], med, med * threads, wall[wall.length / 2], 1e9 / med, per[0], per[per.length - 1],
                    med / naiveMedian);
        }
    }
}
