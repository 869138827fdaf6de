package io.palisade.detect.behaviour;

import java.util.Set;

/** Port: the device groups a device belongs to (asked once per device and profile change, not per sample). */
@FunctionalInterface
public interface GroupResolver {
    Set<String> groupsOf(String deviceId);

    static GroupResolver none() {
        return id -> Set.of();
    }
}
