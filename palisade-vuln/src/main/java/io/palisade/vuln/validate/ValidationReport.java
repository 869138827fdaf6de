package io.palisade.vuln.validate;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Result of validating one document: its kind, the schema used, and every failed rule (empty = valid). */
public record ValidationReport(DocumentKind kind, String schema, List<Finding> findings) {
    public ValidationReport {
        findings = List.copyOf(findings);
    }

    @com.fasterxml.jackson.annotation.JsonProperty("valid")
    public boolean valid() {
        return findings.isEmpty();
    }

    /** The distinct failed rule ids, sorted. */
    @com.fasterxml.jackson.annotation.JsonProperty("failedRules")
    public Set<String> failedRules() {
        TreeSet<String> ids = new TreeSet<>();
        findings.forEach(f -> ids.add(f.ruleId()));
        return ids;
    }
}
