package io.palisade.core.device;

import java.util.EnumSet;
import java.util.Set;

/**
 * Device lifecycle: registered → enrolled → active ⇄ quarantined → decommissioned. A transfer of ownership
 * (or a revoked identity) sends an enrolled, active or quarantined device back to registered: it needs a
 * new enrollment. Decommissioned is terminal.
 */
public enum LifecycleState {
    REGISTERED,
    ENROLLED,
    ACTIVE,
    QUARANTINED,
    DECOMMISSIONED;

    /** The states this one may move to. */
    public Set<LifecycleState> successors() {
        return switch (this) {
            case REGISTERED -> EnumSet.of(ENROLLED, DECOMMISSIONED);
            case ENROLLED -> EnumSet.of(ACTIVE, QUARANTINED, REGISTERED, DECOMMISSIONED);
            case ACTIVE -> EnumSet.of(QUARANTINED, REGISTERED, DECOMMISSIONED);
            case QUARANTINED -> EnumSet.of(ACTIVE, REGISTERED, DECOMMISSIONED);
            case DECOMMISSIONED -> EnumSet.noneOf(LifecycleState.class);
        };
    }

    public boolean canMoveTo(LifecycleState next) {
        return successors().contains(next);
    }

    /** Whether a device in this state holds a usable identity (may connect). */
    public boolean hasIdentity() {
        return this == ENROLLED || this == ACTIVE || this == QUARANTINED;
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
