package io.palisade.attest;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link NonceStore} in process memory: 32-byte random nonces, a time to live, and a bound on outstanding nonces.
 * Used nonces are remembered until they would have expired, so a replay is reported as {@code REPLAYED}; afterwards it
 * is {@code UNKNOWN} (refused all the same).
 */
public final class InMemoryNonceStore implements NonceStore {
    public static final int NONCE_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Clock clock;
    private final Duration ttl;
    private final int maxEntries;
    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();

    private static final class Entry {
        final String deviceId;
        final Instant expiresAt;
        boolean used;

        Entry(String deviceId, Instant expiresAt) {
            this.deviceId = deviceId;
            this.expiresAt = expiresAt;
        }
    }

    /** Byte-array map key without hex encoding. */
    private record Key(byte[] v) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(k.v, v);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(v);
        }
    }

    public InMemoryNonceStore(Clock clock, Duration ttl, int maxEntries) {
        if (ttl.isNegative() || ttl.isZero() || maxEntries < 1) {
            throw new IllegalArgumentException("ttl must be positive and maxEntries at least 1");
        }
        this.clock = clock;
        this.ttl = ttl;
        this.maxEntries = maxEntries;
    }

    public InMemoryNonceStore() {
        this(Clock.systemUTC(), Duration.ofMinutes(5), 1_000_000);
    }

    @Override
    public Nonce issue(String deviceId) {
        if (deviceId == null || deviceId.isEmpty()) {
            throw new IllegalArgumentException("deviceId is required");
        }
        Instant now = clock.instant();
        if (entries.size() >= maxEntries) {
            purge(now);
            if (entries.size() >= maxEntries) {
                throw new IllegalStateException("too many outstanding attestation nonces (" + maxEntries + ")");
            }
        }
        byte[] v = new byte[NONCE_BYTES];
        RANDOM.nextBytes(v);
        Instant expires = now.plus(ttl);
        entries.put(new Key(v), new Entry(deviceId, expires));
        return new Nonce(v, expires);
    }

    @Override
    public Consumption consume(String deviceId, byte[] nonce) {
        if (nonce == null || nonce.length != NONCE_BYTES) {
            return Consumption.UNKNOWN;
        }
        Entry e = entries.get(new Key(nonce));
        if (e == null || !e.deviceId.equals(deviceId)) {
            return Consumption.UNKNOWN;
        }
        synchronized (e) {
            if (e.used) {
                return Consumption.REPLAYED;
            }
            if (!clock.instant().isBefore(e.expiresAt)) {
                e.used = true;
                return Consumption.EXPIRED;
            }
            e.used = true;
            return Consumption.ACCEPTED;
        }
    }

    /** Forgets nonces past their expiry. */
    public void purge(Instant now) {
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext();) {
            if (!now.isBefore(it.next().expiresAt)) {
                it.remove();
            }
        }
    }

    public int size() {
        return entries.size();
    }
}
