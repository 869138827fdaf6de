package io.palisade.vuln.validate;

/** One failed check: {@code ruleId} is "schema" for JSON-schema errors or a CSAF section id such as "6.1.6"; {@code path} a JSON pointer. */
public record Finding(String ruleId, String path, String message) {
}
