package io.palisade.mud.model;

/** ACE forwarding action (RFC 8519 {@code forwarding-action} identities). */
public enum Forwarding {
    ACCEPT, DROP, REJECT;

    public String yangName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
