package io.palisade.mud.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.palisade.mud.Json;
import io.palisade.mud.MudException;
import io.palisade.mud.MudParser;
import io.palisade.mud.TestFiles;
import io.palisade.mud.model.MudProfile;
import io.palisade.mud.net.IpAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The mininet testbed of the NIST SP 1800-15 SDN MUD unit tests (usnistgov/nist-mud, test/unittest), rebuilt from a
 * scenario's own configuration files:
 * <ul>
 *   <li>hosts: {@code hN} has the address 10.0.0.N (mininet default) and a MAC address whose last hex digit is N
 *       ({@code setMAC} in each scenario's mud-test.py); h9 and h10 are the "internet" web servers 203.0.113.13 and
 *       203.0.113.14, h8 the NAT router 10.0.0.8;</li>
 *   <li>{@code controllerclass-mapping.json}: controller classes, local networks minus the excluded hosts; an entry
 *       whose URI is a device's MUD URL is that device's {@code my-controller} (the NIST controller's reading);</li>
 *   <li>{@code device-association*.json}: MAC addresses → MUD URL ({@code file://x.json} names the MUD file whose
 *       {@code mud-url} is meant) — this is what the NIST controller's registry knows, so it is fed to
 *       {@link SiteContext#withRegistry} as the live device registry;</li>
 *   <li>the testbed's dnsmasq hosts (test/unittest/README.md): www.nist.local 203.0.113.13, www.antd.local
 *       203.0.113.14.</li>
 * </ul>
 */
final class NistTestbed {
    static final String ROOT = "mud/nist-sdn-mud/unittest/";
    static final String WWW_NIST = "203.0.113.13";
    static final String WWW_ANTD = "203.0.113.14";
    static final Map<String, String> DNS_HOSTS = Map.of("www.nist.local", WWW_NIST, "www.antd.local", WWW_ANTD);

    private NistTestbed() {
    }

    /** Address of testbed host {@code hN}. */
    static String host(int n) {
        return switch (n) {
            case 9 -> WWW_NIST;
            case 10 -> WWW_ANTD;
            default -> {
                if (n < 1 || n > 8) {
                    throw new IllegalArgumentException("no host h" + n);
                }
                yield "10.0.0." + n;
            }
        };
    }

    /** Address of the testbed host with this MAC address (its last hex digit is the host number). */
    static IpAddress hostOfMac(String mac) {
        int n = Character.digit(mac.charAt(mac.length() - 1), 16);
        return IpAddress.of(host(n == 0 ? 10 : n));
    }

    static MudProfile profile(String scenario, String file) throws MudException {
        return MudParser.strict().parse(TestFiles.bytes(ROOT + scenario + "/" + file)).profile();
    }

    /**
     * The site file equivalent to the scenario's controllerclass-mapping.json, plus controllers that the scenario's
     * script adds at run time (URI → address), parsed by {@link SiteFile#parse}.
     */
    static SiteFile.Site siteFile(String scenario, Map<String, String> runtimeControllers) throws MudException {
        JsonNode m = Json.read(TestFiles.bytes(ROOT + scenario + "/controllerclass-mapping.json"), 1 << 20,
                "controllerclass-mapping").get("controllerclass-mapping");
        ObjectNode site = Json.mapper().createObjectNode();
        ObjectNode controllers = site.putObject("controllers");
        for (JsonNode c : m.get("controller")) {
            controllers.set(c.get("uri").asText(), c.get("address-list").deepCopy());
        }
        runtimeControllers.forEach((uri, ip) -> controllers.putArray(uri).add(ip));
        // The NIST controller takes an entry keyed by the device's own MUD URL as that device's my-controller.
        site.set("my-controllers", controllers.deepCopy());
        List<String> excluded = new ArrayList<>();
        if (m.has("local-networks-excluded-hosts")) {
            m.get("local-networks-excluded-hosts").forEach(h -> excluded.add(h.asText()));
        }
        ArrayNode local = site.putArray("local-networks");
        for (JsonNode n : m.get("local-networks")) {
            v4Minus(n.asText(), excluded).forEach(local::add);
        }
        try {
            return SiteFile.parse(Json.mapper().writeValueAsBytes(site));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** MUD URL → addresses of the devices of the scenario's association files. */
    static Map<URI, Set<IpAddress>> associations(String scenario, String... files) throws MudException {
        Map<URI, Set<IpAddress>> out = new HashMap<>();
        for (String f : files) {
            JsonNode m = Json.read(TestFiles.bytes(ROOT + scenario + "/" + f), 1 << 20, f).get("mapping");
            String url = m.get("mud-url").asText();
            URI mudUrl = url.startsWith("file://") ? profile(scenario, url.substring("file://".length())).mudUrl()
                    : URI.create(url);
            m.get("device-id").forEach(mac -> out.computeIfAbsent(mudUrl, u -> new HashSet<>())
                    .add(hostOfMac(mac.asText().toLowerCase(Locale.ROOT))));
        }
        return out;
    }

    /** The site with the association files as the live device registry (by MUD URL and by its authority). */
    static SiteContext site(SiteFile.Site site, Map<URI, Set<IpAddress>> devices) {
        return SiteContext.withRegistry(site, authority -> {
            Set<IpAddress> out = new HashSet<>();
            devices.forEach((url, ips) -> {
                if (url.getHost() != null && url.getHost().equalsIgnoreCase(authority)) {
                    out.addAll(ips);
                }
            });
            return out;
        }, devices::get);
    }

    /** A DNS cache that has seen the answers of {@code nslookup www.nist.local} and {@code www.antd.local}. */
    static DnsCache looked(DnsCache dns) {
        DNS_HOSTS.forEach((name, ip) -> dns.observe(name, IpAddress.of(ip), Duration.ofMinutes(10)));
        return dns;
    }

    /** The IPv4 prefix {@code cidr} without the given host addresses, as a list of prefixes. */
    static List<String> v4Minus(String cidr, List<String> hosts) {
        String[] parts = cidr.split("/", 2);
        int prefix = Integer.parseInt(parts[1]);
        long base = IpAddress.of(parts[0]).lo() & mask(prefix);
        Set<Long> out = new HashSet<>();
        hosts.forEach(h -> out.add(IpAddress.of(h).lo()));
        Map<String, Boolean> result = new LinkedHashMap<>();
        split(base, prefix, out, result);
        return List.copyOf(result.keySet());
    }

    private static void split(long base, int prefix, Set<Long> excluded, Map<String, Boolean> out) {
        long size = 1L << (32 - prefix);
        boolean hit = excluded.stream().anyMatch(e -> e >= base && e < base + size);
        if (!hit) {
            out.put(IpAddress.v4((int) base) + "/" + prefix, true);
        } else if (prefix < 32) {
            split(base, prefix + 1, excluded, out);
            split(base + size / 2, prefix + 1, excluded, out);
        }
    }

    private static long mask(int prefix) {
        return prefix == 0 ? 0 : (0xFFFF_FFFFL << (32 - prefix)) & 0xFFFF_FFFFL;
    }
}
