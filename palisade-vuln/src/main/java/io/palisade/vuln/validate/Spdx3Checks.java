package io.palisade.vuln.validate;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Structural checks for SPDX 3.0 JSON-LD (serialization of the SPDX 3.0 model with the published context): no
 * SPDX 3.0 JSON schema is bundled, so these check what Palisade relies on: a {@code @graph} of objects, each with a
 * {@code type}; exactly one {@code CreationInfo} with a 3.0.x {@code specVersion} and {@code created}; every other
 * element with a unique {@code spdxId} and a {@code creationInfo}; relationships whose ends are given.
 */
final class Spdx3Checks {
    private static final int MAX_FINDINGS = 200;

    private Spdx3Checks() {
    }

    static ValidationReport validate(JsonNode root) {
        List<Finding> f = new ArrayList<>();
        JsonNode graph = root.get("@graph");
        if (graph == null || !graph.isArray()) {
            f.add(new Finding("schema", "/@graph", "SPDX 3 JSON-LD needs an @graph array"));
            return new ValidationReport(DocumentKind.SPDX, "SPDX 3.0", f);
        }
        String version = null;
        int creationInfos = 0;
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < graph.size() && f.size() < MAX_FINDINGS; i++) {
            JsonNode e = graph.get(i);
            String at = "/@graph/" + i;
            if (!e.isObject() || !e.path("type").isTextual()) {
                f.add(new Finding("schema", at, "element without a type"));
                continue;
            }
            String type = e.get("type").textValue();
            if (type.equals("CreationInfo")) {
                creationInfos++;
                version = e.path("specVersion").asText(null);
                if (version == null || !version.matches("3\\.0(\\.[0-9]+)?")) {
                    f.add(new Finding("schema", at + "/specVersion", "CreationInfo specVersion must be 3.0.x, was " + version));
                }
                if (!e.path("created").isTextual()) {
                    f.add(new Finding("schema", at + "/created", "CreationInfo needs created"));
                }
                continue;
            }
            String id = e.path("spdxId").asText(null);
            if (id == null || id.isBlank()) {
                f.add(new Finding("schema", at + "/spdxId", type + " without spdxId"));
            } else if (!ids.add(id)) {
                f.add(new Finding("schema", at + "/spdxId", "duplicate spdxId " + id));
            }
            if (e.get("creationInfo") == null) {
                f.add(new Finding("schema", at + "/creationInfo", type + " without creationInfo"));
            }
            if (type.endsWith("Relationship") && (!e.path("from").isTextual() || e.get("to") == null
                    || !e.path("relationshipType").isTextual())) {
                f.add(new Finding("schema", at, type + " needs from, to and relationshipType"));
            }
        }
        if (creationInfos == 0) {
            f.add(new Finding("schema", "/@graph", "no CreationInfo element"));
        }
        return new ValidationReport(DocumentKind.SPDX, "SPDX " + (version == null ? "3.0" : version) + " (JSON-LD, structural checks)", f);
    }
}
