package io.palisade.detect.alert;

/** Alert life cycle: open → acknowledged → resolved, or open → resolved. Resolved is final. */
public enum AlertState {
    OPEN,
    ACKNOWLEDGED,
    RESOLVED;

    public boolean active() {
        return this != RESOLVED;
    }
}
