package io.palisade.detect.behaviour;

import io.palisade.core.PalisadeException;
import java.util.HashMap;
import java.util.Map;

/**
 * The metrics detection understands. Cloud-side metrics are counted by the edge per device and interval;
 * device-side metrics ({@code dev_*}, ports, connections, destinations) come from the agent's report on
 * {@code palisade/v1/d/<id>/metrics}. Values are per reporting interval (counters) or instantaneous (gauges).
 */
public enum Metric {
    MESSAGES_IN("messages_in", true),
    MESSAGES_OUT("messages_out", true),
    BYTES_IN("bytes_in", true),
    BYTES_OUT("bytes_out", true),
    MESSAGE_SIZE("message_size", true),
    AUTH_FAILURES("auth_failures", true),
    CONNECT_ATTEMPTS("connect_attempts", true),
    DISCONNECTS("disconnects", true),
    SOURCE_ADDRESSES("source_addresses", true),
    DEV_BYTES_IN("dev_bytes_in", false),
    DEV_BYTES_OUT("dev_bytes_out", false),
    DEV_PACKETS_IN("dev_packets_in", false),
    DEV_PACKETS_OUT("dev_packets_out", false),
    LISTENING_PORTS("listening_ports", false),
    CONNECTIONS("connections", false),
    DESTINATIONS("destinations", false);

    /** Largest value any metric may take; anything above is rejected as absurd. */
    public static final double MAX_VALUE = 1e15;

    private static final Map<String, Metric> BY_ID = new HashMap<>();
    private static final Metric[] VALUES = values();

    static {
        for (Metric m : VALUES) {
            BY_ID.put(m.id, m);
        }
    }

    private final String id;
    private final boolean cloudSide;

    Metric(String id, boolean cloudSide) {
        this.id = id;
        this.cloudSide = cloudSide;
    }

    public String id() {
        return id;
    }

    public boolean cloudSide() {
        return cloudSide;
    }

    public static int count() {
        return VALUES.length;
    }

    public static Metric byOrdinal(int i) {
        return VALUES[i];
    }

    public static java.util.Optional<Metric> find(String id) {
        return java.util.Optional.ofNullable(id == null ? null : BY_ID.get(id));
    }

    public static Metric parse(String id) {
        return find(id).orElseThrow(() -> PalisadeException.invalid("unknown metric '" + abbreviate(id)
                + "': use one of " + String.join(", ", BY_ID.keySet().stream().sorted().toList())));
    }

    static String abbreviate(String s) {
        if (s == null) {
            return "null";
        }
        String t = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return t.replaceAll("\\p{Cntrl}", "?");
    }
}
