package io.palisade.mud.model;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/** The l2 ({@code eth}) match of an ACE. MAC addresses are lower-case colon-separated. */
public record EthMatch(OptionalInt ethertype, Optional<String> sourceMac, Optional<String> destinationMac) {
    public EthMatch {
        Objects.requireNonNull(ethertype, "ethertype");
        Objects.requireNonNull(sourceMac, "sourceMac");
        Objects.requireNonNull(destinationMac, "destinationMac");
        if (ethertype.isPresent() && (ethertype.getAsInt() < 0 || ethertype.getAsInt() > 0xFFFF)) {
            throw new IllegalArgumentException("ethertype out of range");
        }
    }

    public boolean hasMacCondition() {
        return sourceMac.isPresent() || destinationMac.isPresent();
    }
}
