package io.palisade.conformity.assess;

/** Counts for one category of one standard (e.g. etsi-en-303-645 / 5.1). */
public record CategorySummary(String standard, String category, String title, Tally tally) {
}
