package io.palisade.core.update;

import java.util.Locale;

/**
 * Where one device is in a rollout. {@code PENDING}: assigned to a wave, not told yet; {@code NOTIFIED}: the update
 * command was sent; the rest are the steps the device reports (docs/WIRE.md). Terminal: succeeded, failed,
 * rolled-back (the device fell back to its previous image, which is a failure of the update).
 */
public enum UpdateStep {
    PENDING, NOTIFIED, RECEIVED, DOWNLOADING, VERIFIED, INSTALLING, REBOOTING, SUCCEEDED, FAILED, ROLLED_BACK;

    public boolean terminal() {
        return this == SUCCEEDED || this == FAILED || this == ROLLED_BACK;
    }

    public boolean failure() {
        return this == FAILED || this == ROLLED_BACK;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Parses a reported step ("rolled-back", "succeeded"...); empty for unknown words. */
    public static java.util.Optional<UpdateStep> parse(String s) {
        if (s == null) {
            return java.util.Optional.empty();
        }
        for (UpdateStep step : values()) {
            if (step.label().equals(s)) {
                return java.util.Optional.of(step);
            }
        }
        return java.util.Optional.empty();
    }
}
