package io.palisade.vuln.advisory;

import com.fasterxml.jackson.databind.JsonNode;
import io.palisade.core.PalisadeException;
import io.palisade.vuln.VulnJson;
import io.palisade.vuln.version.VersionRange;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Normalizes a CSAF 2.0 document into an {@link Advisory}: product_tree branches (vendor → product_name /
 * product_family → product_version / product_version_range) and full_product_names with their purl/CPE helpers,
 * relationships (the composite takes the identity of its product_reference), product groups, and per
 * vulnerability the product_status, remediations, scores, flags and threats. Validation is the caller's job
 * (see {@code Validator}); this parser only guards against shapes it cannot read.
 */
public final class CsafParser {
    private static final int MAX_BRANCH_DEPTH = 30;
    private static final int MAX_PRODUCTS = 100_000;

    /** What the product tree says about one product id. */
    private record Info(String vendor, String product, String purl, String cpe, VersionRange range) {
        String identity() {
            if (purl != null) {
                return Purl.tryParse(purl).map(Purl::key).orElse(purl);
            }
            if (cpe != null) {
                return Cpe.tryParse(cpe).map(Cpe::key).orElse(cpe);
            }
            return (vendor == null ? "" : vendor.toLowerCase(Locale.ROOT)) + "|" + Objects.toString(product, "").toLowerCase(Locale.ROOT);
        }
    }

    public Advisory parse(byte[] json) {
        return parse(VulnJson.parse(json, "CSAF document"));
    }

    public Advisory parse(JsonNode root) {
        JsonNode doc = root.path("document");
        if (!doc.isObject() || !doc.path("tracking").isObject()) {
            throw PalisadeException.invalid("CSAF: /document/tracking missing");
        }
        JsonNode tracking = doc.path("tracking");
        String id = VulnJson.text(tracking, "id");
        if (id == null || id.isBlank()) {
            throw PalisadeException.invalid("CSAF: /document/tracking/id missing");
        }
        Map<String, Info> products = new LinkedHashMap<>();
        JsonNode tree = root.path("product_tree");
        for (JsonNode b : tree.path("branches")) {
            walk(b, null, null, null, products, 0);
        }
        for (JsonNode fpn : tree.path("full_product_names")) {
            addLeaf(fpn, null, VulnJson.text(fpn, "name"), null, products);
        }
        for (JsonNode rel : tree.path("relationships")) {
            JsonNode fpn = rel.path("full_product_name");
            String pid = VulnJson.text(fpn, "product_id");
            Info ref = products.get(VulnJson.text(rel, "product_reference"));
            if (pid != null && ref != null) {
                products.put(pid, ref);
            } else if (pid != null) {
                addLeaf(fpn, null, VulnJson.text(fpn, "name"), null, products);
            }
        }
        Map<String, List<String>> groups = new HashMap<>();
        for (JsonNode g : tree.path("product_groups")) {
            List<String> ids = new ArrayList<>();
            g.path("product_ids").forEach(p -> ids.add(p.asText()));
            groups.put(VulnJson.text(g, "group_id"), ids);
        }

        List<AffectedProduct> out = new ArrayList<>();
        Set<String> cves = new LinkedHashSet<>();
        Set<String> aliases = new LinkedHashSet<>();
        double maxScore = -1;
        boolean exploited = false;
        for (JsonNode vuln : root.path("vulnerabilities")) {
            List<String> vulnIds = new ArrayList<>();
            String cve = VulnJson.text(vuln, "cve");
            if (cve != null) {
                cves.add(cve);
                vulnIds.add(cve);
            }
            for (JsonNode vid : vuln.path("ids")) {
                String t = VulnJson.text(vid, "text");
                if (t != null) {
                    aliases.add(t);
                    vulnIds.add(t);
                }
            }
            if (vulnIds.isEmpty()) {
                vulnIds.add(id + "#" + out.size());
            }
            for (JsonNode score : vuln.path("scores")) {
                for (String k : List.of("cvss_v3", "cvss_v2")) {
                    JsonNode s = score.path(k).path("baseScore");
                    if (s.isNumber()) {
                        maxScore = Math.max(maxScore, s.asDouble());
                    }
                }
            }
            exploited |= exploited(vuln);
            Map<String, List<Remediation>> rem = new HashMap<>();
            for (JsonNode r : vuln.path("remediations")) {
                Remediation remediation = new Remediation(VulnJson.text(r, "category"), VulnJson.text(r, "details"), VulnJson.text(r, "url"));
                for (String pid : expand(r, groups)) {
                    rem.computeIfAbsent(pid, k -> new ArrayList<>()).add(remediation);
                }
            }
            Map<String, String> justification = new HashMap<>();
            for (JsonNode f : vuln.path("flags")) {
                for (String pid : expand(f, groups)) {
                    justification.putIfAbsent(pid, VulnJson.text(f, "label"));
                }
            }
            JsonNode status = vuln.path("product_status");
            Map<String, Set<String>> fixedByIdentity = new HashMap<>();
            for (String k : List.of("fixed", "first_fixed")) {
                for (JsonNode p : status.path(k)) {
                    Info info = products.get(p.asText());
                    if (info != null) {
                        fixedByIdentity.computeIfAbsent(info.identity(), x -> new LinkedHashSet<>()).add(info.range().expression());
                    }
                }
            }
            status.fieldNames().forEachRemaining(k -> {
                ProductStatus st = switch (k) {
                    case "first_affected", "known_affected", "last_affected" -> ProductStatus.KNOWN_AFFECTED;
                    case "fixed", "first_fixed", "recommended" -> ProductStatus.FIXED;
                    case "known_not_affected" -> ProductStatus.NOT_AFFECTED;
                    case "under_investigation" -> ProductStatus.UNDER_INVESTIGATION;
                    default -> null;
                };
                if (st == null) {
                    return;
                }
                for (JsonNode p : status.path(k)) {
                    String pid = p.asText();
                    Info info = products.get(pid);
                    if (info == null || out.size() >= MAX_PRODUCTS) {
                        continue;
                    }
                    List<String> fixed = st == ProductStatus.KNOWN_AFFECTED
                            ? List.copyOf(fixedByIdentity.getOrDefault(info.identity(), Set.of())) : List.of();
                    out.add(new AffectedProduct(pid, info.vendor(), info.product(), info.purl(), info.cpe(), info.range(),
                            st, vulnIds, fixed, rem.getOrDefault(pid, List.of()), justification.get(pid)));
                }
            });
        }
        String severity = VulnJson.text(doc.path("aggregate_severity"), "text");
        return new Advisory(id, Advisory.Format.CSAF, List.copyOf(aliases), List.copyOf(cves), VulnJson.text(doc, "title"),
                VulnJson.text(doc.path("publisher"), "name"), instant(VulnJson.text(tracking, "initial_release_date")),
                instant(VulnJson.text(tracking, "current_release_date")), maxScore < 0 ? null : maxScore,
                severity, exploited, out);
    }

    /** Exploitation signals: threats of category exploit_status whose details say exploited (not "no known"), or KEV mentions. */
    static boolean exploited(JsonNode vuln) {
        for (JsonNode t : vuln.path("threats")) {
            if ("exploit_status".equals(VulnJson.text(t, "category"))) {
                String d = Objects.toString(VulnJson.text(t, "details"), "").toLowerCase(Locale.ROOT);
                if ((d.contains("exploited") || d.contains("exploitation")) && !d.contains("no known") && !d.contains("not ")
                        && !d.contains("unaware")) {
                    return true;
                }
            }
        }
        for (JsonNode n : vuln.path("notes")) {
            String d = Objects.toString(VulnJson.text(n, "text"), "").toLowerCase(Locale.ROOT);
            if (d.contains("known exploited vulnerabilities catalog") || d.contains("actively exploited")) {
                return true;
            }
        }
        for (JsonNode r : vuln.path("references")) {
            String u = Objects.toString(VulnJson.text(r, "url"), "").toLowerCase(Locale.ROOT);
            if (u.contains("known_exploited_vulnerabilities") || u.contains("known-exploited-vulnerabilities")) {
                return true;
            }
        }
        return false;
    }

    private static List<String> expand(JsonNode node, Map<String, List<String>> groups) {
        List<String> ids = new ArrayList<>();
        node.path("product_ids").forEach(p -> ids.add(p.asText()));
        node.path("group_ids").forEach(g -> ids.addAll(groups.getOrDefault(g.asText(), List.of())));
        return ids;
    }

    private void walk(JsonNode branch, String vendor, String product, VersionRange range, Map<String, Info> products, int depth) {
        if (depth > MAX_BRANCH_DEPTH) {
            throw PalisadeException.invalid("CSAF: product_tree branches nested deeper than " + MAX_BRANCH_DEPTH);
        }
        String category = Objects.toString(VulnJson.text(branch, "category"), "");
        String name = VulnJson.text(branch, "name");
        switch (category) {
            case "vendor" -> vendor = name;
            case "product_name" -> product = name;
            case "product_family" -> product = product == null ? name : product;
            case "product_version" -> range = name == null ? range : VersionRange.exact(name);
            case "product_version_range" -> range = safeRange(name);
            default -> {
                // architecture, language, legacy, patch_level, service_pack, host_name, specification: no identity
            }
        }
        if (branch.has("product")) {
            addLeaf(branch.get("product"), vendor, product, range, products);
        }
        for (JsonNode b : branch.path("branches")) {
            walk(b, vendor, product, range, products, depth + 1);
        }
    }

    private static VersionRange safeRange(String name) {
        try {
            return VersionRange.parse(name);
        } catch (PalisadeException e) {
            return new VersionRange.Unspecified("unreadable range: " + e.getMessage());
        }
    }

    private void addLeaf(JsonNode fpn, String vendor, String product, VersionRange range, Map<String, Info> products) {
        String pid = VulnJson.text(fpn, "product_id");
        if (pid == null || products.size() >= MAX_PRODUCTS) {
            return;
        }
        JsonNode helper = fpn.path("product_identification_helper");
        String purl = VulnJson.text(helper, "purl");
        String cpe = VulnJson.text(helper, "cpe");
        VersionRange r = range;
        if (r == null) {
            String v = purl == null ? null : Purl.tryParse(purl).map(Purl::version).orElse(null);
            if (v == null && cpe != null) {
                v = Cpe.tryParse(cpe).filter(Cpe::hasVersion).map(Cpe::version).orElse(null);
            }
            r = v != null ? VersionRange.exact(v) : new VersionRange.Unspecified("no version branch");
        }
        String p = product != null ? product : VulnJson.text(fpn, "name");
        if (p == null && purl == null && cpe == null) {
            return;
        }
        products.putIfAbsent(pid, new Info(vendor, p, purl, cpe, r));
    }

    static Instant instant(String s) {
        if (s == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(s);
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }
}
