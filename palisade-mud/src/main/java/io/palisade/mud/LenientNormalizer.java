package io.palisade.mud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.palisade.mud.net.IpAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Rewrites the pre-RFC draft shapes of MUD files seen in the wild into the RFC 8520 / RFC 8519 shape, recording
 * each change as {@code "<json path>: <change>"}. It only touches values of the expected JSON type; anything else
 * is left for the strict reader to reject. Normalizations:
 * <ul>
 * <li>{@code ietf-access-control-list:access-lists} → {@code ietf-access-control-list:acls};</li>
 * <li>ACL {@code acl-type} → {@code type}; {@code access-list-entries} → {@code aces}; type names
 * {@code ethernet-acl-type}, {@code ipv4}, {@code ipv6}, {@code eth} → the RFC 8519 identities;</li>
 * <li>ACE {@code rule-name} → {@code name}; duplicate ACE names in one ACL get a {@code #n} suffix;</li>
 * <li>{@code ipv4-acl} / {@code ipv6-acl} → {@code ipv4} / {@code ipv6}; draft
 * {@code source-/destination-port-range-or-operator} inside them move to {@code tcp}/{@code udp} by protocol;</li>
 * <li>unqualified {@code direction-initiated} → {@code ietf-mud:direction-initiated};</li>
 * <li>networks without prefix length get /32 or /128; an ipv6 match holding only IPv4 networks becomes ipv4;</li>
 * <li>ethertype written as a hex string ({@code "0x0800"}) → number; integers written as strings → numbers;</li>
 * <li>{@code last-update} without zone offset → UTC; {@code systeminfo} over 60 characters → truncated;</li>
 * <li>a port match with both an operator (and port) and a complete range → the range;</li>
 * <li>{@code same-manufacturer} / {@code local-networks} / {@code my-controller} written as {@code []},
 * {@code true} or {@code {}} → {@code [null]}.</li>
 * </ul>
 */
final class LenientNormalizer {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final List<String> notes;

    private LenientNormalizer(List<String> notes) {
        this.notes = notes;
    }

    static void normalize(ObjectNode root, List<String> notes) {
        new LenientNormalizer(notes).root(root);
    }

    private void note(String path, String what) {
        notes.add(path + ": " + what);
    }

    private void rename(ObjectNode obj, String from, String to, String path) {
        if (obj.has(from) && !obj.has(to)) {
            obj.set(to, obj.remove(from));
            note(Nodes.child(path, from), "renamed to '" + to + "'");
        }
    }

    private void root(ObjectNode root) {
        rename(root, "ietf-access-control-list:access-lists", "ietf-access-control-list:acls", "$");
        if (root.get("ietf-mud:mud") instanceof ObjectNode mud) {
            mud(mud, "$.ietf-mud:mud");
        }
        if (root.get("ietf-access-control-list:acls") instanceof ObjectNode acls
                && acls.get("acl") instanceof ArrayNode arr) {
            mergeDuplicateAcls(arr);
            for (int i = 0; i < arr.size(); i++) {
                if (arr.get(i) instanceof ObjectNode acl) {
                    acl(acl, Nodes.index("$.ietf-access-control-list:acls.acl", i));
                }
            }
        }
    }

    /** A duplicated ACL name (seen in generated files) is merged: its ACEs are appended to the first definition. */
    private void mergeDuplicateAcls(ArrayNode arr) {
        Map<String, ObjectNode> first = new HashMap<>();
        for (int i = 0; i < arr.size(); i++) {
            if (!(arr.get(i) instanceof ObjectNode acl) || !(acl.get("name") instanceof JsonNode n) || !n.isTextual()) {
                continue;
            }
            ObjectNode earlier = first.putIfAbsent(n.textValue(), acl);
            if (earlier != null && aceArray(earlier) instanceof ArrayNode target
                    && aceArray(acl) instanceof ArrayNode extra
                    && java.util.Objects.equals(earlier.get("type"), acl.get("type"))) {
                target.addAll(extra);
                arr.remove(i);
                note(Nodes.index("$.ietf-access-control-list:acls.acl", i), "duplicate ACL '" + n.textValue()
                        + "' merged into its first definition (" + extra.size() + " ACEs appended)");
                i--;
            }
        }
    }

    private static JsonNode aceArray(ObjectNode acl) {
        JsonNode aces = acl.has("aces") ? acl.get("aces") : acl.get("access-list-entries");
        return aces instanceof ObjectNode o ? o.get("ace") : null;
    }

    private void mud(ObjectNode mud, String path) {
        intFromString(mud, "mud-version", path);
        intFromString(mud, "cache-validity", path);
        JsonNode lu = mud.get("last-update");
        if (lu != null && lu.isTextual() && isLocalDateTime(lu.textValue())) {
            mud.put("last-update", lu.textValue() + "Z");
            note(Nodes.child(path, "last-update"), "timestamp without zone offset, assumed UTC");
        }
        JsonNode si = mud.get("systeminfo");
        if (si != null && si.isTextual()) {
            String s = si.textValue();
            int len = s.codePointCount(0, s.length());
            if (len > 60) {
                mud.put("systeminfo", s.substring(0, s.offsetByCodePoints(0, 60)));
                note(Nodes.child(path, "systeminfo"), "truncated from " + len + " to 60 characters");
            }
        }
    }

    private static boolean isLocalDateTime(String s) {
        try {
            java.time.LocalDateTime.parse(s);
            return true;
        } catch (java.time.format.DateTimeParseException e) {
            return false;
        }
    }

    private void acl(ObjectNode acl, String path) {
        rename(acl, "acl-type", "type", path);
        rename(acl, "access-list-entries", "aces", path);
        JsonNode type = acl.get("type");
        if (type != null && type.isTextual()) {
            String t = type.textValue();
            String fixed = switch (t) {
                case "ethernet-acl-type", "eth", "ethernet" -> "eth-acl-type";
                case "ipv4" -> "ipv4-acl-type";
                case "ipv6" -> "ipv6-acl-type";
                default -> null;
            };
            if (fixed != null) {
                acl.put("type", fixed);
                note(Nodes.child(path, "type"), "ACL type '" + t + "' read as '" + fixed + "'");
            }
        }
        if (acl.get("aces") instanceof ObjectNode aces && aces.get("ace") instanceof ArrayNode arr) {
            Map<String, Integer> seen = new HashMap<>();
            for (int i = 0; i < arr.size(); i++) {
                String ap = Nodes.index(Nodes.child(path, "aces.ace"), i);
                if (arr.get(i) instanceof ObjectNode ace) {
                    rename(ace, "rule-name", "name", ap);
                    JsonNode name = ace.get("name");
                    if (name != null && name.isTextual()) {
                        int n = seen.merge(name.textValue(), 1, Integer::sum);
                        if (n > 1) {
                            String unique = name.textValue() + "#" + n;
                            ace.put("name", unique);
                            note(Nodes.child(ap, "name"), "duplicate ACE name '" + name.textValue() + "' renamed to '"
                                    + unique + "'");
                        }
                    }
                    if (ace.get("matches") instanceof ObjectNode matches) {
                        matches(matches, Nodes.child(ap, "matches"));
                    }
                }
            }
        }
    }

    private void matches(ObjectNode m, String path) {
        rename(m, "ipv4-acl", "ipv4", path);
        rename(m, "ipv6-acl", "ipv6", path);
        if (m.get("ipv6") instanceof ObjectNode v6 && !m.has("ipv4") && onlyIpv4Networks(v6)) {
            ObjectNode v4 = F.objectNode();
            v6.properties().forEach(e -> v4.set(e.getKey()
                    .replace("source-ipv6-network", "source-ipv4-network")
                    .replace("destination-ipv6-network", "destination-ipv4-network"), e.getValue()));
            m.remove("ipv6");
            m.set("ipv4", v4);
            note(Nodes.child(path, "ipv6"), "holds only IPv4 networks, read as an ipv4 match");
        }
        for (String fam : new String[] {"ipv4", "ipv6"}) {
            if (m.get(fam) instanceof ObjectNode ip) {
                String ipPath = Nodes.child(path, fam);
                intFromString(ip, "protocol", ipPath);
                for (String side : new String[] {"source", "destination"}) {
                    for (String f : new String[] {"ipv4", "ipv6"}) {
                        addPrefix(ip, side + "-" + f + "-network", ipPath);
                    }
                    moveDraftPort(m, ip, side, ipPath);
                }
            }
        }
        for (String l4 : new String[] {"tcp", "udp"}) {
            if (m.get(l4) instanceof ObjectNode o) {
                String lp = Nodes.child(path, l4);
                if (l4.equals("tcp")) {
                    rename(o, "direction-initiated", "ietf-mud:direction-initiated", lp);
                }
                for (String side : new String[] {"source-port", "destination-port"}) {
                    if (o.get(side) instanceof ObjectNode p) {
                        for (String k : new String[] {"port", "lower-port", "upper-port"}) {
                            intFromString(p, k, Nodes.child(lp, side));
                        }
                        operatorAndRange(p, Nodes.child(lp, side));
                    }
                }
            }
        }
        if (m.get("icmp") instanceof ObjectNode icmp) {
            intFromString(icmp, "type", Nodes.child(path, "icmp"));
            intFromString(icmp, "code", Nodes.child(path, "icmp"));
        }
        if (m.get("eth") instanceof ObjectNode eth) {
            JsonNode et = eth.get("ethertype");
            if (et != null && et.isTextual() && EtherTypes.byName(et.textValue()) == null) {
                Optional<Integer> v = parseNumber(et.textValue());
                if (v.isPresent() && v.get() <= 0xFFFF) {
                    eth.put("ethertype", v.get().intValue());
                    note(Nodes.child(path, "eth.ethertype"), "ethertype string '" + et.textValue() + "' read as "
                            + v.get());
                }
            }
        }
        if (m.get("ietf-mud:mud") instanceof ObjectNode mud) {
            for (String k : new String[] {"same-manufacturer", "local-networks", "my-controller"}) {
                JsonNode v = mud.get(k);
                boolean emptyish = v != null && (v.isArray() && v.isEmpty() || v.isBoolean() && v.booleanValue()
                        || v.isObject() && v.isEmpty());
                if (emptyish) {
                    mud.set(k, F.arrayNode().add(F.nullNode()));
                    note(Nodes.child(path, "ietf-mud:mud." + k), "empty value " + v + " read as [null]");
                }
            }
        }
    }

    private static boolean onlyIpv4Networks(ObjectNode v6) {
        boolean any = false;
        for (String k : new String[] {"source-ipv6-network", "destination-ipv6-network"}) {
            JsonNode n = v6.get(k);
            if (n == null) {
                continue;
            }
            if (!n.isTextual() || n.textValue().indexOf(':') >= 0) {
                return false;
            }
            any = true;
        }
        return any;
    }

    private void addPrefix(ObjectNode ip, String key, String path) {
        JsonNode n = ip.get(key);
        if (n != null && n.isTextual() && n.textValue().indexOf('/') < 0) {
            Optional<IpAddress> a = IpAddress.parse(n.textValue());
            if (a.isPresent()) {
                String fixed = n.textValue() + (a.get().v6() ? "/128" : "/32");
                ip.put(key, fixed);
                note(Nodes.child(path, key), "address without prefix length read as " + fixed);
            }
        }
    }

    private void moveDraftPort(ObjectNode m, ObjectNode ip, String side, String ipPath) {
        String draftKey = side + "-port-range-or-operator";
        if (!(ip.get(draftKey) instanceof ObjectNode port)) {
            return;
        }
        JsonNode proto = ip.get("protocol");
        String l4 = proto != null && proto.isIntegralNumber() ? switch (proto.intValue()) {
            case 6 -> "tcp";
            case 17 -> "udp";
            default -> null;
        } : null;
        if (l4 == null) {
            return;
        }
        ObjectNode target = m.get(l4) instanceof ObjectNode o ? o : m.putObject(l4);
        if (target.has(side + "-port")) {
            return;
        }
        ip.remove(draftKey);
        ObjectNode p = target.putObject(side + "-port");
        port.properties().forEach(e -> p.set(e.getKey(), e.getValue()));
        note(Nodes.child(ipPath, draftKey), "moved to " + l4 + "." + side + "-port");
    }

    /**
     * Some generators write a port match with both an operator (and port) and a complete range; RFC 8519 makes
     * these alternatives (a YANG choice). The range is the more specific statement of what is allowed, so it is
     * kept and the operator dropped, with a note. A partial range is left for the strict reader to refuse.
     */
    private void operatorAndRange(ObjectNode port, String path) {
        if (!(port.has("operator") || port.has("port")) || !port.has("lower-port") || !port.has("upper-port")) {
            return;
        }
        JsonNode lo = port.get("lower-port");
        JsonNode hi = port.get("upper-port");
        if (!lo.isIntegralNumber() || !hi.isIntegralNumber()) {
            return;
        }
        String dropped = (port.has("operator") ? "operator " + port.get("operator") : "")
                + (port.has("operator") && port.has("port") ? " " : "") + (port.has("port") ? "port " + port.get("port") : "");
        port.remove("operator");
        port.remove("port");
        note(path, "port match has both an operator and a range: normalized to the range " + lo.asText() + ".."
                + hi.asText() + " (dropped " + dropped + ")");
    }

    private void intFromString(ObjectNode obj, String key, String path) {
        JsonNode n = obj.get(key);
        if (n != null && n.isTextual()) {
            Optional<Integer> v = parseNumber(n.textValue());
            if (v.isPresent()) {
                obj.put(key, v.get().intValue());
                note(Nodes.child(path, key), "number written as string '" + n.textValue() + "' read as " + v.get());
            }
        }
    }

    /** Decimal or 0x-hex, up to 8 digits. */
    private static Optional<Integer> parseNumber(String s) {
        boolean hex = s.startsWith("0x") || s.startsWith("0X");
        String digits = hex ? s.substring(2) : s;
        if (digits.isEmpty() || digits.length() > 8) {
            return Optional.empty();
        }
        int radix = hex ? 16 : 10;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            boolean ok = c >= '0' && c <= '9' || hex && (c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F');
            if (!ok) {
                return Optional.empty();
            }
        }
        long v = Long.parseLong(digits, radix);
        return v > Integer.MAX_VALUE ? Optional.empty() : Optional.of((int) v);
    }
}
