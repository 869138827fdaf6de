package io.palisade.vuln.advisory;

/** A remediation as the source states it: category (vendor_fix, mitigation, workaround, none_available, no_fix_planned), details, url. */
public record Remediation(String category, String details, String url) {
}
