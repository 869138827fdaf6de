package io.palisade.mud.policy;

import com.fasterxml.jackson.databind.JsonNode;
import io.palisade.mud.DnsNames;
import io.palisade.mud.Json;
import io.palisade.mud.MudException;
import io.palisade.mud.net.IpAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * Parses one flow record (one JSON object, e.g. a line of a JSON Lines file):
 * <pre>{"src": "10.0.0.2", "sport": 51000, "dst": "203.0.113.5", "dport": 443, "proto": "tcp",
 *  "src_name": null, "dst_name": "api.example.com", "initiator": "src"}</pre>
 * {@code src}, {@code dst} (IP literals) and {@code proto} (name such as tcp, udp, icmp, icmpv6, or number 0..255)
 * are required; {@code sport}/{@code dport} (0..65535), {@code src_name}/{@code dst_name} (DNS names),
 * {@code initiator} ({@code "src"}, {@code "dst"} or null), {@code icmp_type}/{@code icmp_code} (0..255) are
 * optional and may be null; other members are ignored. A line is at most {@link #MAX_LINE_BYTES} bytes.
 */
public final class FlowParser {
    public static final int MAX_LINE_BYTES = 16 * 1024;

    private static final Map<String, Integer> PROTOCOLS = Map.ofEntries(
            Map.entry("icmp", 1), Map.entry("igmp", 2), Map.entry("tcp", 6), Map.entry("udp", 17),
            Map.entry("gre", 47), Map.entry("esp", 50), Map.entry("ah", 51), Map.entry("icmpv6", 58),
            Map.entry("ipv6-icmp", 58), Map.entry("icmp6", 58), Map.entry("sctp", 132));

    private FlowParser() {
    }

    public static Flow parse(String line) throws MudException {
        if (line == null) {
            throw new MudException("$", "flow record is missing");
        }
        if (line.length() > MAX_LINE_BYTES || line.getBytes(StandardCharsets.UTF_8).length > MAX_LINE_BYTES) {
            throw new MudException("$", "flow record longer than " + MAX_LINE_BYTES + " bytes");
        }
        JsonNode n = Json.readText(line, "flow record");
        if (!n.isObject()) {
            throw new MudException("$", "flow record must be a JSON object");
        }
        IpAddress src = address(n, "src");
        IpAddress dst = address(n, "dst");
        if (src.v6() != dst.v6()) {
            throw new MudException("$", "src and dst are of different IP versions");
        }
        int proto = protocol(n.get("proto"));
        int sport = optInt(n, "sport", 65535);
        int dport = optInt(n, "dport", 65535);
        String srcName = name(n, "src_name");
        String dstName = name(n, "dst_name");
        Flow.Initiator initiator = Flow.Initiator.UNKNOWN;
        JsonNode i = n.get("initiator");
        if (i != null && !i.isNull()) {
            if (!i.isTextual() || !(i.textValue().equals("src") || i.textValue().equals("dst"))) {
                throw new MudException("$.initiator", "initiator must be \"src\", \"dst\" or null");
            }
            initiator = i.textValue().equals("src") ? Flow.Initiator.SRC : Flow.Initiator.DST;
        }
        return new Flow(src, sport, dst, dport, proto, srcName, dstName, initiator, optInt(n, "icmp_type", 255),
                optInt(n, "icmp_code", 255));
    }

    private static IpAddress address(JsonNode n, String key) throws MudException {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            throw new MudException("$." + key, "required member '" + key + "' is missing");
        }
        if (!v.isTextual()) {
            throw new MudException("$." + key, key + " must be an IP address string");
        }
        return IpAddress.parse(v.textValue()).orElseThrow(() -> new MudException("$." + key,
                key + " is not an IP address literal: '" + abbreviate(v.textValue()) + "'"));
    }

    private static int protocol(JsonNode v) throws MudException {
        if (v == null || v.isNull()) {
            throw new MudException("$.proto", "required member 'proto' is missing");
        }
        if (v.isIntegralNumber()) {
            if (!v.canConvertToInt() || v.intValue() < 0 || v.intValue() > 255) {
                throw new MudException("$.proto", "protocol number out of range 0..255");
            }
            return v.intValue();
        }
        if (v.isTextual()) {
            Integer p = PROTOCOLS.get(v.textValue().toLowerCase(Locale.ROOT));
            if (p != null) {
                return p;
            }
            String s = v.textValue();
            if (!s.isEmpty() && s.length() <= 3 && s.chars().allMatch(c -> c >= '0' && c <= '9')
                    && Integer.parseInt(s) <= 255) {
                return Integer.parseInt(s);
            }
            throw new MudException("$.proto", "unknown protocol '" + abbreviate(s) + "'");
        }
        throw new MudException("$.proto", "proto must be a protocol name or number");
    }

    private static int optInt(JsonNode n, String key, int max) throws MudException {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            return -1;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < 0 || v.intValue() > max) {
            throw new MudException("$." + key, key + " must be an integer 0.." + max);
        }
        return v.intValue();
    }

    private static String name(JsonNode n, String key) throws MudException {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new MudException("$." + key, key + " must be a DNS name string or null");
        }
        return DnsNames.normalize(v.textValue()).orElseThrow(() -> new MudException("$." + key,
                key + " is not a valid DNS name: '" + abbreviate(v.textValue()) + "'"));
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
