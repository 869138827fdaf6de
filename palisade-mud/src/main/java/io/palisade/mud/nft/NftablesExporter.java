package io.palisade.mud.nft;

import io.palisade.mud.model.Direction;
import io.palisade.mud.model.Forwarding;
import io.palisade.mud.model.PortMatch;
import io.palisade.mud.net.Cidr;
import io.palisade.mud.net.IpAddress;
import io.palisade.mud.policy.AceView;
import io.palisade.mud.policy.CompiledPolicy;
import io.palisade.mud.policy.DnsCache;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Renders a {@link CompiledPolicy} as an nftables ruleset (text for {@code nft -f}) for one device: a table
 * {@code inet palisade_mud_<address>} with a chain {@code from_device} and a chain {@code to_device} holding one
 * rule per ACE in evaluation order and a final default-deny {@code drop}, and a base chain {@code forward}
 * (hook forward) jumping into them for the device's traffic.
 *
 * <p>Mapping: networks → {@code ip[6] saddr/daddr}; abstractions → anonymous address sets on the remote side;
 * DNS names → named sets {@code dns_<n>_v4|v6} ({@code flags timeout}) pre-filled with the cache's current answers,
 * for a DNS snooper to keep up to date ({@code nft add element inet <table> dns_0_v4 '{ 192.0.2.1 timeout 300s }'});
 * ports → {@code tcp|udp sport|dport} (ranges, {@code !=}); {@code direction-initiated} → {@code ct direction
 * original|reply}; ICMP type/code → {@code icmp}/{@code icmpv6}. Entries that cannot match the device's address
 * family or can never match are emitted as comments. Matching by the flow's own DNS names has no nftables
 * equivalent: only the sets are used.
 */
public final class NftablesExporter {
    private NftablesExporter() {
    }

    /** Table name for a device address: {@code palisade_mud_} + the address with separators replaced. */
    public static String tableName(IpAddress device) {
        return "palisade_mud_" + device.toString().replace('.', '_').replace(':', '_');
    }

    public static String export(CompiledPolicy policy, DnsCache dns) {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(dns, "dns");
        IpAddress device = policy.device();
        boolean v6 = device.v6();
        String ip = v6 ? "ip6" : "ip";
        Map<String, String> dnsSets = new LinkedHashMap<>();
        for (Direction d : Direction.values()) {
            for (AceView a : policy.entries(d)) {
                a.sourceDnsName().ifPresent(n -> dnsSets.computeIfAbsent(n, k -> "dns_" + dnsSets.size()
                        + (v6 ? "_v6" : "_v4")));
                a.destinationDnsName().ifPresent(n -> dnsSets.computeIfAbsent(n, k -> "dns_" + dnsSets.size()
                        + (v6 ? "_v6" : "_v4")));
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append("# MUD policy for ").append(device).append(" from ").append(comment(policy.mudUrl().toString()))
                .append('\n');
        sb.append("table inet ").append(tableName(device)).append(" {\n");
        for (var e : dnsSets.entrySet()) {
            sb.append("    set ").append(e.getValue()).append(" {\n");
            sb.append("        type ").append(v6 ? "ipv6_addr" : "ipv4_addr").append("; flags timeout;\n");
            sb.append("        comment \"").append(comment(e.getKey())).append("\"\n");
            List<String> current = dns.resolve(e.getKey()).stream().filter(a -> a.v6() == v6)
                    .map(IpAddress::toString).sorted().toList();
            if (!current.isEmpty()) {
                sb.append("        elements = { ").append(String.join(", ", current)).append(" }\n");
            }
            sb.append("    }\n");
        }
        for (Direction d : Direction.values()) {
            boolean from = d == Direction.FROM_DEVICE;
            sb.append("    chain ").append(from ? "from_device" : "to_device").append(" {\n");
            for (AceView a : policy.entries(d)) {
                sb.append("        ").append(rule(a, from, v6, ip, device, dnsSets)).append('\n');
            }
            sb.append("        counter drop comment \"default deny\"\n");
            sb.append("    }\n");
        }
        sb.append("    chain forward {\n");
        sb.append("        type filter hook forward priority filter; policy accept;\n");
        sb.append("        ").append(ip).append(" saddr ").append(device).append(" jump from_device\n");
        sb.append("        ").append(ip).append(" daddr ").append(device).append(" jump to_device\n");
        sb.append("    }\n");
        sb.append("}\n");
        return sb.toString();
    }

    private static String rule(AceView a, boolean from, boolean v6, String ip, IpAddress device,
                               Map<String, String> dnsSets) {
        String label = comment(a.acl() + "/" + a.ace());
        if (a.neverMatchesReason().isPresent()) {
            return "# " + label + ": never matches (" + comment(a.neverMatchesReason().get()) + ")";
        }
        if (a.family() == 4 && v6 || a.family() == 6 && !v6) {
            return "# " + label + ": IPv" + a.family() + " entry, not applicable to " + device;
        }
        if (a.ethertype().isPresent() && a.ethertype().getAsInt() != (v6 ? 0x86DD : 0x0800)) {
            return "# " + label + ": ethertype 0x" + Integer.toHexString(a.ethertype().getAsInt())
                    + " does not carry IPv" + (v6 ? 6 : 4);
        }
        List<String> parts = new ArrayList<>();
        OptionalInt proto = v6 ? a.protocolV6() : a.protocolV4();
        proto.ifPresent(p -> parts.add("meta l4proto " + protocol(p)));
        a.sourceNetwork().ifPresent(c -> parts.add(ip + " saddr " + c));
        a.destinationNetwork().ifPresent(c -> parts.add(ip + " daddr " + c));
        a.sourceDnsName().ifPresent(n -> parts.add(ip + " saddr @" + dnsSets.get(n)));
        a.destinationDnsName().ifPresent(n -> parts.add(ip + " daddr @" + dnsSets.get(n)));
        for (AceView.RemoteSet r : a.remoteSets()) {
            List<String> members = members(r, v6);
            if (members.isEmpty()) {
                return "# " + label + ": " + comment(r.label()) + " has no IPv" + (v6 ? 6 : 4) + " address";
            }
            parts.add(ip + (from ? " daddr " : " saddr ") + "{ " + String.join(", ", members) + " }");
        }
        String l4 = proto.isPresent() && proto.getAsInt() == 6 ? "tcp"
                : proto.isPresent() && proto.getAsInt() == 17 ? "udp" : null;
        if (l4 != null) {
            a.sourcePort().ifPresent(p -> parts.add(l4 + " sport " + port(p)));
            a.destinationPort().ifPresent(p -> parts.add(l4 + " dport " + port(p)));
        }
        a.initiatedBy().ifPresent(by -> {
            boolean original = from == (by == Direction.FROM_DEVICE);
            parts.add("ct direction " + (original ? "original" : "reply"));
        });
        String icmp = v6 ? "icmpv6" : "icmp";
        a.icmpType().ifPresent(t -> parts.add(icmp + " type " + t));
        a.icmpCode().ifPresent(c -> parts.add(icmp + " code " + c));
        parts.add("counter");
        parts.add(a.forwarding() == Forwarding.ACCEPT ? "accept" : a.forwarding() == Forwarding.REJECT ? "reject"
                : "drop");
        parts.add("comment \"" + label + "\"");
        return String.join(" ", parts);
    }

    private static List<String> members(AceView.RemoteSet r, boolean v6) {
        List<String> out = new ArrayList<>();
        List<Cidr> prefixes = r.prefixes().stream().filter(c -> c.v6() == v6).toList();
        prefixes.forEach(c -> out.add(c.toString()));
        Set<IpAddress> hosts = r.hosts();
        hosts.stream().filter(h -> h.v6() == v6)
                .filter(h -> prefixes.stream().noneMatch(c -> c.contains(h)))
                .map(IpAddress::toString).sorted().forEach(out::add);
        return out;
    }

    private static String port(PortMatch p) {
        if (p.negate()) {
            return "!= " + p.lower();
        }
        return p.lower() == p.upper() ? Integer.toString(p.lower()) : p.lower() + "-" + p.upper();
    }

    private static String protocol(int p) {
        return switch (p) {
            case 1 -> "icmp";
            case 6 -> "tcp";
            case 17 -> "udp";
            case 58 -> "ipv6-icmp";
            default -> Integer.toString(p);
        };
    }

    /** Text safe inside an nftables comment string / a shell-free line comment. */
    static String comment(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && sb.length() < 120; i++) {
            char c = s.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-_./:#() ,".indexOf(c) >= 0;
            sb.append(ok ? c : '_');
        }
        return sb.toString();
    }
}
