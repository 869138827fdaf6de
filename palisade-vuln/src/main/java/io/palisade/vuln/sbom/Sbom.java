package io.palisade.vuln.sbom;

import java.util.List;

/** A parsed SBOM: its format ("CycloneDX 1.5", "SPDX-2.3"), the described subject (may be null) and all components. */
public record Sbom(String format, Component subject, List<Component> components) {
    public Sbom {
        components = List.copyOf(components);
    }
}
