package io.palisade.server.detect;

import io.palisade.core.device.DeviceId;
import io.palisade.core.registry.DeviceRegistry;
import io.palisade.core.identity.RevocationReason;
import io.palisade.detect.response.ResponseActions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The platform's answers to playbook actions (quarantine, release, revoke, re-enrollment). */
public final class PlatformResponseActions implements ResponseActions {
    private static final Logger LOG = LoggerFactory.getLogger(PlatformResponseActions.class);
    private static final String ACTOR = DetectionService.ACTOR;
    private final DeviceRegistry registry;
    private final DeviceDirectory directory;
    private final VirtualPatches vpatches;

    public PlatformResponseActions(DeviceRegistry registry, DeviceDirectory directory, VirtualPatches vpatches) {
        this.registry = registry;
        this.directory = directory;
        this.vpatches = vpatches;
    }

    @Override
    public void quarantine(DeviceId id, String reason) {
        registry.quarantine(ACTOR, id, reason);
        directory.invalidate(id.value());
    }

    @Override
    public void release(DeviceId id, String reason) {
        registry.release(ACTOR, id);
        directory.invalidate(id.value());
    }

    @Override
    public void revoke(DeviceId id, String reason) {
        registry.revoke(ACTOR, id, RevocationReason.KEY_COMPROMISE);
        directory.invalidate(id.value());
    }

    /** Revokes the identity as superseded: the device goes back to registered and needs a fresh enrollment. */
    @Override
    public void forceReenroll(DeviceId id, String reason) {
        registry.revoke(ACTOR, id, RevocationReason.SUPERSEDED);
        directory.invalidate(id.value());
    }

    @Override
    public void applyVirtualPatch(String patchId, DeviceId id) {
        vpatches.engine().status(patchId);
        LOG.info("virtual patch {} covers {} (playbook action)", patchId, id);
    }
}
