package io.palisade.mud.policy;

import io.palisade.mud.DnsNames;
import io.palisade.mud.net.IpAddress;
import java.time.Clock;
import java.time.Duration;
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
            addresses.values().removeIf(e -> e <= now);
            if (addresses.size() >= MAX_ADDRESSES_PER_NAME) {
                return false;
            }
        }
        addresses.merge(address, expiry, Math::max);
        return true;
    }

    /** Whether {@code address} is a current answer for {@code normalizedName} (lower-case, no trailing dot). */
    public boolean contains(String normalizedName, IpAddress address) {
        Map<IpAddress, Long> addresses = entries.get(normalizedName);
        if (addresses == null) {
            return false;
        }
        Long expiry = addresses.get(address);
        return expiry != null && (expiry == FOREVER || expiry > clock.millis());
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
    }
}
