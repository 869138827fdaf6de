package io.palisade.vuln.disclosure;

import java.time.Instant;

/** Answer to a report submission: the tracking id to quote, when we received it and when to expect a first status. */
public record Acknowledgement(String trackingId, Instant receivedAt, Instant statusUpdateBy, String message) {
}
