package io.palisade.edge.internal;

import io.palisade.core.device.Access;
import io.palisade.core.device.DeviceId;
import io.palisade.wire.Topics;
import java.util.Optional;
import java.util.Set;

/**
 * The per-device topic policy, a pure function. Everything not listed is refused (default DENY):
 * <ul>
 *   <li>publish (FULL): {@code palisade/v1/d/<id>/telemetry|events|metrics} exactly, and
 *       {@code .../update[/...]}, {@code .../attestation[/...]}</li>
 *   <li>publish (QUARANTINE): only {@code update[/...]} and {@code attestation[/...]}</li>
 *   <li>subscribe (FULL): {@code palisade/v1/d/<id>/cmd/#} and any filter under {@code .../cmd/}</li>
 *   <li>subscribe (QUARANTINE): filters under {@code .../cmd/update} and {@code .../cmd/attestation}</li>
 * </ul>
 * Wildcards are only accepted inside the device's own {@code cmd/} subtree; {@code $SYS}, {@code $share}, other
 * devices' topics and anything with an empty level are refused.
 */
public final class TopicPolicy {
    /** Channels whose payloads are inspected and stored as telemetry records. */
    /** Channels whose messages are parsed as JSON objects and stored before they are acknowledged. */
    public static final Set<String> STORED_CHANNELS = Set.of(Topics.TELEMETRY, Topics.EVENTS, Topics.METRICS, Topics.UPDATE);
    private static final Set<String> LEAF_CHANNELS = Set.of(Topics.TELEMETRY, Topics.EVENTS, Topics.METRICS);

    private TopicPolicy() {
    }

    /** The channel of an allowed publish, or empty when the publish is refused. */
    public static Optional<String> publishChannel(DeviceId device, Access.Rights rights, String topic) {
        if (topic == null || rights == null) {
            return Optional.empty();
        }
        Optional<Topics.DeviceTopic> parsed = Topics.parse(topic);
        if (parsed.isEmpty() || !parsed.get().deviceId().equals(device.value()) || hasEmptyLevel(topic)) {
            return Optional.empty();
        }
        String channel = parsed.get().channel();
        String rest = parsed.get().rest();
        Set<String> allowed = rights == Access.Rights.FULL ? Topics.PUBLISH_CHANNELS : Topics.QUARANTINE_CHANNELS;
        if (!allowed.contains(channel)) {
            return Optional.empty();
        }
        if (LEAF_CHANNELS.contains(channel) && !rest.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(channel);
    }

    public static boolean maySubscribe(DeviceId device, Access.Rights rights, String filter) {
        if (filter == null || rights == null || filter.isEmpty() || filter.startsWith("$") || filter.indexOf('\u0000') >= 0) {
            return false;
        }
        String cmdRoot = Topics.prefix(device.value()) + Topics.CMD;
        if (rights == Access.Rights.FULL) {
            return underRoot(filter, cmdRoot);
        }
        return underRoot(filter, cmdRoot + "/" + Topics.UPDATE) || underRoot(filter, cmdRoot + "/" + Topics.ATTESTATION);
    }

    /** {@code filter} is {@code root}, {@code root/#} or {@code root/<levels>} where wildcards appear only below root. */
    private static boolean underRoot(String filter, String root) {
        if (filter.equals(root)) {
            return true;
        }
        if (!filter.startsWith(root + "/")) {
            return false;
        }
        String tail = filter.substring(root.length() + 1);
        if (tail.isEmpty()) {
            return false;
        }
        String[] levels = tail.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            if (level.isEmpty()) {
                return false;
            }
            if (level.contains("#") && !(level.equals("#") && i == levels.length - 1)) {
                return false;
            }
            if (level.contains("+") && !level.equals("+")) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasEmptyLevel(String topic) {
        return topic.endsWith("/") || topic.contains("//");
    }
}
