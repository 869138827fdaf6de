package io.palisade.vuln.advisory;

import com.fasterxml.jackson.databind.JsonNode;
import io.palisade.core.PalisadeException;
import io.palisade.vuln.VulnJson;
import io.palisade.vuln.version.OsvRange;
import io.palisade.vuln.version.VersionRange;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Normalizes an OSV document: aliases (CVE ids), CVSS vectors (scored with {@link Cvss}), affected packages
 * (ecosystem + name, purl given or derived from the ecosystem) with their ranges and explicit versions. A
 * withdrawn entry keeps its metadata but affects nothing.
 */
public final class OsvParser {
    private static final Map<String, String> PURL_TYPES = Map.ofEntries(Map.entry("npm", "npm"), Map.entry("pypi", "pypi"),
            Map.entry("maven", "maven"), Map.entry("go", "golang"), Map.entry("crates.io", "cargo"),
            Map.entry("rubygems", "gem"), Map.entry("nuget", "nuget"), Map.entry("packagist", "composer"),
            Map.entry("hex", "hex"), Map.entry("pub", "pub"), Map.entry("debian", "deb"), Map.entry("alpine", "apk"),
            Map.entry("ubuntu", "deb"), Map.entry("swifturl", "swift"));

    public Advisory parse(byte[] json) {
        return parse(VulnJson.parse(json, "OSV document"));
    }

    public Advisory parse(JsonNode root) {
        String id = VulnJson.text(root, "id");
        if (id == null || id.isBlank()) {
            throw PalisadeException.invalid("OSV: 'id' missing");
        }
        List<String> aliases = new ArrayList<>();
        root.path("aliases").forEach(a -> aliases.add(a.asText()));
        Set<String> cves = new LinkedHashSet<>();
        if (id.startsWith("CVE-")) {
            cves.add(id);
        }
        aliases.stream().filter(a -> a.startsWith("CVE-")).forEach(cves::add);
        List<String> vulnIds = new ArrayList<>(cves);
        if (vulnIds.isEmpty()) {
            vulnIds.add(id);
        }
        Double score = null;
        for (JsonNode s : root.path("severity")) {
            String vector = VulnJson.text(s, "score");
            Double v = Cvss.parse(vector).map(Cvss::baseScore).orElse(null);
            if (v != null && (score == null || v > score)) {
                score = v;
            }
        }
        List<AffectedProduct> out = new ArrayList<>();
        boolean withdrawn = root.hasNonNull("withdrawn");
        int index = 0;
        for (JsonNode a : withdrawn ? List.<JsonNode>of() : iterable(root.path("affected"))) {
            JsonNode pkg = a.path("package");
            String ecosystem = VulnJson.text(pkg, "ecosystem");
            String name = VulnJson.text(pkg, "name");
            String purl = VulnJson.text(pkg, "purl");
            if (purl == null && ecosystem != null && name != null) {
                purl = derivePurl(ecosystem, name);
            }
            if (name == null && purl == null) {
                continue;
            }
            List<VersionRange> ranges = new ArrayList<>();
            List<String> fixed = new ArrayList<>();
            for (JsonNode r : a.path("ranges")) {
                List<OsvRange.Event> events = new ArrayList<>();
                for (JsonNode e : r.path("events")) {
                    e.fieldNames().forEachRemaining(k -> events.add(new OsvRange.Event(OsvRange.Kind.parse(k), e.get(k).asText())));
                }
                OsvRange range = new OsvRange(VulnJson.text(r, "type"), events);
                ranges.add(range);
                if (range.evaluable()) {
                    fixed.addAll(range.fixedVersions());
                }
            }
            List<String> versions = new ArrayList<>();
            a.path("versions").forEach(v -> versions.add(v.asText()));
            if (!versions.isEmpty()) {
                ranges.add(new VersionRange.Exact(versions));
            }
            if (ranges.isEmpty()) {
                ranges.add(new VersionRange.Unspecified("no ranges or versions"));
            }
            String productId = (ecosystem == null ? "" : ecosystem + ":") + (name == null ? purl : name) + "#" + index++;
            for (VersionRange range : ranges) {
                out.add(new AffectedProduct(productId, null, name, purl, null, range, ProductStatus.KNOWN_AFFECTED,
                        vulnIds, fixed, List.of(), null));
            }
        }
        String severity = VulnJson.text(root.path("database_specific"), "severity");
        return new Advisory(id, Advisory.Format.OSV, aliases, List.copyOf(cves), VulnJson.text(root, "summary"), null,
                CsafParser.instant(VulnJson.text(root, "published")), CsafParser.instant(VulnJson.text(root, "modified")),
                score, severity, false, out);
    }

    private static Iterable<JsonNode> iterable(JsonNode n) {
        return n;
    }

    /** purl for an OSV ecosystem/name pair, or null for ecosystems without a purl type. */
    static String derivePurl(String ecosystem, String name) {
        String eco = ecosystem.toLowerCase(Locale.ROOT);
        int colon = eco.indexOf(':');
        String base = colon > 0 ? eco.substring(0, colon) : eco;
        String type = PURL_TYPES.get(base);
        if (type == null) {
            return null;
        }
        String path = switch (type) {
            case "maven" -> name.replace(':', '/');
            case "deb" -> (base.equals("ubuntu") ? "ubuntu/" : "debian/") + name;
            case "apk" -> "alpine/" + name;
            default -> name;
        };
        return "pkg:" + type + "/" + path;
    }
}
