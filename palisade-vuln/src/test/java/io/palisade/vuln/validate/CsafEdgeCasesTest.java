package io.palisade.vuln.validate;

import static io.palisade.vuln.validate.CsafMandatoryTestsTest.at;
import static io.palisade.vuln.validate.CsafMandatoryTestsTest.check;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Edge cases of the CSAF 2.0 mandatory tests (6.1.x) where a naive implementation disagrees with the specification. */
class CsafEdgeCasesTest {
    static void passes(String rule, Consumer<ObjectNode> m) {
        ValidationReport r = check(m);
        assertThat(r.failedRules()).as(r.findings().toString()).doesNotContain(rule);
    }

    static void fails(String rule, Consumer<ObjectNode> m) {
        ValidationReport r = check(m);
        assertThat(r.failedRules()).as(r.findings().toString()).contains(rule);
    }

    static Consumer<ObjectNode> history(String d1, String n1, String d2, String n2, String version) {
        return d -> {
            at(d, "/document/tracking/revision_history/0").put("date", d1).put("number", n1);
            at(d, "/document/tracking/revision_history/1").put("date", d2).put("number", n2);
            at(d, "/document/tracking").put("version", version).put("initial_release_date", "2023-01-01T00:00:00Z")
                    .put("current_release_date", "2025-01-01T00:00:00Z");
        };
    }

    @Test
    void fractionalSecondsAreLaterNotEarlier() {
        // as text "…00.5Z" sorts before "…00Z"; as instants it is half a second later
        passes("6.1.14", history("2024-01-01T10:00:00Z", "1", "2024-01-01T10:00:00.5Z", "2", "2"));
        passes("6.1.16", history("2024-01-01T10:00:00Z", "1", "2024-01-01T10:00:00.5Z", "2", "2"));
        fails("6.1.14", history("2024-01-01T10:00:00.5Z", "1", "2024-01-01T10:00:00Z", "2", "2"));
    }

    @Test
    void offsetsAreAppliedBeforeComparing() {
        // 09:30+00:00 is after 10:00+01:00 (= 09:00Z)
        passes("6.1.14", history("2024-01-01T10:00:00+01:00", "1", "2024-01-01T09:30:00+00:00", "2", "2"));
        fails("6.1.14", history("2024-01-01T09:30:00Z", "1", "2024-01-01T10:00:00+01:00", "2", "2"));
        fails("6.1.16", history("2024-01-01T09:30:00Z", "1", "2024-01-01T10:00:00+01:00", "2", "2"));
        passes("6.1.16", history("2024-01-01T09:30:00Z", "1", "2024-01-01T10:00:00+01:00", "2", "1"));
    }

    @Test
    void entriesSharingADateAreOrderedByNumber() {
        // same instant (also when written with different offsets), listed in either order: not unsorted
        passes("6.1.14", history("2024-01-01T00:00:00Z", "2", "2024-01-01T00:00:00Z", "1", "2"));
        passes("6.1.14", history("2024-01-01T01:00:00+01:00", "2", "2024-01-01T00:00:00Z", "1", "2"));
        // the latest version is the highest number among the latest date's entries
        passes("6.1.16", history("2024-01-01T00:00:00Z", "2", "2024-01-01T00:00:00Z", "1", "2"));
        fails("6.1.16", history("2024-01-01T00:00:00Z", "2", "2024-01-01T00:00:00Z", "1", "1"));
    }

    @Test
    void productNamesContainingRangeWordsAreNotVersionRanges() {
        // 6.1.31 applies to branches of category product_version only
        passes("6.1.31", d -> at(d, "/product_tree/branches/0/branches/0").put("name", "Plug After Dark (all-in-one)"));
        passes("6.1.31", d -> at(d, "/product_tree/branches/0/branches/0/branches/0/product").put("name", "Plug for all versions"));
        passes("6.1.31", d -> at(d, "/product_tree/branches/0").put("name", "Before & After GmbH"));
        fails("6.1.31", d -> at(d, "/product_tree/branches/0/branches/0/branches/0").put("name", "2.0 and later"));
        fails("6.1.31", d -> at(d, "/product_tree/branches/0/branches/0/branches/0").put("name", "<= 1.0"));
    }

    @Test
    void cweNameMustMatchTheCatalogue() {
        fails("6.1.11", d -> at(d, "/vulnerabilities/0").putObject("cwe").put("id", "CWE-79").put("name", "Improper Input Validation"));
        passes("6.1.11", d -> at(d, "/vulnerabilities/0").putObject("cwe").put("id", "CWE-79")
                .put("name", "Improper Neutralization of Input During Web Page Generation ('Cross-site Scripting')"));
        passes("6.1.11", d -> at(d, "/vulnerabilities/0").putObject("cwe").put("id", "CWE-20").put("name", "Improper Input Validation"));
        fails("6.1.11", d -> at(d, "/vulnerabilities/0").putObject("cwe").put("id", "CWE-0079").put("name", "x"));
    }

    @Test
    void wellFormedButUnregisteredLanguageTagsFail() {
        fails("6.1.12", d -> at(d, "/document").put("lang", "EZ"));
        fails("6.1.12", d -> at(d, "/document").put("lang", "qq"));
        fails("6.1.12", d -> at(d, "/document").put("lang", "en-UK")); // UK is not a registered region (GB is); QM-QZ are private use
        fails("6.1.12", d -> at(d, "/document").put("source_lang", "xx-US"));
        for (String ok : new String[] {"en", "de-DE", "en-GB", "zh-Hant-TW", "es-419", "i-default", "x-private", "qaa", "de-CH-1996",
                "sr-Latn-RS", "en-US-x-twain", "EN-us"}) {
            passes("6.1.12", d -> at(d, "/document").put("lang", ok));
        }
    }

    @Test
    void involvementDatesAreComparedAsInstants() {
        fails("6.1.24", d -> {
            ArrayNode inv = at(d, "/vulnerabilities/0").putArray("involvements");
            inv.addObject().put("party", "vendor").put("status", "open").put("date", "2024-01-01T10:00:00Z");
            inv.addObject().put("party", "vendor").put("status", "completed").put("date", "2024-01-01T11:00:00.000+01:00");
        });
        passes("6.1.24", d -> {
            ArrayNode inv = at(d, "/vulnerabilities/0").putArray("involvements");
            inv.addObject().put("party", "vendor").put("status", "open").put("date", "2024-01-01T10:00:00Z");
            inv.addObject().put("party", "vendor").put("status", "completed").put("date", "2024-01-01T10:00:00.001Z");
        });
    }
}
