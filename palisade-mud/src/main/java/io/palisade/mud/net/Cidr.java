package io.palisade.mud.net;

/**
 * An IPv4 or IPv6 prefix; host bits are cleared on construction. {@link #contains} is a couple of mask operations.
 */
public record Cidr(boolean v6, long hi, long lo, int prefix) {

    public Cidr {
        int max = v6 ? 128 : 32;
        if (prefix < 0 || prefix > max) {
            throw new IllegalArgumentException("prefix length " + prefix + " out of range 0.." + max);
        }
        if (v6) {
            hi &= maskHi(prefix);
            lo &= maskLo(prefix);
        } else {
            if (hi != 0) {
                throw new IllegalArgumentException("IPv4 prefix out of range");
            }
            lo &= prefix == 0 ? 0 : (0xFFFF_FFFFL << (32 - prefix)) & 0xFFFF_FFFFL;
        }
    }

    /** The host prefix (/32 or /128) of an address. */
    public static Cidr host(IpAddress a) {
        return new Cidr(a.v6(), a.hi(), a.lo(), a.v6() ? 128 : 32);
    }

    /** Parses {@code address/length}; the length is mandatory. Throws {@link IllegalArgumentException}. */
    public static Cidr parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("prefix without length: " + IpLiterals.shorten(text));
        }
        IpAddress a = IpAddress.of(text.substring(0, slash));
        String len = text.substring(slash + 1);
        if (len.isEmpty() || len.length() > 3 || !len.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("bad prefix length in " + IpLiterals.shorten(text));
        }
        return new Cidr(a.v6(), a.hi(), a.lo(), Integer.parseInt(len));
    }

    public boolean contains(IpAddress a) {
        if (a.v6() != v6) {
            return false;
        }
        if (v6) {
            return (a.hi() & maskHi(prefix)) == hi && (a.lo() & maskLo(prefix)) == lo;
        }
        long m = prefix == 0 ? 0 : (0xFFFF_FFFFL << (32 - prefix)) & 0xFFFF_FFFFL;
        return (a.lo() & m) == lo;
    }

    private static long maskHi(int prefix) {
        if (prefix >= 64) {
            return -1L;
        }
        return prefix == 0 ? 0 : -1L << (64 - prefix);
    }

    private static long maskLo(int prefix) {
        if (prefix <= 64) {
            return 0;
        }
        return prefix == 128 ? -1L : -1L << (128 - prefix);
    }

    @Override
    public String toString() {
        return IpLiterals.format(new IpAddress(v6, hi, lo)) + "/" + prefix;
    }
}
