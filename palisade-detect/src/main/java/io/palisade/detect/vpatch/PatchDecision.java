package io.palisade.detect.vpatch;

/** The edge decision for one publish. */
public sealed interface PatchDecision {
    Allow ALLOW = new Allow();

    record Allow() implements PatchDecision {
    }

    /** {@code reason} is for logs and the alert; never sent to the client. */
    record Deny(String patchId, String reason) implements PatchDecision {
    }

    default boolean allowed() {
        return this instanceof Allow;
    }
}
