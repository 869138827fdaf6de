package io.palisade.mud.policy;

import io.palisade.mud.DnsNames;
import io.palisade.mud.net.IpAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Observed DNS answers (name → addresses with expiry), used to match {@code ietf-acldns} names against flow
 * addresses. Thread-safe. Bounded: at most {@link #MAX_NAMES} names and {@link #MAX_ADDRESSES_PER_NAME} addresses per
 * name; when full, expired entries are purged and further new entries are refused (fail closed: the flow is then
 * only matched by its own name).
 */
public final class DnsCache {
    public static final int MAX_NAMES = 100_000;
    public static final int MAX_ADDRESSES_PER_NAME = 64;
    private static final long FOREVER = Long.MAX_VALUE;

    private final Clock clock;
    private final Map<String, Map<IpAddress, Long>> entries = new ConcurrentHashMap<>();
    /*
     * The answers by address: address -> (names, expiries). This is what contains() reads, and the compiled
     * policies' DNS-name index (answers()) reads the same entries, so both agree exactly. Each entry is immutable and
     * replaced as a whole; puts merge into it inside this map's compute for the address, together with the forward
     * map above (used for resolve() and the size bounds). Forward entries are only ever removed once expired, so an
     * entry left here after its forward removal is expired too and never matches.
     */
    private final Map<IpAddress, Answers> byAddress = new ConcurrentHashMap<>();

    /** The names bound to one address and the expiry of each (epoch millis, Long.MAX_VALUE = static). */
    record Answers(String[] names, long[] expiries) {
        static final Answers NONE = new Answers(new String[0], new long[0]);

        /** Whether {@code name} is bound and unexpired at {@code now} (a clock reading, read only if needed). */
        boolean has(String name, Clock clock) {
            for (int i = 0; i < names.length; i++) {
                if (names[i].equals(name)) {
                    long e = expiries[i];
                    return e == FOREVER || e > clock.millis();
                }
            }
            return false;
        }
    }

    public DnsCache(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A cache on the system UTC clock. */
    public static DnsCache systemClock() {
        return new DnsCache(Clock.systemUTC());
    }

    /**
     * Records a DNS answer {@code name → address} valid for {@code ttl}.
     *
     * @return false if the name is not a valid host name, the TTL is not positive or the cache is full
     */
    public boolean observe(String name, IpAddress address, Duration ttl) {
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.isZero()) {
            return false;
        }
        long now = clock.millis();
        long expiry = ttl.toMillis() > FOREVER - now ? FOREVER - 1 : now + ttl.toMillis();
        return put(name, address, expiry);
    }

    /** Records a static (never expiring) name → address binding, e.g. from a site file. */
    public boolean addStatic(String name, IpAddress address) {
        return put(name, address, FOREVER);
    }

    private boolean put(String name, IpAddress address, long expiry) {
        Objects.requireNonNull(address, "address");
        var normalized = DnsNames.normalize(name);
        if (normalized.isEmpty()) {
            return false;
        }
        if (!entries.containsKey(normalized.get()) && entries.size() >= MAX_NAMES) {
            purgeExpired();
            if (entries.size() >= MAX_NAMES) {
                return false;
            }
        }
        Map<IpAddress, Long> addresses = entries.computeIfAbsent(normalized.get(), n -> new ConcurrentHashMap<>());
        if (!addresses.containsKey(address) && addresses.size() >= MAX_ADDRESSES_PER_NAME) {
            long now = clock.millis();
            List<IpAddress> removed = new ArrayList<>();
            addresses.entrySet().removeIf(e -> {
                if (e.getValue() <= now) {
                    removed.add(e.getKey());
                    return true;
                }
                return false;
            });
            removed.forEach(this::cleanReverse);
            if (addresses.size() >= MAX_ADDRESSES_PER_NAME) {
                return false;
            }
        }
        String n = normalized.get();
        byAddress.compute(address, (a, old) -> {
            Long merged = addresses.merge(address, expiry, Math::max);
            long e = merged == null ? expiry : merged;
            if (old == null) {
                return new Answers(new String[] {n}, new long[] {e});
            }
            for (int i = 0; i < old.names().length; i++) {
                if (old.names()[i].equals(n)) {
                    long[] ex = old.expiries().clone();
                    ex[i] = Math.max(ex[i], e);
                    return new Answers(old.names(), ex);
                }
            }
            String[] names = Arrays.copyOf(old.names(), old.names().length + 1);
            long[] ex = Arrays.copyOf(old.expiries(), names.length);
            names[old.names().length] = n;
            ex[old.names().length] = e;
            return new Answers(names, ex);
        });
        return true;
    }

    /** Drops the expired answers of {@code address}. */
    private void cleanReverse(IpAddress address) {
        long now = clock.millis();
        byAddress.computeIfPresent(address, (a, old) -> {
            int kept = 0;
            for (long e : old.expiries()) {
                kept += e > now ? 1 : 0;
            }
            if (kept == old.names().length) {
                return old;
            }
            if (kept == 0) {
                return null;
            }
            String[] names = new String[kept];
            long[] ex = new long[kept];
            for (int i = 0, j = 0; i < old.names().length; i++) {
                if (old.expiries()[i] > now) {
                    names[j] = old.names()[i];
                    ex[j++] = old.expiries()[i];
                }
            }
            return new Answers(names, ex);
        });
    }

    /** The answers for {@code address} (possibly including expired ones; see {@link Answers#has}). */
    Answers answers(IpAddress address) {
        Answers a = byAddress.get(address);
        return a == null ? Answers.NONE : a;
    }

    Clock clock() {
        return clock;
    }

    /** Whether {@code address} is a current answer for {@code normalizedName} (lower-case, no trailing dot). */
    public boolean contains(String normalizedName, IpAddress address) {
        Answers a = byAddress.get(address);
        return a != null && a.has(normalizedName, clock);
    }

    /** Current (unexpired) addresses of a name. */
    public Set<IpAddress> resolve(String name) {
        var normalized = DnsNames.normalize(name);
        if (normalized.isEmpty()) {
            return Set.of();
        }
        Map<IpAddress, Long> addresses = entries.get(normalized.get());
        if (addresses == null) {
            return Set.of();
        }
        long now = clock.millis();
        return addresses.entrySet().stream().filter(e -> e.getValue() > now).map(Map.Entry::getKey)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Removes expired answers. */
    public void purgeExpired() {
        long now = clock.millis();
        entries.values().forEach(m -> m.values().removeIf(e -> e <= now));
        entries.values().removeIf(Map::isEmpty);
        byAddress.keySet().forEach(this::cleanReverse);
    }
}
