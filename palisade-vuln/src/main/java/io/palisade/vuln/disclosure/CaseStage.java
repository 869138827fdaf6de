package io.palisade.vuln.disclosure;

import java.util.Set;

/**
 * ISO/IEC 29147 / 30111 stages of a vulnerability case. Transitions: RECEIVED → VERIFIED | CLOSED (not a
 * vulnerability, duplicate); VERIFIED → REMEDIATION | CLOSED; REMEDIATION → RELEASED; RELEASED → CLOSED.
 */
public enum CaseStage {
    RECEIVED, VERIFIED, REMEDIATION, RELEASED, CLOSED;

    public Set<CaseStage> next() {
        return switch (this) {
            case RECEIVED -> Set.of(VERIFIED, CLOSED);
            case VERIFIED -> Set.of(REMEDIATION, CLOSED);
            case REMEDIATION -> Set.of(RELEASED);
            case RELEASED -> Set.of(CLOSED);
            case CLOSED -> Set.of();
        };
    }

    public boolean canMoveTo(CaseStage to) {
        return next().contains(to);
    }
}
