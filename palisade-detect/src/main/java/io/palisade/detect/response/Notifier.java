package io.palisade.detect.response;

import io.palisade.detect.alert.Alert;

/** Sends an alert notification somewhere; must never block the caller for long. */
public interface Notifier {
    /** Queues the notification; returns false when it was dropped (queue full or closed). */
    boolean notify(Alert alert);
}
