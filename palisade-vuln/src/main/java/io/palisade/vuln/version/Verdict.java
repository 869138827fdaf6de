package io.palisade.vuln.version;

/** Outcome of testing a version against a range: in it, outside it, or impossible to decide (reason given by the range). */
public enum Verdict {
    AFFECTED, NOT_AFFECTED, UNKNOWN
}
