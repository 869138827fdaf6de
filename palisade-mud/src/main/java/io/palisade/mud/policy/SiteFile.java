package io.palisade.mud.policy;

import com.fasterxml.jackson.databind.JsonNode;
import io.palisade.json.JsonFieldException;
import io.palisade.json.JsonFields;
import io.palisade.mud.DnsNames;
import io.palisade.mud.Json;
import io.palisade.mud.MudException;
import io.palisade.mud.net.Cidr;
import io.palisade.mud.net.IpAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a site description (JSON, at most {@link #MAX_BYTES}) for offline analysis. All members are optional:
 * <pre>{
 *   "local-networks": ["192.168.1.0/24", "fd00:1::/64"],
 *   "controllers":    {"urn:ietf:params:mud:dns": ["192.168.1.1"], "https://ctl.example.com/hub": ["192.168.1.9"]},
 *   "my-controller":  ["192.168.1.10"],
 *   "my-controllers": {"https://lighting.example.com/lightbulb2000": ["192.168.1.11"]},
 *   "manufacturers":  {"lighting.example.com": ["192.168.1.20", "192.168.1.21"]},
 *   "models":         {"https://lighting.example.com/lightbulb2000": ["192.168.1.20"]},
 *   "dns":            {"service.bms.example.com": ["203.0.113.5", "2001:db8::5"]}
 * }</pre>
 * {@code controllers} keys are controller-class URIs; {@code my-controllers} maps a MUD URL to that device's
 * controllers and {@code my-controller} applies to every MUD URL not listed there; {@code manufacturers} keys are
 * MUD URL authorities (host names); {@code models} keys are MUD URLs; {@code dns} gives static DNS answers used for
 * {@code ietf-acldns} names. Addresses are IP literals; local networks are prefixes. Unknown members are rejected.
 */
public final class SiteFile {
    public static final int MAX_BYTES = 1 << 20;
    private static final Set<String> MEMBERS = Set.of("local-networks", "controllers", "my-controller",
            "my-controllers", "manufacturers", "models", "dns");

    /** A parsed site file. */
    public record Site(List<Cidr> localNetworks, Map<URI, Set<IpAddress>> controllers, Set<IpAddress> myController,
                       Map<URI, Set<IpAddress>> myControllers, Map<String, Set<IpAddress>> manufacturers,
                       Map<URI, Set<IpAddress>> models, Map<String, Set<IpAddress>> dns) {
        public Site {
            localNetworks = List.copyOf(localNetworks);
            controllers = Map.copyOf(controllers);
            myController = Set.copyOf(myController);
            myControllers = Map.copyOf(myControllers);
            manufacturers = Map.copyOf(manufacturers);
            models = Map.copyOf(models);
            dns = Map.copyOf(dns);
        }

        public static Site empty() {
            return new Site(List.of(), Map.of(), Set.of(), Map.of(), Map.of(), Map.of(), Map.of());
        }

        public SiteContext context() {
            Map<URI, Set<IpAddress>> my = myControllers;
            Set<IpAddress> fallback = myController;
            return new SiteContext(localNetworks, u -> controllers.getOrDefault(u, Set.of()),
                    u -> my.getOrDefault(u, fallback), h -> manufacturers.getOrDefault(h, Set.of()),
                    u -> models.getOrDefault(u, Set.of()));
        }

        /** Adds the static DNS answers to a cache. */
        public void fill(DnsCache cache) {
            dns.forEach((name, addresses) -> addresses.forEach(a -> cache.addStatic(name, a)));
        }
    }

    private SiteFile() {
    }

    public static Site parse(byte[] bytes) throws MudException {
        JsonNode root = Json.read(bytes, MAX_BYTES, "site file");
        if (!root.isObject()) {
            throw new MudException("$", "site file must be a JSON object");
        }
        Optional<String> unknown = JsonFields.firstUnknownField(root, MEMBERS);
        if (unknown.isPresent()) {
            String k = unknown.get();
            throw new MudException("$." + k, "unknown member '" + k + "' (expected one of " + MEMBERS + ")");
        }
        List<Cidr> local = new ArrayList<>();
        if (root.has("local-networks")) {
            JsonNode arr = array(root.get("local-networks"), "$.local-networks");
            for (int i = 0; i < arr.size(); i++) {
                String p = "$.local-networks[" + i + "]";
                try {
                    local.add(Cidr.parse(text(arr.get(i), p)));
                } catch (IllegalArgumentException e) {
                    throw new MudException(p, "not an IP prefix: " + e.getMessage());
                }
            }
        }
        Set<IpAddress> my = root.has("my-controller") ? addresses(root.get("my-controller"), "$.my-controller")
                : Set.of();
        Map<String, Set<IpAddress>> manufacturers = new LinkedHashMap<>();
        for (var e : map(root, "manufacturers").entrySet()) {
            String host = DnsNames.normalize(e.getKey()).orElseThrow(() -> new MudException("$.manufacturers."
                    + e.getKey(), "not a host name"));
            manufacturers.put(host, e.getValue());
        }
        Map<String, Set<IpAddress>> dns = new LinkedHashMap<>();
        for (var e : map(root, "dns").entrySet()) {
            String name = DnsNames.normalize(e.getKey()).orElseThrow(() -> new MudException("$.dns." + e.getKey(),
                    "not a DNS name"));
            dns.put(name, e.getValue());
        }
        return new Site(local, uriMap(root, "controllers"), my, uriMap(root, "my-controllers"), manufacturers,
                uriMap(root, "models"), dns);
    }

    private static Map<URI, Set<IpAddress>> uriMap(JsonNode root, String key) throws MudException {
        Map<URI, Set<IpAddress>> out = new LinkedHashMap<>();
        for (var e : map(root, key).entrySet()) {
            try {
                URI u = new URI(e.getKey());
                if (!u.isAbsolute()) {
                    throw new MudException("$." + key + "." + e.getKey(), "not an absolute URI");
                }
                out.put(u, e.getValue());
            } catch (URISyntaxException ex) {
                throw new MudException("$." + key + "." + e.getKey(), "not a valid URI");
            }
        }
        return out;
    }

    private static Map<String, Set<IpAddress>> map(JsonNode root, String key) throws MudException {
        Map<String, Set<IpAddress>> out = new LinkedHashMap<>();
        if (!root.has(key)) {
            return out;
        }
        JsonNode obj = root.get(key);
        if (!obj.isObject()) {
            throw new MudException("$." + key, "expected an object mapping names to address lists");
        }
        for (var it = obj.properties().iterator(); it.hasNext(); ) {
            var e = it.next();
            out.put(e.getKey(), addresses(e.getValue(), "$." + key + "." + e.getKey()));
        }
        return out;
    }

    private static Set<IpAddress> addresses(JsonNode n, String path) throws MudException {
        JsonNode arr = array(n, path);
        Set<IpAddress> out = new LinkedHashSet<>();
        for (int i = 0; i < arr.size(); i++) {
            String p = path + "[" + i + "]";
            String s = text(arr.get(i), p);
            out.add(IpAddress.parse(s).orElseThrow(() -> new MudException(p, "not an IP address: '"
                    + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "'")));
        }
        return out;
    }

    private static JsonNode array(JsonNode n, String path) throws MudException {
        try {
            return JsonFields.array(n, path);
        } catch (JsonFieldException e) {
            throw new MudException(e.where(), e.problem());
        }
    }

    private static String text(JsonNode n, String path) throws MudException {
        try {
            return JsonFields.text(n, path);
        } catch (JsonFieldException e) {
            throw new MudException(e.where(), e.problem());
        }
    }
}
