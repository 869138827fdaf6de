package io.palisade.mud.model;

import io.palisade.mud.net.Cidr;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The l3 match of an ACE ({@code ipv4} or {@code ipv6} container) including the {@code ietf-acldns} names.
 * DNS names are stored lower-case without a trailing dot.
 */
public record IpMatch(boolean v6, OptionalInt protocol, Optional<Cidr> source, Optional<Cidr> destination,
                      Optional<String> sourceDnsName, Optional<String> destinationDnsName) {
    public IpMatch {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(sourceDnsName, "sourceDnsName");
        Objects.requireNonNull(destinationDnsName, "destinationDnsName");
        if (protocol.isPresent() && (protocol.getAsInt() < 0 || protocol.getAsInt() > 255)) {
            throw new IllegalArgumentException("protocol out of range");
        }
        if (source.isPresent() && source.get().v6() != v6 || destination.isPresent() && destination.get().v6() != v6) {
            throw new IllegalArgumentException("network family does not match the " + (v6 ? "ipv6" : "ipv4") + " match");
        }
        if (source.isPresent() && sourceDnsName.isPresent() || destination.isPresent() && destinationDnsName.isPresent()) {
            throw new IllegalArgumentException("a network and a DNS name for the same side are mutually exclusive");
        }
    }
}
