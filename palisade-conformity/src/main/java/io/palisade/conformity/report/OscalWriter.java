package io.palisade.conformity.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.palisade.conformity.assess.AssessmentResult;
import io.palisade.conformity.assess.RequirementResult;
import io.palisade.conformity.attest.Attestation;
import io.palisade.conformity.catalog.Catalog;
import io.palisade.conformity.catalog.Crosswalk;
import io.palisade.conformity.catalog.ProfileDefinition;
import io.palisade.conformity.catalog.ProfileParameters;
import io.palisade.conformity.catalog.Requirement;
import io.palisade.conformity.catalog.Standard;
import io.palisade.conformity.evidence.Evidence;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * OSCAL 1.1.2 JSON output, valid against NIST's JSON schemas:
 * <ul>
 * <li>{@link #catalog}: the Palisade catalog as an OSCAL catalog (a group per standard, a sub-group per category,
 * a control per requirement with its paraphrase as the statement part {@code <id>_smt}, status/evidence props
 * and crosswalk links {@code #<target>} with rel = relation). Control ids are requirement ids with ':' → '_'.</li>
 * <li>{@link #mapping}: the crosswalks. OSCAL 1.1.2 has no mapping model, so the mapping is an OSCAL
 * <em>profile</em> that imports the catalog, selects every control taking part in a crosswalk, and for each
 * source control adds (modify/alters) a link {@code #<target>} with rel = relation and a prop
 * {@code crosswalk-target}.</li>
 * <li>{@link #riskProfile}: a risk profile as an OSCAL profile (selected controls + set-parameters).</li>
 * <li>{@link #assessmentResults}: OSCAL assessment-results: one result, one observation per piece of evidence
 * (method TEST) or attestation (method EXAMINE, prop basis=self-attested), one finding per requirement.</li>
 * </ul>
 * UUIDs are version 4; timestamps carry a zone (UTC).
 */
public final class OscalWriter {
    public static final String OSCAL_VERSION = "1.1.2";
    public static final String NS = "https://palisade.io/ns/oscal";
    private static final ObjectMapper JSON = JsonReport.mapper();
    private static final Map<String, String> PARAMS = new LinkedHashMap<>();

    static {
        PARAMS.put("max-certificate-lifetime-days", "Longest device-certificate validity in days");
        PARAMS.put("update-signing-threshold", "Minimum signatures on update (targets) metadata");
        PARAMS.put("root-threshold", "Minimum signatures on root metadata");
        PARAMS.put("mud-required", "Whether every model must declare a verified MUD profile");
        PARAMS.put("min-support-months", "Minimum support period in months");
        PARAMS.put("min-metadata-validity-hours", "Minimum remaining validity of update metadata in hours");
        PARAMS.put("vuln-acknowledge-days", "Days to acknowledge a vulnerability report");
        PARAMS.put("early-warning-hours", "Hours to an early warning of an actively exploited vulnerability");
        PARAMS.put("notification-hours", "Hours to the vulnerability notification");
        PARAMS.put("final-report-days", "Days to the final report after a fix is available");
        PARAMS.put("security-txt-min-validity-days", "Days security.txt must remain valid");
        PARAMS.put("min-tls-version", "Lowest accepted TLS version");
        PARAMS.put("anomaly-detection-required", "Whether telemetry anomaly detection is required");
    }

    private OscalWriter() {
    }

    public static String toJson(ObjectNode doc) {
        return JsonReport.write(doc);
    }

    static String ts(Instant t) {
        return t.truncatedTo(ChronoUnit.MILLIS).toString();
    }

    static String uuid() {
        return UUID.randomUUID().toString();
    }

    /** A single-line, trimmed, non-empty string (OSCAL markup-line / string datatypes). */
    static String line(String s) {
        String v = s == null ? "" : s.replaceAll("[\\r\\n\\t]+", " ").strip();
        return v.isEmpty() ? "-" : v;
    }

    private static ObjectNode prop(ArrayNode props, String name, String value) {
        ObjectNode p = props.addObject();
        p.put("name", name).put("ns", NS).put("value", line(value));
        return p;
    }

    private static ObjectNode metadata(ObjectNode parent, String title, String version, Instant at) {
        ObjectNode m = parent.putObject("metadata");
        m.put("title", line(title)).put("last-modified", ts(at)).put("version", line(version)).put("oscal-version", OSCAL_VERSION);
        return m;
    }

    public static ObjectNode catalog(Catalog catalog, Instant at) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode c = root.putObject("catalog");
        c.put("uuid", uuid());
        ObjectNode m = metadata(c, catalog.title(), catalog.version(), at);
        m.put("remarks", "Requirements are short paraphrases written by the Palisade project, not the text of the standards.");
        ArrayNode params = c.putArray("params");
        PARAMS.forEach((id, label) -> params.addObject().put("id", "palisade-" + id).put("label", label));
        ArrayNode groups = c.putArray("groups");
        for (Standard s : catalog.standards()) {
            ObjectNode g = groups.addObject();
            g.put("id", s.id()).put("class", "standard").put("title", line(s.title()));
            ArrayNode gp = g.putArray("props");
            prop(gp, "version", s.version());
            if (!s.publisher().isBlank()) {
                prop(gp, "publisher", s.publisher());
            }
            if (!s.url().isBlank()) {
                g.putArray("links").addObject().put("href", s.url()).put("rel", "reference");
            }
            ArrayNode sub = g.putArray("groups");
            for (Standard.Category cat : s.categories()) {
                List<Requirement> rs = catalog.requirements().stream()
                        .filter(r -> r.standard().equals(s.id()) && r.category().equals(cat.id())).toList();
                if (rs.isEmpty()) {
                    continue;
                }
                ObjectNode cg = sub.addObject();
                cg.put("id", Requirement.oscalId(s.id() + ":" + cat.id())).put("class", "category").put("title", line(cat.title()));
                ArrayNode controls = cg.putArray("controls");
                for (Requirement r : rs) {
                    controls.add(control(catalog, r));
                }
            }
        }
        return root;
    }

    private static ObjectNode control(Catalog catalog, Requirement r) {
        ObjectNode ctl = JSON.createObjectNode();
        ctl.put("id", r.oscalId()).put("class", "requirement").put("title", line(r.title()));
        ArrayNode props = ctl.putArray("props");
        prop(props, "label", r.localId());
        prop(props, "requirement-id", r.id());
        prop(props, "status", r.statusLabel());
        prop(props, "evidence", r.evidence().label());
        if (r.collector() != null) {
            prop(props, "collector", r.collector());
        }
        List<Crosswalk> out = catalog.crosswalks().stream().filter(x -> x.source().equals(r.id())).toList();
        if (!out.isEmpty()) {
            ArrayNode links = ctl.putArray("links");
            for (Crosswalk x : out) {
                links.addObject().put("href", "#" + Requirement.oscalId(x.target())).put("rel", x.relation().label());
            }
        }
        ArrayNode parts = ctl.putArray("parts");
        parts.addObject().put("id", r.oscalId() + "_smt").put("name", "statement").put("prose", r.text());
        if (r.condition() != null) {
            parts.addObject().put("id", r.oscalId() + "_cond").put("name", "condition").put("ns", NS).put("prose", r.condition());
        }
        return ctl;
    }

    /** The crosswalks as an OSCAL profile over the catalog at {@code catalogHref}. */
    public static ObjectNode mapping(Catalog catalog, String catalogHref, Instant at) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode p = root.putObject("profile");
        p.put("uuid", uuid());
        ObjectNode m = metadata(p, "Palisade crosswalks between IoT baselines", catalog.version(), at);
        m.put("remarks", "OSCAL 1.1.2 has no mapping model: each source control gets links to its targets (rel = relation).");
        ArrayNode ids = JSON.createArrayNode();
        java.util.Set<String> all = new java.util.LinkedHashSet<>();
        for (Crosswalk x : catalog.crosswalks()) {
            all.add(Requirement.oscalId(x.source()));
            all.add(Requirement.oscalId(x.target()));
        }
        all.forEach(ids::add);
        ObjectNode imp = p.putArray("imports").addObject();
        imp.put("href", catalogHref);
        imp.putArray("include-controls").addObject().set("with-ids", ids);
        p.putObject("merge").put("as-is", true);
        ArrayNode alters = p.putObject("modify").putArray("alters");
        Map<String, List<Crosswalk>> bySource = new LinkedHashMap<>();
        for (Crosswalk x : catalog.crosswalks()) {
            bySource.computeIfAbsent(x.source(), k -> new java.util.ArrayList<>()).add(x);
        }
        bySource.forEach((src, xs) -> {
            ObjectNode alter = alters.addObject();
            alter.put("control-id", Requirement.oscalId(src));
            ObjectNode add = alter.putArray("adds").addObject();
            add.put("position", "ending");
            ArrayNode props = add.putArray("props");
            ArrayNode links = add.putArray("links");
            for (Crosswalk x : xs) {
                prop(props, "crosswalk-target", x.target()).put("class", x.relation().label());
                links.addObject().put("href", "#" + Requirement.oscalId(x.target())).put("rel", x.relation().label());
            }
        });
        return root;
    }

    /** A risk profile as an OSCAL profile: its selected requirements and parameter values. */
    public static ObjectNode riskProfile(Catalog catalog, ProfileDefinition profile, String catalogHref, Instant at) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode p = root.putObject("profile");
        p.put("uuid", uuid());
        ObjectNode m = metadata(p, "Palisade risk profile: " + profile.title(), catalog.version(), at);
        prop(m.putArray("props"), "risk-profile", profile.id());
        ObjectNode imp = p.putArray("imports").addObject();
        imp.put("href", catalogHref);
        ArrayNode ids = imp.putArray("include-controls").addObject().putArray("with-ids");
        catalog.select(profile, null).forEach(r -> ids.add(r.oscalId()));
        p.putObject("merge").put("as-is", true);
        ArrayNode set = p.putObject("modify").putArray("set-parameters");
        ProfileParameters q = profile.parameters();
        Object[] values = {q.maxCertificateLifetimeDays(), q.updateSigningThreshold(), q.rootThreshold(), q.mudRequired(),
            q.minSupportMonths(), q.minMetadataValidityHours(), q.vulnAcknowledgeDays(), q.earlyWarningHours(),
            q.notificationHours(), q.finalReportDays(), q.securityTxtMinValidityDays(), q.minTlsVersion(), q.anomalyDetectionRequired()};
        int i = 0;
        for (String id : PARAMS.keySet()) {
            set.addObject().put("param-id", "palisade-" + id).putArray("values").add(String.valueOf(values[i++]));
        }
        return root;
    }

    public static ObjectNode assessmentResults(AssessmentResult result) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode ar = root.putObject("assessment-results");
        ar.put("uuid", uuid());
        String toolUuid = uuid();
        ObjectNode m = metadata(ar, "Palisade conformity assessment: " + result.profileTitle(), result.catalogVersion(), result.assessedAt());
        ArrayNode mprops = m.putArray("props");
        prop(mprops, "risk-profile", result.profile());
        prop(mprops, "catalog", result.catalogId());
        ArrayNode parties = m.putArray("parties");
        parties.addObject().put("uuid", toolUuid).put("type", "organization").put("name", "Palisade conformity engine");
        Map<String, String> ownerParties = new LinkedHashMap<>();
        for (RequirementResult r : result.results()) {
            if (r.attestation() != null) {
                ownerParties.computeIfAbsent(r.attestation().owner(), o -> {
                    String u = uuid();
                    parties.addObject().put("uuid", u).put("type", "person").put("name", line(o));
                    return u;
                });
            }
        }
        ObjectNode ap = ar.putObject("import-ap");
        ap.put("href", "urn:palisade:assessment-plan:" + result.profile());
        ap.put("remarks", "Continuous assessment from live platform evidence; the plan is the risk profile '" + result.profile() + "'.");
        ObjectNode res = ar.putArray("results").addObject();
        res.put("uuid", uuid());
        res.put("title", line("Conformity of the fleet to profile " + result.profileTitle()));
        res.put("description", "Verdicts per requirement: " + result.totals().pass() + " pass, " + result.totals().fail() + " fail, "
                + result.totals().notApplicable() + " not applicable, " + result.totals().needsAttestation()
                + " need attestation; " + result.totals().selfAttested() + " self-attested.");
        res.put("start", ts(result.assessedAt()));
        res.put("end", ts(result.assessedAt()));
        ArrayNode rprops = res.putArray("props");
        prop(rprops, "risk-profile", result.profile());
        if (result.standard() != null) {
            prop(rprops, "standard", result.standard());
        }
        if (result.model() != null) {
            prop(rprops, "model", result.model());
        }
        ArrayNode include = res.putObject("reviewed-controls").putArray("control-selections").addObject().putArray("include-controls");
        for (RequirementResult r : result.results()) {
            include.addObject().put("control-id", Requirement.oscalId(r.requirementId()));
        }
        ArrayNode observations = JSON.createArrayNode();
        ArrayNode findings = JSON.createArrayNode();
        Map<String, String> evidenceObs = new LinkedHashMap<>();
        for (RequirementResult r : result.results()) {
            ArrayNode related = JSON.createArrayNode();
            for (Evidence e : r.evidence()) {
                String key = e.collector() + "@" + e.checkedAt();
                String obsUuid = evidenceObs.computeIfAbsent(key, k -> {
                    String u = uuid();
                    observations.add(evidenceObservation(u, e, toolUuid));
                    return u;
                });
                related.addObject().put("observation-uuid", obsUuid);
            }
            if (r.attestation() != null) {
                String u = uuid();
                observations.add(attestationObservation(u, r.attestation(), ownerParties.get(r.attestation().owner()),
                        result.assessedAt()));
                related.addObject().put("observation-uuid", u);
            }
            ObjectNode f = findings.addObject();
            f.put("uuid", uuid());
            f.put("title", line(r.requirementId() + " " + r.title()));
            f.put("description", String.join("\n\n", r.reasons().isEmpty() ? List.of(r.verdict().label()) : r.reasons()));
            ArrayNode fp = f.putArray("props");
            prop(fp, "verdict", r.verdict().label());
            prop(fp, "basis", r.basis().label());
            prop(fp, "requirement-id", r.requirementId());
            ObjectNode target = f.putObject("target");
            target.put("type", "statement-id").put("target-id", Requirement.oscalId(r.requirementId()) + "_smt");
            ObjectNode status = target.putObject("status");
            switch (r.verdict()) {
                case PASS -> status.put("state", "satisfied").put("reason", "pass");
                case FAIL -> status.put("state", "not-satisfied").put("reason", "fail");
                case NOT_APPLICABLE -> status.put("state", "satisfied").put("reason", "other").put("remarks", "not applicable");
                case NEEDS_ATTESTATION -> status.put("state", "not-satisfied").put("reason", "other")
                        .put("remarks", "needs a manufacturer attestation");
            }
            f.putArray("origins").addObject().putArray("actors").addObject().put("type", "tool").put("actor-uuid", toolUuid);
            if (!related.isEmpty()) {
                f.set("related-observations", related);
            }
        }
        if (!observations.isEmpty()) {
            res.set("observations", observations);
        }
        if (!findings.isEmpty()) {
            res.set("findings", findings);
        }
        if (!result.warnings().isEmpty()) {
            res.put("remarks", String.join("\n\n", result.warnings()));
        }
        return root;
    }

    private static ObjectNode evidenceObservation(String uuid, Evidence e, String toolUuid) {
        ObjectNode o = JSON.createObjectNode();
        o.put("uuid", uuid).put("title", line(e.check())).put("description", "Collector " + e.collector() + " checked: " + e.check());
        ArrayNode props = o.putArray("props");
        prop(props, "collector", e.collector());
        prop(props, "basis", "observed");
        o.putArray("methods").add("TEST");
        o.putArray("types").add("control-objective");
        o.putArray("origins").addObject().putArray("actors").addObject().put("type", "tool").put("actor-uuid", toolUuid);
        ObjectNode ev = o.putArray("relevant-evidence").addObject();
        StringBuilder values = new StringBuilder();
        e.values().forEach((k, v) -> values.append("- ").append(k).append(" = ").append(v).append('\n'));
        ev.put("description", "Source: " + e.source() + ". Re-check: " + e.recheck());
        ev.put("remarks", values.length() == 0 ? "no values" : values.toString());
        o.put("collected", ts(e.checkedAt()));
        return o;
    }

    private static ObjectNode attestationObservation(String uuid, Attestation a, String partyUuid, Instant at) {
        ObjectNode o = JSON.createObjectNode();
        o.put("uuid", uuid).put("title", line("Manufacturer attestation for " + a.requirementId()))
                .put("description", "Self-attested (" + a.claim().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + ") by "
                        + a.owner() + " on " + a.date() + ", valid until " + a.expires() + ": " + a.statement());
        ArrayNode props = o.putArray("props");
        prop(props, "basis", "self-attested");
        prop(props, "attestation-owner", a.owner());
        prop(props, "attestation-expires", a.expires().toString());
        o.putArray("methods").add("EXAMINE");
        o.putArray("origins").addObject().putArray("actors").addObject().put("type", "party").put("actor-uuid", partyUuid);
        if (a.reference() != null) {
            o.putArray("relevant-evidence").addObject().put("description", "Reference: " + a.reference());
        }
        o.put("collected", ts(at));
        o.put("expires", ts(a.expires().plusDays(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant()));
        return o;
    }

}
