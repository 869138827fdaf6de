package io.palisade.vuln.advisory;

/** Normalized status of a product for a vulnerability (CSAF product_status groups, OSV affected = KNOWN_AFFECTED). */
public enum ProductStatus {
    KNOWN_AFFECTED, FIXED, NOT_AFFECTED, UNDER_INVESTIGATION
}
