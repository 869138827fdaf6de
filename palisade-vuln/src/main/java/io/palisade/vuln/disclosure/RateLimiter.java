package io.palisade.vuln.disclosure;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Token buckets per source key (e.g. a keyed hash of the client address: no personal data kept) plus one global
 * bucket, so a flood from one source or from many cannot swamp intake. The number of tracked keys is bounded;
 * the least recently used are forgotten.
 */
public final class RateLimiter {
    private final int perSourceBurst;
    private final Duration perSourceRefill;
    private final int globalBurst;
    private final Duration globalRefill;
    private final int maxKeys;
    private final Map<String, double[]> buckets;
    private double[] global;

    /**
     * @param perSourceBurst tokens per source; one token comes back every {@code perSourceRefill}
     * @param globalBurst tokens overall; one comes back every {@code globalRefill}
     */
    public RateLimiter(int perSourceBurst, Duration perSourceRefill, int globalBurst, Duration globalRefill, int maxKeys) {
        if (perSourceBurst < 1 || globalBurst < 1 || maxKeys < 1 || perSourceRefill.isNegative() || perSourceRefill.isZero()
                || globalRefill.isNegative() || globalRefill.isZero()) {
            throw new IllegalArgumentException("rate limits must be positive");
        }
        this.perSourceBurst = perSourceBurst;
        this.perSourceRefill = perSourceRefill;
        this.globalBurst = globalBurst;
        this.globalRefill = globalRefill;
        this.maxKeys = maxKeys;
        this.buckets = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, double[]> eldest) {
                return size() > RateLimiter.this.maxKeys;
            }
        };
    }

    /** Defaults for report intake: 5 reports per source then 1 per 10 minutes; 200 overall then 1 per 10 seconds. */
    public static RateLimiter forReports() {
        return new RateLimiter(5, Duration.ofMinutes(10), 200, Duration.ofSeconds(10), 100_000);
    }

    /** Takes one token for the source; false when either the source or the global bucket is empty. */
    public synchronized boolean tryAcquire(String sourceKey, Instant now) {
        double[] g = global == null ? (global = new double[] {globalBurst, now.toEpochMilli()}) : global;
        refill(g, globalBurst, globalRefill, now);
        double[] b = buckets.computeIfAbsent(sourceKey == null ? "" : sourceKey, k -> new double[] {perSourceBurst, now.toEpochMilli()});
        refill(b, perSourceBurst, perSourceRefill, now);
        if (b[0] < 1 || g[0] < 1) {
            return false;
        }
        b[0] -= 1;
        g[0] -= 1;
        return true;
    }

    private static void refill(double[] bucket, int burst, Duration refill, Instant now) {
        double elapsed = now.toEpochMilli() - bucket[1];
        if (elapsed > 0) {
            bucket[0] = Math.min(burst, bucket[0] + elapsed / refill.toMillis());
            bucket[1] = now.toEpochMilli();
        }
    }
}
