package io.palisade.vuln.advisory;

import io.palisade.vuln.version.VersionRange;
import java.util.List;
import java.util.Objects;

/**
 * One product statement of an advisory: which product (purl, CPE and/or vendor + product names), which versions,
 * with which status, for which vulnerability ids. {@code productId} is the source's own id (CSAF product_id,
 * OSV "package name@range index").
 */
public record AffectedProduct(String productId, String vendor, String product, String purl, String cpe,
        VersionRange versions, ProductStatus status, List<String> vulnerabilityIds, List<String> fixedVersions,
        List<Remediation> remediations, String justification) {
    public AffectedProduct {
        Objects.requireNonNull(versions, "versions");
        Objects.requireNonNull(status, "status");
        vulnerabilityIds = List.copyOf(vulnerabilityIds);
        fixedVersions = List.copyOf(fixedVersions);
        remediations = List.copyOf(remediations);
        if (purl == null && cpe == null && (product == null || product.isBlank())) {
            throw new IllegalArgumentException("affected product needs a purl, a CPE or a product name");
        }
    }
}
