package io.palisade.mud.model;

import java.util.Optional;

/** RFC 8519 ACL type identities. */
public enum AclType {
    IPV4("ipv4-acl-type"), IPV6("ipv6-acl-type"), ETH("eth-acl-type"),
    MIXED_ETH_IPV4("mixed-eth-ipv4-acl-type"), MIXED_ETH_IPV6("mixed-eth-ipv6-acl-type"),
    MIXED_ETH_IPV4_IPV6("mixed-eth-ipv4-ipv6-acl-type");

    private final String yangName;

    AclType(String yangName) {
        this.yangName = yangName;
    }

    public String yangName() {
        return yangName;
    }

    /** Accepts the plain or {@code ietf-access-control-list:}-qualified identity name. */
    public static Optional<AclType> fromYang(String value) {
        String v = value.startsWith("ietf-access-control-list:") ? value.substring(25) : value;
        for (AclType t : values()) {
            if (t.yangName.equals(v)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    public boolean allowsIpv4() {
        return this == IPV4 || this == MIXED_ETH_IPV4 || this == MIXED_ETH_IPV4_IPV6;
    }

    public boolean allowsIpv6() {
        return this == IPV6 || this == MIXED_ETH_IPV6 || this == MIXED_ETH_IPV4_IPV6;
    }

    public boolean allowsEth() {
        return this != IPV4 && this != IPV6;
    }
}
