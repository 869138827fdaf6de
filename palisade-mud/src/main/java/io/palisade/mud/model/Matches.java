package io.palisade.mud.model;

import java.util.Objects;
import java.util.Optional;

/** All conditions of one ACE; every present condition must hold. */
public record Matches(Optional<EthMatch> eth, Optional<IpMatch> ip, Optional<L4Match> l4, MudMatch mud) {
    public Matches {
        Objects.requireNonNull(eth, "eth");
        Objects.requireNonNull(ip, "ip");
        Objects.requireNonNull(l4, "l4");
        Objects.requireNonNull(mud, "mud");
    }
}
