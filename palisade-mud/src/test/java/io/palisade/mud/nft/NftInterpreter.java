package io.palisade.mud.nft;

import io.palisade.mud.model.Direction;
import io.palisade.mud.net.Cidr;
import io.palisade.mud.net.IpAddress;
import io.palisade.mud.policy.Flow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A test-only interpreter of the subset of nftables syntax that {@link NftablesExporter} emits, to compare the
 * ruleset's decisions with the engine's on the same flows. It evaluates the {@code from_device} / {@code to_device}
 * chains rule by rule as the kernel would for the first packet of the flow ({@code ct direction original} when the
 * flow's source opened the connection, {@code reply} otherwise). Anything it does not understand fails the test.
 */
final class NftInterpreter {
    /** A decision: accept or not, and the rule comment ("acl/ace", or "default deny"). */
    record Decision(boolean accept, String comment) {
    }

    private final IpAddress device;
    private final Map<String, Set<IpAddress>> sets = new HashMap<>();
    private final Map<String, List<List<String>>> chains = new HashMap<>();

    NftInterpreter(String ruleset, IpAddress device) {
        this.device = device;
        String chain = null;
        String set = null;
        for (String raw : ruleset.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("set ")) {
                set = line.split(" ")[1];
                sets.put(set, new HashSet<>());
            } else if (line.startsWith("chain ")) {
                chain = line.split(" ")[1];
                chains.put(chain, new ArrayList<>());
            } else if (line.equals("}")) {
                if (set != null) {
                    set = null;
                } else {
                    chain = null;
                }
            } else if (set != null && line.startsWith("elements = {")) {
                for (String a : line.substring(12, line.lastIndexOf('}')).split(",")) {
                    sets.get(set).add(IpAddress.of(a.strip()));
                }
            } else if (chain != null && !line.startsWith("type ")) {
                chains.get(chain).add(tokens(line));
            }
        }
    }

    private static List<String> tokens(String rule) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < rule.length()) {
            char c = rule.charAt(i);
            if (c == ' ') {
                i++;
            } else if (c == '"') {
                int end = rule.indexOf('"', i + 1);
                out.add(rule.substring(i + 1, end));
                i = end + 1;
            } else if (c == '{') {
                int end = rule.indexOf('}', i);
                out.add(rule.substring(i, end + 1));
                i = end + 1;
            } else {
                int end = rule.indexOf(' ', i);
                end = end < 0 ? rule.length() : end;
                out.add(rule.substring(i, end));
                i = end;
            }
        }
        return out;
    }

    Decision decide(Flow f) {
        if (f.initiator() == Flow.Initiator.UNKNOWN) {
            throw new IllegalArgumentException("nftables always knows the conntrack direction");
        }
        String chain = f.src().equals(device) ? "from_device" : f.dst().equals(device) ? "to_device" : null;
        if (chain == null || !chains.containsKey(chain)) {
            throw new IllegalArgumentException("flow does not involve the device");
        }
        for (List<String> rule : chains.get(chain)) {
            Decision d = apply(rule, f);
            if (d != null) {
                return d;
            }
        }
        throw new IllegalStateException("chain " + chain + " has no final rule");
    }

    /** The decision if every condition of the rule holds, else null. */
    private Decision apply(List<String> t, Flow f) {
        Boolean verdict = null;
        String comment = null;
        for (int i = 0; i < t.size(); i++) {
            String w = t.get(i);
            switch (w) {
                case "meta" -> {
                    expect(t.get(i + 1), "l4proto");
                    if (protocol(t.get(i + 2)) != f.protocol()) {
                        return null;
                    }
                    i += 2;
                }
                case "ip", "ip6" -> {
                    if (f.v6() != w.equals("ip6")) {
                        return null;
                    }
                    IpAddress a = switch (t.get(i + 1)) {
                        case "saddr" -> f.src();
                        case "daddr" -> f.dst();
                        default -> throw new IllegalStateException("unknown " + t.get(i + 1));
                    };
                    if (!addressIn(t.get(i + 2), a)) {
                        return null;
                    }
                    i += 2;
                }
                case "tcp", "udp" -> {
                    if (f.protocol() != (w.equals("tcp") ? 6 : 17)) {
                        return null;
                    }
                    int port = switch (t.get(i + 1)) {
                        case "sport" -> f.srcPort();
                        case "dport" -> f.dstPort();
                        default -> throw new IllegalStateException("unknown " + t.get(i + 1));
                    };
                    boolean negate = t.get(i + 2).equals("!=");
                    String spec = t.get(negate ? i + 3 : i + 2);
                    String[] range = spec.split("-");
                    int lo = Integer.parseInt(range[0]);
                    int hi = Integer.parseInt(range[range.length - 1]);
                    if ((port >= lo && port <= hi) == negate) {
                        return null;
                    }
                    i += negate ? 3 : 2;
                }
                case "ct" -> {
                    expect(t.get(i + 1), "direction");
                    boolean original = f.initiator() == Flow.Initiator.SRC;
                    if (original != t.get(i + 2).equals("original")) {
                        return null;
                    }
                    i += 2;
                }
                case "icmp", "icmpv6" -> {
                    if (f.protocol() != (w.equals("icmp") ? 1 : 58)) {
                        return null;
                    }
                    int want = Integer.parseInt(t.get(i + 2));
                    int have = t.get(i + 1).equals("type") ? f.icmpType() : f.icmpCode();
                    if (want != have) {
                        return null;
                    }
                    i += 2;
                }
                case "counter" -> { }
                case "accept" -> verdict = true;
                case "drop", "reject" -> verdict = false;
                case "comment" -> comment = t.get(++i);
                default -> throw new IllegalStateException("unknown token '" + w + "' in " + t);
            }
        }
        if (verdict == null) {
            throw new IllegalStateException("rule without verdict: " + t);
        }
        return new Decision(verdict, comment);
    }

    private boolean addressIn(String spec, IpAddress a) {
        if (spec.startsWith("@")) {
            return sets.get(spec.substring(1)).contains(a);
        }
        if (spec.startsWith("{")) {
            for (String e : spec.substring(1, spec.length() - 1).split(",")) {
                if (matchesOne(e.strip(), a)) {
                    return true;
                }
            }
            return false;
        }
        return matchesOne(spec, a);
    }

    private static boolean matchesOne(String e, IpAddress a) {
        return e.contains("/") ? Cidr.parse(e).contains(a) : IpAddress.of(e).equals(a);
    }

    private static int protocol(String p) {
        return switch (p) {
            case "icmp" -> 1;
            case "tcp" -> 6;
            case "udp" -> 17;
            case "ipv6-icmp" -> 58;
            default -> Integer.parseInt(p);
        };
    }

    private static void expect(String got, String want) {
        if (!got.equals(want)) {
            throw new IllegalStateException("expected " + want + ", got " + got);
        }
    }

    /** Direction of the chain a flow goes through. */
    Direction direction(Flow f) {
        return f.src().equals(device) ? Direction.FROM_DEVICE : Direction.TO_DEVICE;
    }
}
