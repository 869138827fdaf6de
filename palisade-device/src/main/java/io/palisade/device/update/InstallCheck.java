package io.palisade.device.update;

import java.io.IOException;

/**
 * Runs just before a verified image is written to the inactive slot; throwing {@link IOException} makes the install
 * fail as a storage error would (the agent reports {@code failed} with reason {@code "storage error: ..."} and the
 * device keeps running its current slot). For fault injection in simulations; real devices use {@link #NONE}.
 */
@FunctionalInterface
public interface InstallCheck {
    /** Installs proceed. */
    InstallCheck NONE = (deviceId, version) -> { };

    void beforeInstall(String deviceId, String version) throws IOException;
}
