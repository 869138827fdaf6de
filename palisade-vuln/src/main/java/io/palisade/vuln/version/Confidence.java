package io.palisade.vuln.version;

/**
 * How sure a match is: HIGH when the identity is a purl/CPE or the version is listed exactly, MEDIUM for a
 * structured range (vers:, OSV events, CSAF version branches) matched by vendor/product name, LOW for free-text
 * ranges or when the source gives no version information at all.
 */
public enum Confidence {
    LOW, MEDIUM, HIGH;

    public Confidence min(Confidence other) {
        return compareTo(other) <= 0 ? this : other;
    }
}
