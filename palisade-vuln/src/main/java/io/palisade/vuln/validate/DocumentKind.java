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
        if (root.has("spdxVersion")) {
            return SPDX;
        }
        if (root.has("id") && root.has("modified")) {
            return OSV;
        }
        return UNKNOWN;
    }
}
