package io.palisade.mud.net;

import java.util.Optional;

/**
 * An IPv4 or IPv6 address held as two longs (IPv4 uses only the low 32 bits of {@code lo}), so that matching
 * needs no string handling. IPv4-mapped IPv6 literals ({@code ::ffff:a.b.c.d}) are parsed as IPv4.
 */
public record IpAddress(boolean v6, long hi, long lo) {

    public IpAddress {
        if (!v6 && (hi != 0 || (lo & 0xFFFF_FFFF_0000_0000L) != 0)) {
            throw new IllegalArgumentException("IPv4 address out of range");
        }
    }

    public static IpAddress v4(int address) {
        return new IpAddress(false, 0, address & 0xFFFF_FFFFL);
    }

    /** Parses an IP literal; never performs a DNS lookup. Empty if {@code text} is not an IPv4/IPv6 literal. */
    public static Optional<IpAddress> parse(String text) {
        return Optional.ofNullable(IpLiterals.parse(text));
    }

    /** Like {@link #parse} but throws {@link IllegalArgumentException} naming the bad text. */
    public static IpAddress of(String text) {
        IpAddress a = IpLiterals.parse(text);
        if (a == null) {
            throw new IllegalArgumentException("not an IP address literal: " + IpLiterals.shorten(text));
        }
        return a;
    }

    @Override
    public String toString() {
        return IpLiterals.format(this);
    }
}
