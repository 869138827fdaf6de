package io.palisade.detect.alert;

/** Told about alert changes. Called synchronously after the change is stored; must not block for long. */
@FunctionalInterface
public interface AlertListener {
    enum Change {
        /** A new alert was opened. */
        NEW,
        /** One more occurrence was folded into an active alert without raising its severity. */
        REPEATED,
        /** One more occurrence raised the alert's severity. */
        ESCALATED,
        ACKNOWLEDGED,
        RESOLVED
    }

    void onAlert(Alert alert, Change change);
}
