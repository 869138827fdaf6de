package io.palisade.mud.policy;

import io.palisade.mud.net.IpAddress;
import java.util.Objects;

/**
 * One observed flow, pre-parsed for matching. Absent ports and ICMP fields are {@code -1}; absent names are
 * {@code null}. Names are normalized (lower-case, no trailing dot).
 *
 * @param protocol IP protocol number 0..255
 */
public record Flow(IpAddress src, int srcPort, IpAddress dst, int dstPort, int protocol, String srcName,
                   String dstName, Initiator initiator, int icmpType, int icmpCode) {

    /** Which endpoint opened the connection, if known. */
    public enum Initiator { SRC, DST, UNKNOWN }

    public Flow {
        Objects.requireNonNull(src, "src");
        Objects.requireNonNull(dst, "dst");
        Objects.requireNonNull(initiator, "initiator");
        if (src.v6() != dst.v6()) {
            throw new IllegalArgumentException("src and dst are of different IP versions");
        }
        checkRange(srcPort, 65535, "srcPort");
        checkRange(dstPort, 65535, "dstPort");
        checkRange(icmpType, 255, "icmpType");
        checkRange(icmpCode, 255, "icmpCode");
        if (protocol < 0 || protocol > 255) {
            throw new IllegalArgumentException("protocol out of range");
        }
    }

    private static void checkRange(int v, int max, String what) {
        if (v < -1 || v > max) {
            throw new IllegalArgumentException(what + " out of range");
        }
    }

    /** A TCP/UDP-style flow without names or ICMP fields. */
    public static Flow of(String src, int srcPort, String dst, int dstPort, int protocol, Initiator initiator) {
        return new Flow(IpAddress.of(src), srcPort, IpAddress.of(dst), dstPort, protocol, null, null, initiator, -1, -1);
    }

    public boolean v6() {
        return src.v6();
    }
}
