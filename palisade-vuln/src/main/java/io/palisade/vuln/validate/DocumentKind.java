package io.palisade.vuln.validate;

import com.fasterxml.jackson.databind.JsonNode;

/** The document formats the validator knows. */
public enum DocumentKind {
    CSAF, OSV, CYCLONEDX, SPDX, UNKNOWN;

    /** Detects the kind from the top-level members. */
    public static DocumentKind detect(JsonNode root) {
        if (root == null || !root.isObject()) {
            return UNKNOWN;
        }
        if (root.path("document").has("csaf_version")) {
            return CSAF;
        }
        if ("CycloneDX".equals(root.path("bomFormat").asText(null))) {
            return CYCLONEDX;
        }
        if (root.has("spdxVersion") || isSpdx3(root)) {
            return SPDX;
        }
        if (root.has("id") && root.has("modified")) {
            return OSV;
        }
        return UNKNOWN;
    }

    /** SPDX 3.0 JSON-LD: an {@code @context} naming the SPDX 3 context (spdx.org/rdf/3.x) and an {@code @graph}. */
    public static boolean isSpdx3(JsonNode root) {
        JsonNode ctx = root.get("@context");
        boolean spdx3 = false;
        if (ctx != null && ctx.isTextual()) {
            spdx3 = ctx.textValue().matches("https?://spdx\\.org/rdf/3\\.[0-9.]+/spdx-context\\.jsonld");
        } else if (ctx != null && ctx.isArray()) {
            for (JsonNode c : ctx) {
                spdx3 |= c.isTextual() && c.textValue().matches("https?://spdx\\.org/rdf/3\\.[0-9.]+/spdx-context\\.jsonld");
            }
        }
        return spdx3 && root.has("@graph");
    }
}
