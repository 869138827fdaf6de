package io.palisade.vuln.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.SpecVersion.VersionFlag;
import io.palisade.core.PalisadeException;
import io.palisade.vuln.VulnJson;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Offline validation of CSAF 2.0, OSV, CycloneDX (1.2-1.7), SPDX 2.3 JSON and SPDX 3.0 JSON-LD documents: the kind is detected,
 * the document is checked against its bundled JSON schema and, for CSAF, against the mandatory tests of section
 * 6.1 ({@link CsafMandatoryTests}). Thread-safe; reuse one instance (schemas are compiled once).
 */
public final class Validator {
    private static final Set<String> CDX_VERSIONS = Set.of("1.2", "1.3", "1.4", "1.5", "1.6", "1.7");
    private final SchemaRegistry schemas = new SchemaRegistry();

    public ValidationReport validate(Path file) {
        return validate(VulnJson.readLimited(file));
    }

    /** Validates raw bytes; size, depth and JSON syntax errors become a "parse" finding instead of an exception. */
    public ValidationReport validate(byte[] bytes) {
        JsonNode root;
        try {
            root = VulnJson.parse(bytes, "document");
        } catch (PalisadeException e) {
            return new ValidationReport(DocumentKind.UNKNOWN, null, List.of(new Finding("parse", "", e.getMessage())));
        }
        return validate(root);
    }

    public ValidationReport validate(JsonNode root) {
        DocumentKind kind = DocumentKind.detect(root);
        return switch (kind) {
            case CSAF -> {
                String version = root.path("document").path("csaf_version").asText();
                if (!version.equals("2.0")) {
                    yield new ValidationReport(kind, null, List.of(new Finding("schema", "/document/csaf_version",
                            "unsupported CSAF version " + version + " (2.0 supported)")));
                }
                List<Finding> f = new ArrayList<>(schemas.validate("csaf/csaf_json_schema.json", VersionFlag.V202012, root));
                f.addAll(CsafMandatoryTests.run(root));
                yield new ValidationReport(kind, "CSAF 2.0", f);
            }
            case OSV -> new ValidationReport(kind, "OSV", schemas.validate("osv/schema.json", VersionFlag.V202012, root));
            case CYCLONEDX -> {
                String v = root.path("specVersion").asText("");
                if (!CDX_VERSIONS.contains(v)) {
                    yield new ValidationReport(kind, null, List.of(new Finding("schema", "/specVersion",
                            "unsupported CycloneDX specVersion '" + v + "' (1.2-1.7 supported)")));
                }
                yield new ValidationReport(kind, "CycloneDX " + v,
                        schemas.validate("cyclonedx/bom-" + v + ".schema.json", VersionFlag.V7, root));
            }
            case SPDX -> {
                if (DocumentKind.isSpdx3(root)) {
                    yield Spdx3Checks.validate(root);
                }
                String v = root.path("spdxVersion").asText("");
                if (!v.equals("SPDX-2.3")) {
                    yield new ValidationReport(kind, null, List.of(new Finding("schema", "/spdxVersion",
                            "unsupported spdxVersion '" + v + "' (SPDX-2.3 supported)")));
                }
                yield new ValidationReport(kind, "SPDX 2.3", schemas.validate("spdx/spdx-schema.json", VersionFlag.V201909, root));
            }
            case UNKNOWN -> new ValidationReport(kind, null, List.of(new Finding("kind", "",
                    "not a CSAF, OSV, CycloneDX or SPDX JSON document")));
        };
    }
}
