package io.palisade.vuln.sbom;

/** One SBOM component reduced to what matching needs; any field but {@code name} may be null. */
public record Component(String name, String version, String purl, String cpe, String supplier, String type) {
    public Component {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("component name required");
        }
    }
}
