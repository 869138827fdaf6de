package io.palisade.conformity.report;

import io.palisade.conformity.assess.AssessmentResult;
import io.palisade.conformity.assess.CategorySummary;
import io.palisade.conformity.assess.RequirementResult;
import io.palisade.conformity.assess.Tally;
import io.palisade.conformity.attest.Attestation;
import io.palisade.conformity.evidence.Evidence;
import io.palisade.conformity.evidence.Verdict;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A self-contained HTML report: totals, a summary per category, then every requirement with failures first,
 * each with its reasons and evidence (what was checked, when, values, source, how to re-check). Self-attested
 * verdicts are labelled as such. Every string from data is HTML-escaped; no scripts, no external resources.
 */
public final class HtmlReport {
    private HtmlReport() {
    }

    private static int rank(Verdict v) {
        return switch (v) {
            case FAIL -> 0;
            case NEEDS_ATTESTATION -> 1;
            case PASS -> 2;
            case NOT_APPLICABLE -> 3;
        };
    }

    public static String render(AssessmentResult r) {
        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">")
                .append("<title>Conformity report: ").append(esc(r.profileTitle())).append("</title><style>")
                .append("body{font-family:sans-serif;margin:2em;max-width:75em}table{border-collapse:collapse}")
                .append("td,th{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}")
                .append(".fail{color:#a00;font-weight:bold}.pass{color:#070}.needs-attestation{color:#a60}.not-applicable{color:#666}")
                .append(".attested{background:#fff3d6;padding:0 .3em}section{border-top:1px solid #ddd;margin-top:1em}")
                .append("</style></head><body>\n");
        h.append("<h1>Conformity report — profile ").append(esc(r.profileTitle())).append(" (").append(esc(r.profile())).append(")</h1>\n");
        h.append("<p>Catalog ").append(esc(r.catalogId())).append(" version ").append(esc(r.catalogVersion()))
                .append(r.standard() == null ? "" : "; standard " + esc(r.standard()))
                .append(r.model() == null ? "" : "; model " + esc(r.model()))
                .append("; assessed at ").append(esc(String.valueOf(r.assessedAt()))).append(".</p>\n");
        Tally t = r.totals();
        h.append("<p id=\"totals\"><span class=\"fail\">").append(t.fail()).append(" fail</span>, <span class=\"needs-attestation\">")
                .append(t.needsAttestation()).append(" need attestation</span>, <span class=\"pass\">").append(t.pass())
                .append(" pass</span>, <span class=\"not-applicable\">").append(t.notApplicable()).append(" not applicable</span>; ")
                .append(t.selfAttested()).append(" verdict(s) rest on manufacturer self-attestation, the rest on observation.</p>\n");
        if (!r.warnings().isEmpty()) {
            h.append("<h2>Warnings</h2><ul>");
            for (String w : r.warnings()) {
                h.append("<li>").append(esc(w)).append("</li>");
            }
            h.append("</ul>\n");
        }
        h.append("<h2>Summary per category</h2>\n<table><tr><th>standard</th><th>category</th><th>fail</th><th>needs attestation</th>")
                .append("<th>pass</th><th>not applicable</th><th>self-attested</th></tr>\n");
        List<CategorySummary> cats = r.categories().stream()
                .sorted(Comparator.comparingInt((CategorySummary c) -> c.tally().fail() > 0 ? 0 : c.tally().needsAttestation() > 0 ? 1 : 2))
                .toList();
        for (CategorySummary c : cats) {
            h.append("<tr><td>").append(esc(c.standard())).append("</td><td>").append(esc(c.category())).append(" ")
                    .append(esc(c.title())).append("</td><td class=\"fail\">").append(c.tally().fail()).append("</td><td>")
                    .append(c.tally().needsAttestation()).append("</td><td>").append(c.tally().pass()).append("</td><td>")
                    .append(c.tally().notApplicable()).append("</td><td>").append(c.tally().selfAttested()).append("</td></tr>\n");
        }
        h.append("</table>\n<h2>Requirements (failures first)</h2>\n");
        List<RequirementResult> ordered = r.results().stream().sorted(Comparator.comparingInt((RequirementResult x) -> rank(x.verdict()))).toList();
        for (RequirementResult x : ordered) {
            h.append("<section id=\"").append(esc(x.requirementId())).append("\"><h3><span class=\"")
                    .append(x.verdict().label()).append("\">").append(x.verdict().label().toUpperCase(java.util.Locale.ROOT))
                    .append("</span> ").append(esc(x.requirementId())).append(" — ").append(esc(x.title())).append("</h3>\n<p>")
                    .append(x.standardVersion() == null ? "" : esc(x.standard()) + " " + esc(x.standardVersion()) + "; ")
                    .append("status ").append(esc(x.status()))
                    .append(x.condition() == null ? "" : " (condition: " + esc(x.condition()) + ")")
                    .append("; basis: ");
            if (x.selfAttested()) {
                h.append("<span class=\"attested\">").append(esc(x.basis().label())).append("</span>");
            } else {
                h.append(esc(x.basis().label()));
            }
            h.append("</p>\n<ul>");
            for (String reason : x.reasons()) {
                h.append("<li>").append(esc(reason)).append("</li>");
            }
            h.append("</ul>\n");
            for (Evidence e : x.evidence()) {
                h.append("<details open><summary>Evidence: ").append(esc(e.check())).append("</summary><p>collector ")
                        .append(esc(e.collector())).append(", checked at ").append(esc(String.valueOf(e.checkedAt())))
                        .append("; source: ").append(esc(e.source())).append("; re-check: <code>").append(esc(e.recheck()))
                        .append("</code></p><table>");
                for (Map.Entry<String, String> v : e.values().entrySet()) {
                    h.append("<tr><th>").append(esc(v.getKey())).append("</th><td>").append(esc(v.getValue())).append("</td></tr>");
                }
                h.append("</table></details>\n");
            }
            Attestation a = x.attestation();
            if (a != null) {
                h.append("<p class=\"attested\">Manufacturer attestation (self-attested, not observed): ").append(esc(a.claim().name()))
                        .append(" by ").append(esc(a.owner())).append(", dated ").append(esc(a.date().toString()))
                        .append(", expires ").append(esc(a.expires().toString()))
                        .append(a.reference() == null ? "" : ", reference " + esc(a.reference())).append(": ")
                        .append(esc(a.statement())).append("</p>\n");
            }
            h.append("</section>\n");
        }
        h.append("</body></html>\n");
        return h.toString();
    }

    /** Escapes text for HTML element content and double- or single-quoted attribute values. */
    public static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> {
                    if (Character.isISOControl(c) && c != '\n' && c != '\t') {
                        b.append("&#xFFFD;");
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
