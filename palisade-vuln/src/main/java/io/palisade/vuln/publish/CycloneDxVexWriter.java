package io.palisade.vuln.publish;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.palisade.core.ErrorCode;
import io.palisade.core.PalisadeException;
import io.palisade.vuln.VulnJson;
import io.palisade.vuln.advisory.Cvss;
import io.palisade.vuln.match.VexStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Writes CycloneDX 1.7 VEX (ECMA-424 2nd edition, published October 2025): our firmware versions as components, one vulnerability object per (vulnerability,
 * status, justification, detail) with analysis state (exploitable / not_affected / resolved / in_triage) and the
 * affected component refs. Valid against the bundled CycloneDX 1.7 JSON schema
 * (tools in the object form, the array form being deprecated since 1.5).
 */
public final class CycloneDxVexWriter {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    public ObjectNode write(List<VulnerabilityEntry> vulnerabilities, UUID serialNumber, Instant timestamp) {
        Objects.requireNonNull(serialNumber, "serialNumber");
        ObjectNode bom = F.objectNode();
        bom.put("bomFormat", "CycloneDX").put("specVersion", "1.7").put("serialNumber", "urn:uuid:" + serialNumber).put("version", 1);
        ObjectNode meta = bom.putObject("metadata");
        meta.put("timestamp", timestamp.truncatedTo(ChronoUnit.SECONDS).toString());
        meta.putObject("tools").putArray("components").addObject().put("type", "application").put("name", "Palisade");
        Map<String, String> refs = new LinkedHashMap<>();
        ArrayNode components = bom.putArray("components");
        for (VulnerabilityEntry v : vulnerabilities) {
            for (VexStatement s : v.statements()) {
                ProductRef p = s.product();
                if (refs.containsKey(p.key())) {
                    continue;
                }
                String ref = "fw-" + (refs.size() + 1);
                refs.put(p.key(), ref);
                ObjectNode c = components.addObject().put("type", "firmware").put("bom-ref", ref);
                c.putObject("supplier").put("name", p.vendor());
                c.put("name", p.model()).put("version", p.version());
                if (p.cpe() != null) {
                    c.put("cpe", p.cpe());
                }
                if (p.purl() != null) {
                    c.put("purl", p.purl());
                }
            }
        }
        ArrayNode vulns = bom.putArray("vulnerabilities");
        for (VulnerabilityEntry v : vulnerabilities) {
            Map<String, ObjectNode> groups = new LinkedHashMap<>();
            for (VexStatement s : v.statements()) {
                String detail = s.status() == VexStatus.NOT_AFFECTED ? s.impactStatement()
                        : s.status() == VexStatus.AFFECTED ? s.action() : null;
                String key = s.status() + "|" + s.justification() + "|" + detail;
                ObjectNode entry = groups.computeIfAbsent(key, k -> vulnerability(v, s, detail, groups.size()));
                ArrayNode affects = (ArrayNode) entry.get("affects");
                String ref = refs.get(s.product().key());
                boolean present = false;
                for (var a : affects) {
                    present |= a.path("ref").asText().equals(ref);
                }
                if (!present) {
                    affects.addObject().put("ref", ref);
                }
            }
            groups.values().forEach(vulns::add);
        }
        return bom;
    }

    public byte[] writeBytes(List<VulnerabilityEntry> vulnerabilities, UUID serialNumber, Instant timestamp) {
        try {
            return VulnJson.mapper().writeValueAsString(write(vulnerabilities, serialNumber, timestamp)).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new PalisadeException(ErrorCode.INTERNAL, "cannot serialize CycloneDX VEX", e);
        }
    }

    private static ObjectNode vulnerability(VulnerabilityEntry v, VexStatement s, String detail, int index) {
        ObjectNode o = F.objectNode();
        o.put("bom-ref", "vuln-" + v.label() + "-" + (index + 1));
        o.put("id", v.label());
        if (v.cve() != null) {
            o.putObject("source").put("name", "NVD").put("url", "https://nvd.nist.gov/vuln/detail/" + v.cve());
        }
        if (v.cvssV3Vector() != null) {
            Cvss.Vector vec = Cvss.parse(v.cvssV3Vector()).orElseThrow();
            double score = Cvss.baseScore(vec);
            o.putArray("ratings").addObject().put("score", score)
                    .put("severity", Cvss.severityV3(score).toLowerCase(Locale.ROOT))
                    .put("method", vec.version().equals("3.1") ? "CVSSv31" : "CVSSv3").put("vector", v.cvssV3Vector());
        }
        if (v.cweId() != null) {
            o.putArray("cwes").add(Integer.parseInt(v.cweId().substring(4)));
        }
        o.put("description", v.description());
        ObjectNode analysis = o.putObject("analysis");
        analysis.put("state", switch (s.status()) {
            case AFFECTED -> "exploitable";
            case NOT_AFFECTED -> "not_affected";
            case FIXED -> "resolved";
            case UNDER_INVESTIGATION -> "in_triage";
        });
        if (s.status() == VexStatus.NOT_AFFECTED && s.justification() != null) {
            analysis.put("justification", s.justification().cycloneDx());
        }
        if (s.status() == VexStatus.AFFECTED) {
            analysis.putArray("response").add(s.fixedIn() != null ? "update" : "workaround_available");
        }
        if (detail != null) {
            analysis.put("detail", detail);
        }
        o.putArray("affects");
        return o;
    }
}
