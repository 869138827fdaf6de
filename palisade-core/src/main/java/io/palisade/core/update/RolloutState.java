package io.palisade.core.update;

import java.util.Locale;

/** Rollout lifecycle: running ⇄ paused (by an operator or automatically on failures) → completed | aborted. */
public enum RolloutState {
    RUNNING, PAUSED, COMPLETED, ABORTED;

    public boolean finished() {
        return this == COMPLETED || this == ABORTED;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
