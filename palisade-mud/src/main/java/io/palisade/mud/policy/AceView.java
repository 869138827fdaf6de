package io.palisade.mud.policy;

import io.palisade.mud.model.Direction;
import io.palisade.mud.model.Forwarding;
import io.palisade.mud.model.PortMatch;
import io.palisade.mud.net.Cidr;
import io.palisade.mud.net.IpAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Read-only description of one compiled ACE (what {@link CompiledPolicy} evaluates), for exports such as nftables.
 *
 * @param family             0 (any), 4 or 6
 * @param protocolV4         protocol required of IPv4 flows, empty for any
 * @param protocolV6         protocol required of IPv6 flows, empty for any
 * @param initiatedBy        TCP connection must have been opened by the device (FROM_DEVICE) or by the remote side
 * @param remoteSets         resolved abstractions: the remote address must be in every one
 * @param neverMatchesReason why this entry can never match a flow, if so
 */
public record AceView(String acl, String ace, Forwarding forwarding, int family, OptionalInt protocolV4,
                      OptionalInt protocolV6, OptionalInt ethertype, Optional<Cidr> sourceNetwork,
                      Optional<Cidr> destinationNetwork, Optional<String> sourceDnsName,
                      Optional<String> destinationDnsName, Optional<PortMatch> sourcePort,
                      Optional<PortMatch> destinationPort, Optional<Direction> initiatedBy, OptionalInt icmpType,
                      OptionalInt icmpCode, List<RemoteSet> remoteSets, Optional<String> neverMatchesReason) {

    /** A resolved abstraction. */
    public record RemoteSet(String label, Set<IpAddress> hosts, List<Cidr> prefixes) {
        public RemoteSet {
            hosts = Set.copyOf(hosts);
            prefixes = List.copyOf(prefixes);
        }
    }

    public AceView {
        remoteSets = List.copyOf(remoteSets);
    }

    static AceView of(CompiledAce a) {
        return new AceView(a.acl, a.ace, a.forwarding, a.family, opt(a.protoV4), opt(a.protoV6), opt(a.ethertype),
                Optional.ofNullable(a.srcNet), Optional.ofNullable(a.dstNet), Optional.ofNullable(a.srcDns),
                Optional.ofNullable(a.dstDns), port(a.hasSrcPort, a.srcLo, a.srcHi, a.srcNeg),
                port(a.hasDstPort, a.dstLo, a.dstHi, a.dstNeg),
                a.initiated == CompiledAce.INIT_NONE ? Optional.empty()
                        : Optional.of(a.initiated == CompiledAce.INIT_BY_DEVICE ? Direction.FROM_DEVICE
                        : Direction.TO_DEVICE),
                opt(a.icmpType), opt(a.icmpCode),
                Arrays.stream(a.remote).map(r -> new RemoteSet(r.label(), r.hosts(), List.of(r.prefixes()))).toList(),
                Optional.ofNullable(a.neverReason));
    }

    private static OptionalInt opt(int v) {
        return v < 0 ? OptionalInt.empty() : OptionalInt.of(v);
    }

    private static Optional<PortMatch> port(boolean has, int lo, int hi, boolean neg) {
        if (!has) {
            return Optional.empty();
        }
        return Optional.of(neg ? new PortMatch(PortMatch.Operator.NEQ, lo, hi) : PortMatch.range(lo, hi));
    }
}
