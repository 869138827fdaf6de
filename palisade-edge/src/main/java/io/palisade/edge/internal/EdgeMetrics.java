package io.palisade.edge.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.palisade.core.device.DeviceId;
import io.palisade.edge.DeviceMetrics;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Per-device counters plus Micrometer meters: {@code palisade.mqtt.connections} (gauge),
 * {@code palisade.mqtt.messages.in}, {@code palisade.mqtt.bytes.in}, {@code palisade.mqtt.auth.failures{reason}},
 * {@code palisade.mqtt.authz.failures{action}}, {@code palisade.mqtt.rejected{reason}}, {@code palisade.mqtt.throttled},
 * {@code palisade.mqtt.connects}, {@code palisade.mqtt.disconnects}, {@code palisade.mqtt.stored} (Prometheus adds
 * {@code _total} to counters).
 */
public final class EdgeMetrics {
    /** Upper bound of per-device entries, so forged identities cannot grow the map without bound. */
    static final int MAX_DEVICES = 200_000;

    private static final class Stats {
        final DeviceId id;
        final AtomicLong messagesIn = new AtomicLong();
        final AtomicLong bytesIn = new AtomicLong();
        final AtomicLong authzFailures = new AtomicLong();
        final AtomicLong connects = new AtomicLong();
        final AtomicLong disconnects = new AtomicLong();
        final AtomicLong rejected = new AtomicLong();
        final AtomicLong throttled = new AtomicLong();
        volatile Instant lastSeen;
        volatile String lastSource;
        volatile boolean connected;

        Stats(DeviceId id) {
            this.id = id;
        }

        DeviceMetrics snapshot() {
            return new DeviceMetrics(id, messagesIn.get(), bytesIn.get(), authzFailures.get(), connects.get(), disconnects.get(), rejected.get(),
                    throttled.get(), lastSeen, lastSource, connected);
        }
    }

    private final Map<DeviceId, Stats> devices = new ConcurrentHashMap<>();
    private final MeterRegistry registry;
    private final Clock clock;
    private final Counter messagesIn;
    private final Counter bytesIn;
    private final Counter throttled;
    private final Counter connects;
    private final Counter disconnects;
    private final Counter stored;

    public EdgeMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
        Gauge.builder("palisade.mqtt.connections", this, EdgeMetrics::connectedDevices)
                .description("devices with an open MQTT session").register(registry);
        messagesIn = Counter.builder("palisade.mqtt.messages.in").description("PUBLISH packets received from devices").register(registry);
        bytesIn = Counter.builder("palisade.mqtt.bytes.in").baseUnit("bytes").description("payload bytes received from devices").register(registry);
        throttled = Counter.builder("palisade.mqtt.throttled").description("publishes dropped by the per-device rate limit").register(registry);
        connects = Counter.builder("palisade.mqtt.connects").description("successful CONNECTs").register(registry);
        disconnects = Counter.builder("palisade.mqtt.disconnects").description("ended sessions").register(registry);
        stored = Counter.builder("palisade.mqtt.stored").description("messages stored durably").register(registry);
    }

    private Optional<Stats> stats(DeviceId id) {
        if (id == null) {
            return Optional.empty();
        }
        Stats s = devices.get(id);
        if (s == null && devices.size() < MAX_DEVICES) {
            s = devices.computeIfAbsent(id, Stats::new);
        }
        return Optional.ofNullable(s);
    }

    public void authFailure(DeviceId idOrNull, String reason, String source) {
        Counter.builder("palisade.mqtt.auth.failures").tag("reason", tag(reason)).description("refused CONNECTs").register(registry).increment();
        stats(idOrNull).ifPresent(s -> {
            s.authzFailures.incrementAndGet();
            s.lastSource = source;
        });
    }

    public void authzFailure(DeviceId id, String action) {
        Counter.builder("palisade.mqtt.authz.failures").tag("action", action).description("refused publishes and subscriptions")
                .register(registry).increment();
        stats(id).ifPresent(s -> s.authzFailures.incrementAndGet());
    }

    public void connected(DeviceId id, String source) {
        connects.increment();
        stats(id).ifPresent(s -> {
            s.connects.incrementAndGet();
            s.connected = true;
            s.lastSource = source;
            s.lastSeen = clock.instant();
        });
    }

    public void disconnected(DeviceId id, boolean stillConnected) {
        disconnects.increment();
        stats(id).ifPresent(s -> {
            s.disconnects.incrementAndGet();
            s.connected = stillConnected;
            s.lastSeen = clock.instant();
        });
    }

    public void message(DeviceId id, int bytes) {
        messagesIn.increment();
        bytesIn.increment(bytes);
        stats(id).ifPresent(s -> {
            s.messagesIn.incrementAndGet();
            s.bytesIn.addAndGet(bytes);
            s.lastSeen = clock.instant();
        });
    }

    public void rejected(DeviceId id, String reason) {
        Counter.builder("palisade.mqtt.rejected").tag("reason", tag(reason)).description("messages dropped by inspection")
                .register(registry).increment();
        stats(id).ifPresent(s -> s.rejected.incrementAndGet());
    }

    public void throttled(DeviceId id) {
        throttled.increment();
        stats(id).ifPresent(s -> s.throttled.incrementAndGet());
    }

    public void stored() {
        stored.increment();
    }

    public Optional<DeviceMetrics> metrics(DeviceId id) {
        return Optional.ofNullable(devices.get(id)).map(Stats::snapshot);
    }

    public List<DeviceMetrics> all() {
        List<DeviceMetrics> list = new ArrayList<>();
        for (Stats s : devices.values()) {
            list.add(s.snapshot());
        }
        list.sort(Comparator.comparing(DeviceMetrics::deviceId));
        return List.copyOf(list);
    }

    public int connectedDevices() {
        int n = 0;
        for (Stats s : devices.values()) {
            if (s.connected) {
                n++;
            }
        }
        return n;
    }

    /** A bounded, low-cardinality metric tag from a reason text: lower case, [a-z0-9-], at most 48 characters. */
    static String tag(String reason) {
        if (reason == null || reason.isBlank()) {
            return "unspecified";
        }
        String t = reason.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        if (t.length() > 48) {
            t = t.substring(0, 48);
        }
        return t.isEmpty() ? "unspecified" : t;
    }
}
