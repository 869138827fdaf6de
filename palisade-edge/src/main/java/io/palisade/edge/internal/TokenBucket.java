package io.palisade.edge.internal;

import java.util.function.LongSupplier;

/**
 * A token bucket with flood-episode tracking. An episode starts at the first refused take and ends when the bucket
 * has refilled completely (the device was quiet for burst/rate seconds), so one flood yields one episode.
 */
public final class TokenBucket {
    /** The result of one take. */
    public enum Take { ALLOWED, THROTTLED_NEW_EPISODE, THROTTLED }

    private final double ratePerNano;
    private final double capacity;
    private final LongSupplier nanoClock;
    private double tokens;
    private long last;
    private boolean inEpisode;

    public TokenBucket(double perSecond, int burst, LongSupplier nanoClock) {
        this.ratePerNano = perSecond / 1_000_000_000d;
        this.capacity = burst;
        this.nanoClock = nanoClock;
        this.tokens = burst;
        this.last = nanoClock.getAsLong();
    }

    public synchronized Take take() {
        long now = nanoClock.getAsLong();
        long elapsed = Math.max(0, now - last);
        last = now;
        tokens = Math.min(capacity, tokens + elapsed * ratePerNano);
        if (tokens >= capacity) {
            inEpisode = false;
        }
        if (tokens >= 1) {
            tokens -= 1;
            return Take.ALLOWED;
        }
        if (inEpisode) {
            return Take.THROTTLED;
        }
        inEpisode = true;
        return Take.THROTTLED_NEW_EPISODE;
    }
}
