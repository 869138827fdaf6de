package io.palisade.mud;

import static io.palisade.mud.Nodes.array;
import static io.palisade.mud.Nodes.child;
import static io.palisade.mud.Nodes.index;
import static io.palisade.mud.Nodes.integer;
import static io.palisade.mud.Nodes.object;
import static io.palisade.mud.Nodes.optInteger;
import static io.palisade.mud.Nodes.optString;
import static io.palisade.mud.Nodes.required;
import static io.palisade.mud.Nodes.string;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.palisade.mud.MudException.Code;
import io.palisade.mud.model.Ace;
import io.palisade.mud.model.Acl;
import io.palisade.mud.model.AclType;
import io.palisade.mud.model.Direction;
import io.palisade.mud.model.EthMatch;
import io.palisade.mud.model.Forwarding;
import io.palisade.mud.model.IpMatch;
import io.palisade.mud.model.L4Match;
import io.palisade.mud.model.Matches;
import io.palisade.mud.model.MudMatch;
import io.palisade.mud.model.MudProfile;
import io.palisade.mud.model.PortMatch;
import io.palisade.mud.net.Cidr;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Parses RFC 8520 MUD files (the {@code ietf-mud:mud} container and the RFC 8519 {@code ietf-access-control-list:acls}
 * with the {@code ietf-acldns} and {@code ietf-mud} match augmentations) into a {@link MudProfile}.
 *
 * <p>Limits: at most {@link #MAX_BYTES} bytes, nesting depth {@link Json#MAX_DEPTH}, strict UTF-8, no duplicate
 * member names. Every error is a {@link MudException} naming the JSON path. In {@link ParseMode#STRICT} only the
 * RFC shape is accepted; unknown members fail unless they belong to a foreign YANG module (a {@code prefix:} that
 * is not ietf-mud, ietf-access-control-list or ietf-acldns), which are ignored and reported. In
 * {@link ParseMode#LENIENT} the pre-RFC draft shapes are first normalized (see {@link LenientNormalizer}); error
 * paths then refer to the normalized member names.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class MudParser {
    /** Size limit of a MUD file: 1 MiB. */
    public static final int MAX_BYTES = 1 << 20;
    /** Maximum number of ACLs, and of ACEs per ACL. */
    public static final int MAX_ENTRIES = 1000;

    private static final Set<String> OWN_MODULES = Set.of("ietf-mud", "ietf-access-control-list", "ietf-acldns");
    private static final Set<String> UNSUPPORTED = Set.of("dscp", "ecn", "length", "ttl", "ihl", "flags", "offset",
            "identification", "flow-label", "sequence-number", "acknowledgement-number", "data-offset", "reserved",
            "window-size", "urgent-pointer", "options", "rest-of-header", "egress-interface", "ingress-interface",
            "source-network", "destination-network", "ietf-acldns:src-dnsname-set");

    private final ParseMode mode;

    public MudParser(ParseMode mode) {
        this.mode = java.util.Objects.requireNonNull(mode, "mode");
    }

    public static MudParser strict() {
        return new MudParser(ParseMode.STRICT);
    }

    public static MudParser lenient() {
        return new MudParser(ParseMode.LENIENT);
    }

    public ParseMode mode() {
        return mode;
    }

    /** Parses the exact bytes of a MUD file. */
    public MudParseResult parse(byte[] bytes) throws MudException {
        List<String> normalizations = new ArrayList<>();
        if (bytes != null && bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB
                && (bytes[2] & 0xFF) == 0xBF) {
            if (mode == ParseMode.STRICT) {
                throw new MudException(Code.MALFORMED_JSON, "$",
                        "MUD file starts with a UTF-8 byte order mark (not allowed by RFC 8259)");
            }
            bytes = java.util.Arrays.copyOfRange(bytes, 3, bytes.length);
            normalizations.add("$: removed UTF-8 byte order mark");
        }
        JsonNode root = Json.read(bytes, MAX_BYTES, "MUD file");
        object(root, "$");
        if (mode == ParseMode.LENIENT) {
            LenientNormalizer.normalize((ObjectNode) root, normalizations);
        }
        Run run = new Run(normalizations);
        MudProfile profile = run.profile(root);
        return new MudParseResult(profile, mode, normalizations, run.ignored);
    }

    /** State of one parse. */
    private final class Run {
        final List<String> ignored = new ArrayList<>();
        final List<String> normalizations;

        Run(List<String> normalizations) {
            this.normalizations = normalizations;
        }

        void checkMembers(JsonNode obj, String path, Set<String> known) throws MudException {
            for (String key : Nodes.names(obj)) {
                if (known.contains(key)) {
                    continue;
                }
                int colon = key.indexOf(':');
                if (colon > 0 && !OWN_MODULES.contains(key.substring(0, colon))) {
                    ignored.add(child(path, key));
                    continue;
                }
                if (UNSUPPORTED.contains(key)) {
                    throw new MudException(Code.UNSUPPORTED_MEMBER, child(path, key),
                        "member '" + key + "' is valid RFC 8519 but cannot be "
                            + "evaluated on flow records and is not supported");
                }
                throw new MudException(Code.UNKNOWN_MEMBER, child(path, key),
                        "unknown member '" + Nodes.abbreviate(key) + "'"
                        + (mode == ParseMode.STRICT ? " (try lenient mode for pre-RFC MUD files)" : ""));
            }
        }

        MudProfile profile(JsonNode root) throws MudException {
            checkMembers(root, "$", Set.of("ietf-mud:mud", "ietf-access-control-list:acls"));
            String mp = "$.ietf-mud:mud";
            JsonNode mud = object(required(root, "ietf-mud:mud", "$"), mp);
            checkMembers(mud, mp, Set.of("mud-version", "mud-url", "last-update", "mud-signature", "cache-validity",
                    "is-supported", "systeminfo", "mfg-name", "model-name", "firmware-rev", "software-rev",
                    "documentation", "extensions", "from-device-policy", "to-device-policy"));
            int version = integer(required(mud, "mud-version", mp), child(mp, "mud-version"), 0, 255);
            if (version != MudProfile.MUD_VERSION) {
                throw new MudException(Code.UNSUPPORTED_MUD_VERSION, child(mp, "mud-version"),
                        "unsupported mud-version " + version
                        + " (RFC 8520 defines version 1)");
            }
            URI mudUrl = uri(required(mud, "mud-url", mp), child(mp, "mud-url"));
            if (!"https".equalsIgnoreCase(mudUrl.getScheme()) || mudUrl.getHost() == null) {
                throw new MudException(Code.BAD_MUD_URL, child(mp, "mud-url"),
                        "mud-url must be an https URL with a host (RFC 8520 §3.3)");
            }
            OffsetDateTime lastUpdate = dateTime(required(mud, "last-update", mp), child(mp, "last-update"));
            Optional<URI> signature = optUri(mud, "mud-signature", mp);
            JsonNode cvNode = mud.get("cache-validity");
            if (cvNode != null && cvNode.isIntegralNumber()
                    && (!cvNode.canConvertToInt() || cvNode.intValue() < 1 || cvNode.intValue() > 168)) {
                throw new MudException(Code.CACHE_VALIDITY_OUT_OF_RANGE, child(mp, "cache-validity"),
                        "cache-validity " + Nodes.abbreviate(cvNode.asText())
                        + " is outside the allowed range 1..168 hours");
            }
            int cacheValidity = optInteger(mud, "cache-validity", mp, 1, 168)
                    .orElse(MudProfile.DEFAULT_CACHE_VALIDITY_HOURS);
            boolean supported = Nodes.bool(required(mud, "is-supported", mp), child(mp, "is-supported"));
            Optional<String> systemInfo = optString(mud, "systeminfo", mp, MAX_BYTES);
            if (systemInfo.isPresent() && systemInfo.get().codePointCount(0, systemInfo.get().length())
                    > MudProfile.MAX_SYSTEMINFO_LENGTH) {
                throw new MudException(Code.SYSTEMINFO_TOO_LONG, child(mp, "systeminfo"), "systeminfo is "
                        + systemInfo.get().codePointCount(0, systemInfo.get().length())
                        + " characters, more than the 60 allowed by RFC 8520");
            }
            Optional<String> mfg = optString(mud, "mfg-name", mp, 255);
            Optional<String> model = optString(mud, "model-name", mp, 255);
            Optional<String> fw = optString(mud, "firmware-rev", mp, 255);
            Optional<String> sw = optString(mud, "software-rev", mp, 255);
            Optional<URI> doc = optUri(mud, "documentation", mp);
            List<String> extensions = new ArrayList<>();
            if (mud.has("extensions")) {
                String ep = child(mp, "extensions");
                JsonNode ext = array(mud.get("extensions"), ep);
                for (int i = 0; i < ext.size(); i++) {
                    extensions.add(string(ext.get(i), index(ep, i), 40));
                }
            }
            List<String> from = policy(mud, "from-device-policy", mp);
            List<String> to = policy(mud, "to-device-policy", mp);

            Map<String, Acl> acls = new LinkedHashMap<>();
            if (root.has("ietf-access-control-list:acls")) {
                acls = acls(root.get("ietf-access-control-list:acls"), "$.ietf-access-control-list:acls");
            }
            checkReferences(from, acls, child(mp, "from-device-policy"));
            checkReferences(to, acls, child(mp, "to-device-policy"));
            try {
                return new MudProfile(mudUrl, lastUpdate, signature, cacheValidity, supported, systemInfo, mfg,
                        model, fw, sw, doc, extensions, from, to, acls);
            } catch (IllegalArgumentException e) {
                throw new MudException(mp, e.getMessage());
            }
        }

        void checkReferences(List<String> names, Map<String, Acl> acls, String path) throws MudException {
            for (int i = 0; i < names.size(); i++) {
                if (!acls.containsKey(names.get(i))) {
                    throw new MudException(Code.UNKNOWN_ACL_REFERENCE,
                            index(path + ".access-lists.access-list", i) + ".name", "ACL '" + names.get(i)
                            + "' is referenced but not defined in ietf-access-control-list:acls");
                }
            }
        }

        List<String> policy(JsonNode mud, String key, String mp) throws MudException {
            List<String> names = new ArrayList<>();
            if (!mud.has(key)) {
                return names;
            }
            String pp = child(mp, key);
            JsonNode policy = object(mud.get(key), pp);
            checkMembers(policy, pp, Set.of("access-lists"));
            if (!policy.has("access-lists")) {
                return names;
            }
            String lp = child(pp, "access-lists");
            JsonNode lists = object(policy.get("access-lists"), lp);
            checkMembers(lists, lp, Set.of("access-list"));
            if (!lists.has("access-list")) {
                return names;
            }
            String ap = child(lp, "access-list");
            JsonNode arr = array(lists.get("access-list"), ap);
            if (arr.size() > MAX_ENTRIES) {
                throw new MudException(Code.TOO_MANY_ENTRIES, ap, "more than " + MAX_ENTRIES + " entries");
            }
            for (int i = 0; i < arr.size(); i++) {
                String ip = index(ap, i);
                JsonNode e = object(arr.get(i), ip);
                checkMembers(e, ip, Set.of("name"));
                String name = string(required(e, "name", ip), child(ip, "name"), 64);
                if (names.contains(name)) {
                    throw new MudException(Code.DUPLICATE_NAME, child(ip, "name"),
                        "ACL '" + name + "' is listed twice");
                }
                names.add(name);
            }
            return names;
        }

        Map<String, Acl> acls(JsonNode node, String path) throws MudException {
            object(node, path);
            checkMembers(node, path, Set.of("acl"));
            Map<String, Acl> out = new LinkedHashMap<>();
            if (!node.has("acl")) {
                return out;
            }
            String ap = child(path, "acl");
            JsonNode arr = array(node.get("acl"), ap);
            if (arr.size() > MAX_ENTRIES) {
                throw new MudException(Code.TOO_MANY_ENTRIES, ap, "more than " + MAX_ENTRIES + " ACLs");
            }
            for (int i = 0; i < arr.size(); i++) {
                Acl acl = acl(arr.get(i), index(ap, i));
                if (out.putIfAbsent(acl.name(), acl) != null) {
                    throw new MudException(Code.DUPLICATE_NAME, index(ap, i) + ".name",
                        "ACL name '" + acl.name() + "' is defined twice");
                }
            }
            return out;
        }

        Acl acl(JsonNode node, String path) throws MudException {
            object(node, path);
            checkMembers(node, path, Set.of("name", "type", "aces"));
            String name = string(required(node, "name", path), child(path, "name"), 64);
            Optional<AclType> type = Optional.empty();
            if (node.has("type")) {
                String t = string(node.get("type"), child(path, "type"), 128);
                type = AclType.fromYang(t);
                if (type.isEmpty()) {
                    throw new MudException(child(path, "type"), "unknown ACL type '" + Nodes.abbreviate(t)
                            + "' (expected one of ipv4-acl-type, ipv6-acl-type, eth-acl-type, mixed-eth-ipv4-acl-type, "
                            + "mixed-eth-ipv6-acl-type, mixed-eth-ipv4-ipv6-acl-type)");
                }
            }
            List<Ace> aces = new ArrayList<>();
            if (node.has("aces")) {
                String sp = child(path, "aces");
                JsonNode aceContainer = object(node.get("aces"), sp);
                checkMembers(aceContainer, sp, Set.of("ace"));
                if (aceContainer.has("ace")) {
                    String ap = child(sp, "ace");
                    JsonNode arr = array(aceContainer.get("ace"), ap);
                    if (arr.size() > MAX_ENTRIES) {
                        throw new MudException(Code.TOO_MANY_ENTRIES, ap, "more than " + MAX_ENTRIES + " ACEs");
                    }
                    Set<String> seen = new HashSet<>();
                    for (int i = 0; i < arr.size(); i++) {
                        Ace ace = ace(arr.get(i), index(ap, i), type);
                        if (!seen.add(ace.name())) {
                            throw new MudException(Code.DUPLICATE_NAME, index(ap, i) + ".name",
                        "ACE name '" + ace.name()
                                    + "' is used twice in ACL '" + name + "'");
                        }
                        aces.add(ace);
                    }
                }
            }
            return new Acl(name, type, aces);
        }

        Ace ace(JsonNode node, String path, Optional<AclType> aclType) throws MudException {
            object(node, path);
            checkMembers(node, path, Set.of("name", "matches", "actions"));
            String name = string(required(node, "name", path), child(path, "name"), 64);
            Matches matches = node.has("matches") ? matches(node.get("matches"), child(path, "matches"), aclType)
                    : new Matches(Optional.empty(), Optional.empty(), Optional.empty(), MudMatch.NONE);
            String actp = child(path, "actions");
            JsonNode actions = object(required(node, "actions", path), actp);
            checkMembers(actions, actp, Set.of("forwarding", "logging"));
            String fwd = string(required(actions, "forwarding", actp), child(actp, "forwarding"), 64);
            if (fwd.startsWith("ietf-access-control-list:")) {
                fwd = fwd.substring("ietf-access-control-list:".length());
            }
            Forwarding forwarding = switch (fwd) {
                case "accept" -> Forwarding.ACCEPT;
                case "drop" -> Forwarding.DROP;
                case "reject" -> Forwarding.REJECT;
                default -> throw new MudException(child(actp, "forwarding"), "unknown forwarding action '"
                        + Nodes.abbreviate(fwd) + "' (expected accept, drop or reject)");
            };
            if (actions.has("logging")) {
                string(actions.get("logging"), child(actp, "logging"), 128);
            }
            return new Ace(name, matches, forwarding);
        }

        Matches matches(JsonNode node, String path, Optional<AclType> aclType) throws MudException {
            object(node, path);
            checkMembers(node, path, Set.of("eth", "ipv4", "ipv6", "tcp", "udp", "icmp", "ietf-mud:mud"));
            if (node.has("ipv4") && node.has("ipv6")) {
                throw new MudException(path, "an ACE matches either ipv4 or ipv6, not both");
            }
            int l4count = (node.has("tcp") ? 1 : 0) + (node.has("udp") ? 1 : 0) + (node.has("icmp") ? 1 : 0);
            if (l4count > 1) {
                throw new MudException(path, "an ACE has at most one of tcp, udp, icmp");
            }
            Optional<EthMatch> eth = node.has("eth") ? Optional.of(eth(node.get("eth"), child(path, "eth")))
                    : Optional.empty();
            Optional<IpMatch> ip = Optional.empty();
            if (node.has("ipv4")) {
                ip = Optional.of(ip(node.get("ipv4"), child(path, "ipv4"), false));
            } else if (node.has("ipv6")) {
                ip = Optional.of(ip(node.get("ipv6"), child(path, "ipv6"), true));
            }
            Optional<L4Match> l4 = Optional.empty();
            if (node.has("tcp")) {
                l4 = Optional.of(tcp(node.get("tcp"), child(path, "tcp")));
            } else if (node.has("udp")) {
                l4 = Optional.of(udp(node.get("udp"), child(path, "udp")));
            } else if (node.has("icmp")) {
                l4 = Optional.of(icmp(node.get("icmp"), child(path, "icmp")));
            }
            if (ip.isPresent() && ip.get().protocol().isPresent() && l4.isPresent()) {
                int declared = ip.get().protocol().getAsInt();
                int implied = l4.get() instanceof L4Match.Icmp icmp ? icmp.protocol(ip.get().v6()) : l4.get().protocol();
                if (declared != implied) {
                    throw new MudException(child(path, ip.get().v6() ? "ipv6" : "ipv4") + ".protocol", "protocol "
                            + declared + " contradicts the " + l4Name(l4.get()) + " match (protocol " + implied + ")");
                }
            }
            if (aclType.isPresent()) {
                AclType t = aclType.get();
                if (ip.isPresent() && (ip.get().v6() ? !t.allowsIpv6() : !t.allowsIpv4())
                        || eth.isPresent() && !t.allowsEth()) {
                    if (mode == ParseMode.STRICT) {
                        throw new MudException(path, "matches of this ACE are not allowed in an ACL of type "
                                + t.yangName());
                    }
                    normalizations.add(path + ": matches not allowed in an ACL of type " + t.yangName()
                            + " accepted as written");
                }
            }
            MudMatch mud = node.has("ietf-mud:mud") ? mud(node.get("ietf-mud:mud"), child(path, "ietf-mud:mud"))
                    : MudMatch.NONE;
            return new Matches(eth, ip, l4, mud);
        }

        String l4Name(L4Match m) {
            return switch (m) {
                case L4Match.Tcp t -> "tcp";
                case L4Match.Udp u -> "udp";
                case L4Match.Icmp i -> "icmp";
            };
        }

        EthMatch eth(JsonNode node, String path) throws MudException {
            object(node, path);
            checkMembers(node, path, Set.of("ethertype", "source-mac-address", "source-mac-address-mask",
                    "destination-mac-address", "destination-mac-address-mask"));
            OptionalInt ethertype = OptionalInt.empty();
            if (node.has("ethertype")) {
                JsonNode et = node.get("ethertype");
                String ep = child(path, "ethertype");
                if (et.isTextual()) {
                    Integer v = EtherTypes.byName(et.textValue());
                    if (v == null) {
                        throw new MudException(ep, "unknown ethertype name '" + Nodes.abbreviate(et.textValue())
                                + "' (use a number or an ietf-ethertypes name such as ipv4, arp, ipv6)");
                    }
                    ethertype = OptionalInt.of(v);
                } else {
                    ethertype = OptionalInt.of(integer(et, ep, 0, 0xFFFF));
                }
            }
            Optional<String> src = mac(node, "source-mac-address", path);
            Optional<String> dst = mac(node, "destination-mac-address", path);
            return new EthMatch(ethertype, src, dst);
        }

        Optional<String> mac(JsonNode node, String key, String path) throws MudException {
            Optional<String> mac = optString(node, key, path, 17);
            Optional<String> mask = optString(node, key + "-mask", path, 17);
            if (mac.isPresent()) {
                checkMac(mac.get(), child(path, key));
            }
            if (mask.isPresent()) {
                checkMac(mask.get(), child(path, key + "-mask"));
                if (mac.isEmpty()) {
                    throw new MudException(child(path, key + "-mask"), "mask without " + key);
                }
                return Optional.of(mac.get().toLowerCase(Locale.ROOT) + "/" + mask.get().toLowerCase(Locale.ROOT));
            }
            return mac.map(m -> m.toLowerCase(Locale.ROOT));
        }

        void checkMac(String mac, String path) throws MudException {
            boolean ok = mac.length() == 17;
            for (int i = 0; ok && i < 17; i++) {
                char c = mac.charAt(i);
                ok = i % 3 == 2 ? c == ':' : c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
            }
            if (!ok) {
                throw new MudException(path, "not a MAC address (expected xx:xx:xx:xx:xx:xx)");
            }
        }

        IpMatch ip(JsonNode node, String path, boolean v6) throws MudException {
            object(node, path);
            String fam = v6 ? "ipv6" : "ipv4";
            checkMembers(node, path, Set.of("protocol", "source-" + fam + "-network", "destination-" + fam + "-network",
                    "ietf-acldns:src-dnsname", "ietf-acldns:dst-dnsname"));
            OptionalInt protocol = optInteger(node, "protocol", path, 0, 255);
            Optional<Cidr> src = network(node, "source-" + fam + "-network", path, v6);
            Optional<Cidr> dst = network(node, "destination-" + fam + "-network", path, v6);
            Optional<String> srcName = dnsName(node, "ietf-acldns:src-dnsname", path);
            Optional<String> dstName = dnsName(node, "ietf-acldns:dst-dnsname", path);
            if (src.isPresent() && srcName.isPresent()) {
                throw new MudException(child(path, "ietf-acldns:src-dnsname"), "src-dnsname and a source network "
                        + "are mutually exclusive");
            }
            if (dst.isPresent() && dstName.isPresent()) {
                throw new MudException(child(path, "ietf-acldns:dst-dnsname"), "dst-dnsname and a destination network "
                        + "are mutually exclusive");
            }
            return new IpMatch(v6, protocol, src, dst, srcName, dstName);
        }

        Optional<Cidr> network(JsonNode node, String key, String path, boolean v6) throws MudException {
            Optional<String> s = optString(node, key, path, 64);
            if (s.isEmpty()) {
                return Optional.empty();
            }
            Cidr c;
            try {
                c = Cidr.parse(s.get());
            } catch (IllegalArgumentException e) {
                throw new MudException(child(path, key), "not an IP prefix: " + e.getMessage());
            }
            if (c.v6() != v6) {
                throw new MudException(child(path, key), "an " + (c.v6() ? "IPv6" : "IPv4") + " prefix in an "
                        + (v6 ? "ipv6" : "ipv4") + " match");
            }
            return Optional.of(c);
        }

        Optional<String> dnsName(JsonNode node, String key, String path) throws MudException {
            Optional<String> s = optString(node, key, path, 254);
            if (s.isEmpty()) {
                return s;
            }
            Optional<String> name = DnsNames.normalize(s.get());
            if (name.isEmpty()) {
                throw new MudException(child(path, key), "not a valid DNS host name: '" + Nodes.abbreviate(s.get())
                        + "'");
            }
            return name;
        }

        L4Match tcp(JsonNode node, String path) throws MudException {
            object(node, path);
            checkMembers(node, path, Set.of("source-port", "destination-port", "ietf-mud:direction-initiated"));
            Optional<Direction> dir = Optional.empty();
            if (node.has("ietf-mud:direction-initiated")) {
                String dp = child(path, "ietf-mud:direction-initiated");
                String d = string(node.get("ietf-mud:direction-initiated"), dp, 64);
                dir = Optional.of(switch (d) {
                    case "from-device" -> Direction.FROM_DEVICE;
                    case "to-device" -> Direction.TO_DEVICE;
                    default -> throw new MudException(dp, "direction-initiated must be from-device or to-device, got '"
                            + Nodes.abbreviate(d) + "'");
                });
            }
            return new L4Match.Tcp(port(node, "source-port", path), port(node, "destination-port", path), dir);
        }

        L4Match udp(JsonNode node, String path) throws MudException {
            object(node, path);
            checkMembers(node, path, Set.of("source-port", "destination-port"));
            return new L4Match.Udp(port(node, "source-port", path), port(node, "destination-port", path));
        }

        L4Match icmp(JsonNode node, String path) throws MudException {
            object(node, path);
            checkMembers(node, path, Set.of("type", "code"));
            return new L4Match.Icmp(optInteger(node, "type", path, 0, 255), optInteger(node, "code", path, 0, 255));
        }

        Optional<PortMatch> port(JsonNode parent, String key, String path) throws MudException {
            if (!parent.has(key)) {
                return Optional.empty();
            }
            String pp = child(path, key);
            JsonNode node = object(parent.get(key), pp);
            checkMembers(node, pp, Set.of("operator", "port", "lower-port", "upper-port"));
            boolean range = node.has("lower-port") || node.has("upper-port");
            if (range) {
                if (node.has("operator") || node.has("port")) {
                    throw new MudException(pp, "a port match is either a range (lower-port, upper-port) or an "
                            + "operator with port, not both");
                }
                int lower = integer(required(node, "lower-port", pp), child(pp, "lower-port"), 0, 65535);
                int upper = integer(required(node, "upper-port", pp), child(pp, "upper-port"), 0, 65535);
                if (lower > upper) {
                    throw new MudException(pp, "lower-port " + lower + " is greater than upper-port " + upper);
                }
                return Optional.of(PortMatch.range(lower, upper));
            }
            int port = integer(required(node, "port", pp), child(pp, "port"), 0, 65535);
            String op = node.has("operator") ? string(node.get("operator"), child(pp, "operator"), 16) : "eq";
            return Optional.of(switch (op) {
                case "eq" -> PortMatch.eq(port);
                case "neq" -> new PortMatch(PortMatch.Operator.NEQ, port, port);
                case "lte" -> new PortMatch(PortMatch.Operator.LTE, 0, port);
                case "gte" -> new PortMatch(PortMatch.Operator.GTE, port, 65535);
                default -> throw new MudException(child(pp, "operator"), "unknown port operator '"
                        + Nodes.abbreviate(op) + "' (expected eq, neq, lte or gte)");
            });
        }

        MudMatch mud(JsonNode node, String path) throws MudException {
            object(node, path);
            checkMembers(node, path, Set.of("manufacturer", "same-manufacturer", "model", "local-networks",
                    "controller", "my-controller"));
            Optional<String> manufacturer = Optional.empty();
            if (node.has("manufacturer")) {
                String s = string(node.get("manufacturer"), child(path, "manufacturer"), 254);
                manufacturer = DnsNames.normalize(s);
                if (manufacturer.isEmpty()) {
                    throw new MudException(child(path, "manufacturer"), "manufacturer must be a host name (the "
                            + "authority of a MUD URL), got '" + Nodes.abbreviate(s) + "'");
                }
            }
            boolean same = node.has("same-manufacturer") && Nodes.empty(node.get("same-manufacturer"),
                    child(path, "same-manufacturer"));
            Optional<URI> model = optUri(node, "model", path);
            boolean local = node.has("local-networks") && Nodes.empty(node.get("local-networks"),
                    child(path, "local-networks"));
            Optional<URI> controller = optUri(node, "controller", path);
            boolean my = node.has("my-controller") && Nodes.empty(node.get("my-controller"),
                    child(path, "my-controller"));
            return new MudMatch(manufacturer, same, model, local, controller, my);
        }

        Optional<URI> optUri(JsonNode parent, String key, String path) throws MudException {
            return parent.has(key) ? Optional.of(uri(parent.get(key), child(path, key))) : Optional.empty();
        }

        URI uri(JsonNode n, String path) throws MudException {
            String s = string(n, path, 2048);
            try {
                URI u = new URI(s);
                if (!u.isAbsolute()) {
                    throw new MudException(path, "not an absolute URI: '" + Nodes.abbreviate(s) + "'");
                }
                return u;
            } catch (URISyntaxException e) {
                throw new MudException(path, "not a valid URI: '" + Nodes.abbreviate(s) + "'");
            }
        }

        OffsetDateTime dateTime(JsonNode n, String path) throws MudException {
            String s = string(n, path, 64);
            try {
                return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            } catch (DateTimeParseException e) {
                throw new MudException(path, "not a YANG date-and-time with zone offset: '" + Nodes.abbreviate(s)
                        + "'");
            }
        }
    }
}
