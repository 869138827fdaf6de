package io.palisade.core.device;

import static io.palisade.core.device.LifecycleState.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class LifecycleStateTest {
    @Test
    void guardedTransitionsFollowTheLifecycle() {
        assertThat(REGISTERED.successors()).containsExactlyInAnyOrder(ENROLLED, DECOMMISSIONED);
        assertThat(ENROLLED.successors()).containsExactlyInAnyOrder(ACTIVE, QUARANTINED, REGISTERED, DECOMMISSIONED);
        assertThat(ACTIVE.successors()).containsExactlyInAnyOrder(QUARANTINED, REGISTERED, DECOMMISSIONED);
        assertThat(QUARANTINED.successors()).containsExactlyInAnyOrder(ACTIVE, REGISTERED, DECOMMISSIONED);
        assertThat(DECOMMISSIONED.successors()).isEmpty();
    }

    @Test
    void illegalTransitionsAreRefused() {
        assertThat(REGISTERED.canMoveTo(ACTIVE)).isFalse();
        assertThat(REGISTERED.canMoveTo(QUARANTINED)).isFalse();
        assertThat(DECOMMISSIONED.canMoveTo(REGISTERED)).isFalse();
        for (LifecycleState s : values()) {
            assertThat(s.canMoveTo(s)).as("%s to itself", s).isFalse();
        }
    }

    @Test
    void onlyEnrolledActiveAndQuarantinedHoldAnIdentity() {
        EnumSet<LifecycleState> with = EnumSet.noneOf(LifecycleState.class);
        for (LifecycleState s : values()) {
            if (s.hasIdentity()) {
                with.add(s);
            }
        }
        assertThat(with).containsExactlyInAnyOrder(ENROLLED, ACTIVE, QUARANTINED);
    }
}
