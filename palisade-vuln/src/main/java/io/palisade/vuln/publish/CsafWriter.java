package io.palisade.vuln.publish;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.palisade.core.PalisadeException;
import io.palisade.vuln.VulnJson;
import io.palisade.vuln.advisory.Cvss;
import io.palisade.vuln.match.VexStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a CSAF 2.0 document (profile csaf_security_advisory or csaf_vex) for our products. The output is valid
 * against the CSAF 2.0 JSON schema and passes the 6.1 mandatory tests (product ids defined once, statuses not
 * contradicting, impact statements for not-affected and action statements for affected products, consistent
 * revision history, CVSS scores computed from the vector).
 */
public final class CsafWriter {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    public ObjectNode write(Publication p) {
        Map<String, ProductRef> products = new LinkedHashMap<>();
        for (VulnerabilityEntry v : p.vulnerabilities()) {
            for (VexStatement s : v.statements()) {
                products.putIfAbsent(s.product().key(), s.product());
            }
        }
        Map<String, String> ids = new LinkedHashMap<>();
        int n = 1;
        for (String k : products.keySet()) {
            ids.put(k, "CSAFPID-" + String.format("%04d", n++));
        }
        ObjectNode root = F.objectNode();
        root.set("document", document(p));
        root.set("product_tree", productTree(products, ids));
        ArrayNode vulns = root.putArray("vulnerabilities");
        for (VulnerabilityEntry v : p.vulnerabilities()) {
            vulns.add(vulnerability(v, ids));
        }
        return root;
    }

    public byte[] writeBytes(Publication p) {
        try {
            return VulnJson.mapper().writeValueAsString(write(p)).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new PalisadeException(io.palisade.core.ErrorCode.INTERNAL, "cannot serialize CSAF document", e);
        }
    }

    private static String date(Instant i) {
        return i.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private ObjectNode document(Publication p) {
        ObjectNode d = F.objectNode();
        d.put("category", p.profile().category());
        d.put("csaf_version", "2.0");
        d.putObject("distribution").putObject("tlp").put("label", "WHITE");
        d.put("lang", p.lang());
        ArrayNode notes = d.putArray("notes");
        notes.addObject().put("category", "summary").put("title", "Summary").put("text", p.summary());
        ObjectNode pub = d.putObject("publisher");
        pub.put("category", "vendor").put("name", p.publisherName()).put("namespace", p.publisherNamespace().toString());
        d.put("title", p.title());
        ObjectNode t = d.putObject("tracking");
        t.put("current_release_date", date(p.currentRelease()));
        t.putObject("generator").putObject("engine").put("name", "Palisade");
        t.put("id", p.trackingId());
        t.put("initial_release_date", date(p.initialRelease()));
        ArrayNode history = t.putArray("revision_history");
        List<String> revs = p.revisions();
        for (int i = 0; i < revs.size(); i++) {
            Instant when = i == revs.size() - 1 ? p.currentRelease() : p.initialRelease();
            history.addObject().put("date", date(when)).put("number", String.valueOf(i + 1)).put("summary", revs.get(i));
        }
        t.put("status", p.draft() ? "draft" : "final");
        t.put("version", String.valueOf(revs.size()));
        return d;
    }

    private ObjectNode productTree(Map<String, ProductRef> products, Map<String, String> ids) {
        Map<String, Map<String, List<ProductRef>>> byVendor = new LinkedHashMap<>();
        for (ProductRef r : products.values()) {
            byVendor.computeIfAbsent(r.vendor(), k -> new LinkedHashMap<>()).computeIfAbsent(r.model(), k -> new ArrayList<>()).add(r);
        }
        ObjectNode tree = F.objectNode();
        ArrayNode vendors = tree.putArray("branches");
        for (var v : byVendor.entrySet()) {
            ObjectNode vb = vendors.addObject().put("category", "vendor").put("name", v.getKey());
            ArrayNode models = vb.putArray("branches");
            for (var m : v.getValue().entrySet()) {
                ObjectNode mb = models.addObject().put("category", "product_name").put("name", m.getKey());
                ArrayNode versions = mb.putArray("branches");
                for (ProductRef r : m.getValue()) {
                    ObjectNode prod = versions.addObject().put("category", "product_version").put("name", r.version())
                            .putObject("product");
                    prod.put("name", r.vendor() + " " + r.model() + " " + r.version());
                    prod.put("product_id", ids.get(r.key()));
                    if (r.purl() != null || r.cpe() != null) {
                        ObjectNode helper = prod.putObject("product_identification_helper");
                        if (r.cpe() != null) {
                            helper.put("cpe", r.cpe());
                        }
                        if (r.purl() != null) {
                            helper.put("purl", r.purl());
                        }
                    }
                }
            }
        }
        return tree;
    }

    private ObjectNode vulnerability(VulnerabilityEntry v, Map<String, String> ids) {
        ObjectNode o = F.objectNode();
        if (v.cve() != null) {
            o.put("cve", v.cve());
        }
        if (v.cweId() != null) {
            o.putObject("cwe").put("id", v.cweId()).put("name", v.cweName());
        }
        Map<VexStatus, List<String>> status = new LinkedHashMap<>();
        ArrayNode flags = F.arrayNode();
        ArrayNode threats = F.arrayNode();
        ArrayNode remediations = F.arrayNode();
        List<String> affected = new ArrayList<>();
        for (VexStatement s : v.statements()) {
            String pid = ids.get(s.product().key());
            List<String> list = status.computeIfAbsent(s.status(), k -> new ArrayList<>());
            if (list.contains(pid)) {
                continue;
            }
            list.add(pid);
            switch (s.status()) {
                case NOT_AFFECTED -> {
                    if (s.justification() != null) {
                        flags.addObject().put("label", s.justification().csafLabel()).putArray("product_ids").add(pid);
                    }
                    if (s.impactStatement() != null) {
                        threats.addObject().put("category", "impact").put("details", s.impactStatement()).putArray("product_ids").add(pid);
                    }
                }
                case AFFECTED -> {
                    affected.add(pid);
                    ObjectNode r = remediations.addObject().put("category", s.fixedIn() != null ? "vendor_fix" : "none_available")
                            .put("details", s.action());
                    r.putArray("product_ids").add(pid);
                }
                default -> {
                    // FIXED and UNDER_INVESTIGATION need no extra statement
                }
            }
        }
        if (v.id() != null) {
            o.putArray("ids").addObject().put("system_name", "Palisade").put("text", v.id());
        }
        ArrayNode notes = o.putArray("notes");
        notes.addObject().put("category", "description").put("title", "Description").put("text", v.description());
        ObjectNode ps = o.putObject("product_status");
        putStatus(ps, "fixed", status.get(VexStatus.FIXED));
        putStatus(ps, "known_affected", status.get(VexStatus.AFFECTED));
        putStatus(ps, "known_not_affected", status.get(VexStatus.NOT_AFFECTED));
        putStatus(ps, "under_investigation", status.get(VexStatus.UNDER_INVESTIGATION));
        if (!remediations.isEmpty()) {
            o.set("remediations", remediations);
        }
        if (v.cvssV3Vector() != null && !affected.isEmpty()) {
            Cvss.Vector vec = Cvss.parse(v.cvssV3Vector()).orElseThrow();
            double score = Cvss.baseScore(vec);
            ObjectNode cvss = F.objectNode().put("version", vec.version()).put("vectorString", v.cvssV3Vector())
                    .put("baseScore", score).put("baseSeverity", Cvss.severityV3(score));
            ObjectNode sc = o.putArray("scores").addObject();
            sc.set("cvss_v3", cvss);
            ArrayNode prods = sc.putArray("products");
            affected.forEach(prods::add);
        }
        if (!flags.isEmpty()) {
            o.set("flags", flags);
        }
        if (!threats.isEmpty()) {
            o.set("threats", threats);
        }
        if (v.title() != null) {
            o.put("title", Texts.require(v.title(), "vulnerability title"));
        }
        return o;
    }

    private static void putStatus(ObjectNode ps, String key, List<String> ids) {
        if (ids != null && !ids.isEmpty()) {
            ArrayNode a = ps.putArray(key);
            ids.forEach(a::add);
        }
    }
}
