package io.palisade.vuln.match;

/** Which identity linked an advisory statement to a firmware: package URL, CPE, or vendor/product names. */
public enum MatchedBy {
    PURL, CPE, NAME
}
