package io.palisade.wire;

import java.util.Optional;
import java.util.Set;

/**
 * The MQTT wire contract (see docs/WIRE.md). Every device topic lives under {@code palisade/v1/d/<device id>/}.
 *
 * <ul>
 *   <li>device publishes: {@code telemetry}, {@code events}, {@code metrics}, {@code update/status},
 *       {@code attestation} (and sub-topics of update/ and attestation/)</li>
 *   <li>device subscribes: {@code cmd/#} (server to device; {@code cmd/update} carries update commands)</li>
 * </ul>
 * A quarantined device keeps only the update and attestation channels (publish {@code update/...},
 * {@code attestation/...}; subscribe {@code cmd/update/#}, {@code cmd/attestation/#}).
 */
public final class Topics {
    public static final String ROOT = "palisade/v1/d/";
    public static final String TELEMETRY = "telemetry";
    public static final String EVENTS = "events";
    public static final String METRICS = "metrics";
    public static final String UPDATE = "update";
    public static final String ATTESTATION = "attestation";
    public static final String CMD = "cmd";

    /** Channels a device may publish to when it has full rights (first level below its prefix). */
    public static final Set<String> PUBLISH_CHANNELS = Set.of(TELEMETRY, EVENTS, METRICS, UPDATE, ATTESTATION);
    /** Channels a quarantined device keeps. */
    public static final Set<String> QUARANTINE_CHANNELS = Set.of(UPDATE, ATTESTATION);

    private Topics() {
    }

    public static String prefix(String deviceId) {
        return ROOT + deviceId + "/";
    }

    public static String telemetry(String deviceId) {
        return prefix(deviceId) + TELEMETRY;
    }

    public static String events(String deviceId) {
        return prefix(deviceId) + EVENTS;
    }

    public static String metrics(String deviceId) {
        return prefix(deviceId) + METRICS;
    }

    public static String updateStatus(String deviceId) {
        return prefix(deviceId) + UPDATE + "/status";
    }

    public static String attestation(String deviceId) {
        return prefix(deviceId) + ATTESTATION;
    }

    /** The filter a device subscribes to for commands. */
    public static String commandFilter(String deviceId) {
        return prefix(deviceId) + CMD + "/#";
    }

    public static String command(String deviceId, String kind) {
        return prefix(deviceId) + CMD + "/" + kind;
    }

    /** A device topic split into its parts. {@code rest} is what follows the channel ("" if nothing). */
    public record DeviceTopic(String deviceId, String channel, String rest) {
    }

    /**
     * Parses {@code palisade/v1/d/<id>/<channel>[/rest]}. Returns empty for anything else, including wildcards,
     * empty levels and ids that are not single topic levels.
     */
    public static Optional<DeviceTopic> parse(String topic) {
        if (topic == null || !topic.startsWith(ROOT) || topic.indexOf('+') >= 0 || topic.indexOf('#') >= 0
                || topic.contains("//") || topic.endsWith("/")) {
            return Optional.empty();
        }
        String tail = topic.substring(ROOT.length());
        int a = tail.indexOf('/');
        if (a <= 0) {
            return Optional.empty();
        }
        String id = tail.substring(0, a);
        String after = tail.substring(a + 1);
        int b = after.indexOf('/');
        String channel = b < 0 ? after : after.substring(0, b);
        String rest = b < 0 ? "" : after.substring(b + 1);
        if (channel.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new DeviceTopic(id, channel, rest));
    }
}
