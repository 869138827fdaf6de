package io.palisade.vuln.disclosure;

import java.time.Instant;

/** A stage change in a case's history. */
public record Transition(CaseStage from, CaseStage to, String actor, Instant at, String reason) {
}
