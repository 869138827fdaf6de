package io.palisade.mud.policy;

import io.palisade.mud.model.Forwarding;
import io.palisade.mud.net.Cidr;
import io.palisade.mud.net.IpAddress;
import java.util.List;
import java.util.Set;

/**
 * One ACE reduced to primitive checks. Matching does no parsing and no allocation. Fields set to {@code -1} or
 * {@code null} mean "no condition".
 */
final class CompiledAce {
    /** Remote-address condition from an RFC 8520 abstraction: a set of hosts and/or prefixes. */
    record RemoteSet(String label, Set<IpAddress> hosts, Cidr[] prefixes) {
        RemoteSet {
            hosts = Set.copyOf(hosts);
            prefixes = prefixes.clone();
        }

        boolean contains(IpAddress a) {
            if (hosts.contains(a)) {
                return true;
            }
            for (Cidr c : prefixes) {
                if (c.contains(a)) {
                    return true;
                }
            }
            return false;
        }

        boolean isEmpty() {
            return hosts.isEmpty() && prefixes.length == 0;
        }
    }

    static final int INIT_NONE = 0;
    static final int INIT_BY_DEVICE = 1;
    static final int INIT_BY_REMOTE = 2;

    final String acl;
    final String ace;
    final Forwarding forwarding;
    final boolean allow;
    /** 0 any, 4 IPv4 only, 6 IPv6 only. */
    int family;
    int protoV4 = -1;
    int protoV6 = -1;
    int ethertype = -1;
    Cidr srcNet;
    Cidr dstNet;
    String srcDns;
    String dstDns;
    boolean hasSrcPort;
    int srcLo;
    int srcHi;
    boolean srcNeg;
    boolean hasDstPort;
    int dstLo;
    int dstHi;
    boolean dstNeg;
    int initiated = INIT_NONE;
    int icmpType = -1;
    int icmpCode = -1;
    RemoteSet[] remote = new RemoteSet[0];
    /** Set when a condition can never hold for a flow record (e.g. a MAC address condition). */
    String neverReason;

    CompiledAce(String acl, String ace, Forwarding forwarding) {
        this.acl = acl;
        this.ace = ace;
        this.forwarding = forwarding;
        this.allow = forwarding == Forwarding.ACCEPT;
    }

    void setRemote(List<RemoteSet> sets) {
        remote = sets.toArray(new RemoteSet[0]);
    }

    boolean matches(Flow f, IpAddress remoteAddress, int initiatedBy, DnsCache dns) {
        if (neverReason != null) {
            return false;
        }
        boolean v6 = f.v6();
        if (family == 4 && v6 || family == 6 && !v6) {
            return false;
        }
        if (ethertype >= 0 && ethertype != (v6 ? 0x86DD : 0x0800)) {
            return false;
        }
        int proto = v6 ? protoV6 : protoV4;
        if (proto >= 0 && proto != f.protocol()) {
            return false;
        }
        if (srcNet != null && !srcNet.contains(f.src()) || dstNet != null && !dstNet.contains(f.dst())) {
            return false;
        }
        if (hasSrcPort && (f.srcPort() < 0 || (f.srcPort() >= srcLo && f.srcPort() <= srcHi) == srcNeg)) {
            return false;
        }
        if (hasDstPort && (f.dstPort() < 0 || (f.dstPort() >= dstLo && f.dstPort() <= dstHi) == dstNeg)) {
            return false;
        }
        if (initiated != INIT_NONE && initiated != initiatedBy) {
            return false;
        }
        if (icmpType >= 0 && icmpType != f.icmpType() || icmpCode >= 0 && icmpCode != f.icmpCode()) {
            return false;
        }
        for (RemoteSet r : remote) {
            if (!r.contains(remoteAddress)) {
                return false;
            }
        }
        if (srcDns != null && !srcDns.equals(f.srcName()) && !dns.contains(srcDns, f.src())) {
            return false;
        }
        return dstDns == null || dstDns.equals(f.dstName()) || dns.contains(dstDns, f.dst());
    }

    /**
     * The conditions a {@link DecisionIndex} leaves to the last step: the device-side prefix and DNS name and the
     * ICMP type and code (every other condition is decided exactly by the index's lookups).
     */
    boolean hasResidual(boolean fromDevice) {
        return (fromDevice ? srcNet : dstNet) != null || (fromDevice ? srcDns : dstDns) != null || icmpType >= 0
                || icmpCode >= 0;
    }

    /** Checks the residual conditions (see {@link #hasResidual}). */
    boolean residualMatches(Flow f, boolean fromDevice, DnsCache dns) {
        if (icmpType >= 0 && icmpType != f.icmpType() || icmpCode >= 0 && icmpCode != f.icmpCode()) {
            return false;
        }
        if (fromDevice) {
            if (srcNet != null && !srcNet.contains(f.src())) {
                return false;
            }
            return srcDns == null || srcDns.equals(f.srcName()) || dns.contains(srcDns, f.src());
        }
        if (dstNet != null && !dstNet.contains(f.dst())) {
            return false;
        }
        return dstDns == null || dstDns.equals(f.dstName()) || dns.contains(dstDns, f.dst());
    }
}
