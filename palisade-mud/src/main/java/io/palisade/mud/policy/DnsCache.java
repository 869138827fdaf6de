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
     * Reverse index address -> names, for the compiled policies' DNS prefilter (see namesOf). Invariant: every
     * (name, address) pair of the forward map is in here (a pair may stay a little longer than in the forward map,
     * never shorter). Puts update the forward map inside this map's compute for the address, and clean-ups filter
     * inside computeIfPresent for the address, so the two cannot interleave for one address.
     */
    private final Map<IpAddress, String[]> reverse = new ConcurrentHashMap<>();
    private static final String[] NO_NAMES = new String[0];

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
        reverse.compute(address, (a, names) -> {
            addresses.merge(address, expiry, Math::max);
            if (names == null) {
                return new String[] {n};
            }
            for (String x : names) {
                if (x.equals(n)) {
                    return names;
                }
            }
            String[] more = Arrays.copyOf(names, names.length + 1);
            more[names.length] = n;
            return more;
        });
        return true;
    }

    /** Drops the names of {@code address} that the forward map no longer binds to it. */
    private void cleanReverse(IpAddress address) {
        reverse.computeIfPresent(address, (a, names) -> {
            String[] kept = Arrays.stream(names).filter(n -> {
                Map<IpAddress, Long> m = entries.get(n);
                return m != null && m.containsKey(a);
            }).toArray(String[]::new);
            return kept.length == 0 ? null : kept.length == names.length ? names : kept;
        });
    }

    /**
     * Names that may currently resolve to {@code address}: a superset of the names {@code n} for which
     * {@link #contains contains(n, address)} holds (expired answers may still be listed until purged). For the
     * compiled policies' DNS-name index; the array is shared and must not be modified.
     */
    String[] namesOf(IpAddress address) {
        String[] names = reverse.get(address);
        return names == null ? NO_NAMES : names;
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
        reverse.keySet().forEach(this::cleanReverse);
    }
}
