package io.palisade.vuln.sbom;

import com.fasterxml.jackson.databind.JsonNode;
import io.palisade.core.PalisadeException;
import io.palisade.vuln.VulnJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads CycloneDX JSON (1.2-1.7; nested components flattened), SPDX 3.0 JSON-LD (software_Package and its
 * subclasses such as ai_AIPackage; purl from software_packageUrl or a packageUrl external identifier, CPE from a cpe23
 * external identifier) and SPDX 2.3 JSON (packages with PACKAGE-MANAGER
 * purl and SECURITY cpe23Type/cpe22Type external references) into {@link Sbom}. Limits: the document limits of
 * {@link VulnJson} and at most {@value #MAX_COMPONENTS} components.
 */
public final class SbomParser {
    public static final int MAX_COMPONENTS = 50_000;
    private static final int MAX_NESTING = 20;

    public Sbom parse(byte[] json) {
        JsonNode root = VulnJson.parse(json, "SBOM");
        if ("CycloneDX".equals(root.path("bomFormat").asText(null))) {
            return cycloneDx(root);
        }
        if (root.has("spdxVersion")) {
            return spdx(root);
        }
        if (io.palisade.vuln.validate.DocumentKind.isSpdx3(root)) {
            return spdx3(root);
        }
        throw PalisadeException.invalid("SBOM: neither CycloneDX JSON (bomFormat) nor SPDX JSON (spdxVersion, or SPDX 3 JSON-LD)");
    }

    private Sbom cycloneDx(JsonNode root) {
        List<Component> out = new ArrayList<>();
        collect(root.path("components"), out, 0);
        JsonNode meta = root.path("metadata").path("component");
        Component subject = meta.isObject() ? cdx(meta, root.path("metadata").path("supplier").path("name").asText(null)) : null;
        return new Sbom("CycloneDX " + root.path("specVersion").asText("?"), subject, out);
    }

    private void collect(JsonNode components, List<Component> out, int depth) {
        if (depth > MAX_NESTING) {
            throw PalisadeException.invalid("SBOM: components nested deeper than " + MAX_NESTING);
        }
        for (JsonNode c : components) {
            Component comp = cdx(c, null);
            if (comp != null) {
                if (out.size() >= MAX_COMPONENTS) {
                    throw PalisadeException.invalid("SBOM: more than " + MAX_COMPONENTS + " components");
                }
                out.add(comp);
            }
            collect(c.path("components"), out, depth + 1);
        }
    }

    private static Component cdx(JsonNode c, String fallbackSupplier) {
        String name = VulnJson.text(c, "name");
        if (name == null || name.isBlank()) {
            return null;
        }
        String group = VulnJson.text(c, "group");
        String supplier = VulnJson.text(c.path("supplier"), "name");
        if (supplier == null) {
            supplier = VulnJson.text(c, "publisher");
        }
        if (supplier == null) {
            supplier = VulnJson.text(c.path("manufacturer"), "name");
        }
        if (supplier == null) {
            supplier = fallbackSupplier != null ? fallbackSupplier : group;
        }
        return new Component(name, VulnJson.text(c, "version"), VulnJson.text(c, "purl"), VulnJson.text(c, "cpe"), supplier,
                VulnJson.text(c, "type"));
    }

    private Sbom spdx(JsonNode root) {
        List<Component> out = new ArrayList<>();
        List<String> described = new ArrayList<>();
        root.path("documentDescribes").forEach(d -> described.add(d.asText()));
        Component subject = null;
        for (JsonNode p : root.path("packages")) {
            String name = VulnJson.text(p, "name");
            if (name == null || name.isBlank()) {
                continue;
            }
            String purl = null;
            String cpe = null;
            for (JsonNode ref : p.path("externalRefs")) {
                String type = ref.path("referenceType").asText("");
                String loc = ref.path("referenceLocator").asText(null);
                if (type.equals("purl") && purl == null) {
                    purl = loc;
                } else if ((type.equals("cpe23Type") || type.equals("cpe22Type")) && cpe == null) {
                    cpe = loc;
                }
            }
            String supplier = VulnJson.text(p, "supplier");
            if (supplier != null) {
                supplier = supplier.replaceFirst("^(?i)(Organization|Person|Tool):\\s*", "").strip();
                if (supplier.equalsIgnoreCase("NOASSERTION")) {
                    supplier = null;
                }
            }
            String version = VulnJson.text(p, "versionInfo");
            String purpose = VulnJson.text(p, "primaryPackagePurpose");
            Component c = new Component(name, version, purl, cpe, supplier, purpose == null ? null : purpose.toLowerCase(Locale.ROOT));
            if (out.size() >= MAX_COMPONENTS) {
                throw PalisadeException.invalid("SBOM: more than " + MAX_COMPONENTS + " packages");
            }
            out.add(c);
            if (subject == null && described.contains(VulnJson.text(p, "SPDXID"))) {
                subject = c;
            }
        }
        return new Sbom(root.path("spdxVersion").asText(), subject, out);
    }

    private Sbom spdx3(JsonNode root) {
        List<Component> out = new ArrayList<>();
        java.util.Set<String> roots = new java.util.HashSet<>();
        String version = "3.0";
        for (JsonNode e : root.path("@graph")) {
            String type = e.path("type").asText("");
            if (type.equals("CreationInfo")) {
                version = e.path("specVersion").asText(version);
            }
            if (type.equals("software_Sbom") || type.equals("SpdxDocument")) {
                e.path("rootElement").forEach(r -> roots.add(r.asText()));
            }
        }
        Component subject = null;
        for (JsonNode e : root.path("@graph")) {
            String type = e.path("type").asText("");
            if (!(type.equals("software_Package") || type.endsWith("Package"))) {
                continue;
            }
            String name = VulnJson.text(e, "name");
            if (name == null || name.isBlank()) {
                continue;
            }
            String purl = VulnJson.text(e, "software_packageUrl");
            String cpe = null;
            for (JsonNode x : e.path("externalIdentifier")) {
                String t = x.path("externalIdentifierType").asText("");
                String v = x.path("identifier").asText(null);
                if (t.equals("packageUrl") && purl == null) {
                    purl = v;
                } else if ((t.equals("cpe23") || t.equals("cpe22")) && cpe == null) {
                    cpe = v;
                }
            }
            String purpose = VulnJson.text(e, "software_primaryPurpose");
            Component c = new Component(name, VulnJson.text(e, "software_packageVersion"), purl, cpe, null,
                    purpose == null ? null : purpose.toLowerCase(Locale.ROOT));
            if (out.size() >= MAX_COMPONENTS) {
                throw PalisadeException.invalid("SBOM: more than " + MAX_COMPONENTS + " packages");
            }
            out.add(c);
            if (subject == null && roots.contains(VulnJson.text(e, "spdxId"))) {
                subject = c;
            }
        }
        return new Sbom("SPDX-" + version, subject, out);
    }
}
