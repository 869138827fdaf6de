package io.palisade.vuln.match;

/** VEX status of a product for a vulnerability (CSAF product_status / CycloneDX analysis state). */
public enum VexStatus {
    AFFECTED, NOT_AFFECTED, FIXED, UNDER_INVESTIGATION
}
