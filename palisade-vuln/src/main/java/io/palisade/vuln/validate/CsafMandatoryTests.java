package io.palisade.vuln.validate;

import com.fasterxml.jackson.databind.JsonNode;
import io.palisade.vuln.advisory.Cvss;
import io.palisade.vuln.advisory.Purl;
import io.palisade.vuln.version.Version;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IllformedLocaleException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * The mandatory tests of CSAF 2.0 section 6.1, each reported under its section id. Implemented: 6.1.1-6.1.33
 * (6.1.27.1-6.1.27.11). Partial by nature: 6.1.8 checks vectors and required properties rather than the strict
 * FIRST schemas, 6.1.9 recomputes base and temporal scores (not environmental), 6.1.10 compares base and temporal
 * properties with the vector, 6.1.11 checks the CWE id form and, for the common CWEs bundled in
 * {@code cwe-names.tsv}, that the name is the catalogue's; 6.1.12 checks BCP 47 well-formedness and that language
 * and region subtags are registered (ISO 639-1 / ISO 3166 / UN M.49 as known to the JDK, plus registered
 * deprecated and private-use codes); 3-letter language, script and variant subtags are checked for form only.
 * Timestamps are compared as instants.
 */
public final class CsafMandatoryTests {
    private static final Set<String> PROFILES = Set.of("csaf_base", "csaf_security_incident_response",
            "csaf_informational_advisory", "csaf_security_advisory", "csaf_vex");
    private static final Pattern SEMVER = Pattern.compile(
            "(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(?:-([0-9A-Za-z.-]+))?(?:\\+([0-9A-Za-z.-]+))?");
    private static final Pattern INTEGER = Pattern.compile("0|[1-9]\\d*");
    private static final Pattern CWE = Pattern.compile("CWE-[1-9]\\d{0,5}");
    private static final Pattern RANGE_WORDS = Pattern.compile(
            "(?i)(<|<=|>|>=|\\b(after|all|before|earlier|later|prior|versions)\\b)");
    private static final List<String> AFFECTED = List.of("first_affected", "known_affected", "last_affected");
    private static final List<String> NOT_AFFECTED = List.of("known_not_affected");
    private static final List<String> FIXED = List.of("first_fixed", "fixed");
    private static final List<String> UNDER = List.of("under_investigation");

    private final List<Finding> out = new ArrayList<>();
    private final JsonNode root;

    private CsafMandatoryTests(JsonNode root) {
        this.root = root;
    }

    public static List<Finding> run(JsonNode root) {
        CsafMandatoryTests t = new CsafMandatoryTests(root);
        t.productIds();
        t.groupIds();
        t.vulnerabilities();
        t.language();
        t.purls();
        t.revisionHistory();
        t.category();
        t.profiles();
        t.hashes();
        t.versionRanges();
        return List.copyOf(t.out);
    }

    private void fail(String rule, String path, String message) {
        out.add(new Finding(rule, path, message));
    }

    // ---- product ids: 6.1.1, 6.1.2, 6.1.3 ----
    private final Map<String, String> definedProducts = new LinkedHashMap<>();
    private final Map<String, List<String>> groups = new HashMap<>();

    private void productIds() {
        JsonNode tree = root.path("product_tree");
        walkBranches(tree.path("branches"), "/product_tree/branches");
        each(tree.path("full_product_names"), "/product_tree/full_product_names", (n, p) -> define(n, p));
        each(tree.path("relationships"), "/product_tree/relationships", (n, p) -> define(n.path("full_product_name"), p + "/full_product_name"));
        // references
        each(tree.path("product_groups"), "/product_tree/product_groups", (g, p) ->
                each(g.path("product_ids"), p + "/product_ids", this::reference));
        Map<String, Set<String>> edges = new HashMap<>();
        each(tree.path("relationships"), "/product_tree/relationships", (r, p) -> {
            reference(r.path("product_reference"), p + "/product_reference");
            reference(r.path("relates_to_product_reference"), p + "/relates_to_product_reference");
            String id = r.path("full_product_name").path("product_id").asText(null);
            if (id != null) {
                Set<String> e = edges.computeIfAbsent(id, k -> new HashSet<>());
                e.add(r.path("product_reference").asText());
                e.add(r.path("relates_to_product_reference").asText());
            }
        });
        for (String start : edges.keySet()) {
            if (reaches(start, start, edges, new HashSet<>())) {
                fail("6.1.3", "/product_tree/relationships", "circular definition of product id " + start);
            }
        }
        each(root.path("vulnerabilities"), "/vulnerabilities", (v, p) -> {
            v.path("product_status").properties().forEach(e ->
                    each(e.getValue(), p + "/product_status/" + e.getKey(), this::reference));
            each(v.path("remediations"), p + "/remediations", (r, rp) -> each(r.path("product_ids"), rp + "/product_ids", this::reference));
            each(v.path("scores"), p + "/scores", (s, sp) -> each(s.path("products"), sp + "/products", this::reference));
            each(v.path("threats"), p + "/threats", (s, sp) -> each(s.path("product_ids"), sp + "/product_ids", this::reference));
            each(v.path("flags"), p + "/flags", (s, sp) -> each(s.path("product_ids"), sp + "/product_ids", this::reference));
        });
    }

    private boolean reaches(String from, String target, Map<String, Set<String>> edges, Set<String> seen) {
        for (String next : edges.getOrDefault(from, Set.of())) {
            if (next.equals(target)) {
                return true;
            }
            if (seen.add(next) && reaches(next, target, edges, seen)) {
                return true;
            }
        }
        return false;
    }

    private void walkBranches(JsonNode branches, String path) {
        each(branches, path, (b, p) -> {
            if (b.has("product")) {
                define(b.path("product"), p + "/product");
            }
            walkBranches(b.path("branches"), p + "/branches");
        });
    }

    private void define(JsonNode fpn, String path) {
        String id = fpn.path("product_id").asText(null);
        if (id == null) {
            return;
        }
        if (definedProducts.putIfAbsent(id, path + "/product_id") != null) {
            fail("6.1.2", path + "/product_id", "product id " + id + " defined more than once (first at " + definedProducts.get(id) + ")");
        }
    }

    private void reference(JsonNode id, String path) {
        if (id.isTextual() && !definedProducts.containsKey(id.asText())) {
            fail("6.1.1", path, "product id " + id.asText() + " is referenced but not defined in the product tree");
        }
    }

    // ---- groups: 6.1.4, 6.1.5 ----
    private void groupIds() {
        each(root.path("product_tree").path("product_groups"), "/product_tree/product_groups", (g, p) -> {
            String id = g.path("group_id").asText(null);
            if (id == null) {
                return;
            }
            List<String> ids = new ArrayList<>();
            g.path("product_ids").forEach(x -> ids.add(x.asText()));
            if (groups.put(id, ids) != null) {
                fail("6.1.5", p + "/group_id", "product group id " + id + " defined more than once");
            }
        });
        each(root.path("vulnerabilities"), "/vulnerabilities", (v, p) -> {
            for (String k : List.of("remediations", "threats", "flags")) {
                each(v.path(k), p + "/" + k, (n, np) -> each(n.path("group_ids"), np + "/group_ids", (g, gp) -> {
                    if (!groups.containsKey(g.asText())) {
                        fail("6.1.4", gp, "product group id " + g.asText() + " is referenced but not defined");
                    }
                }));
            }
        });
    }

    // ---- per-vulnerability rules ----
    private void vulnerabilities() {
        Map<String, String> cves = new HashMap<>();
        each(root.path("vulnerabilities"), "/vulnerabilities", (v, p) -> {
            // 6.1.6 contradicting product status
            Map<String, String> groupOf = new HashMap<>();
            JsonNode st = v.path("product_status");
            for (Map.Entry<String, List<String>> g : Map.of("affected", AFFECTED, "not affected", NOT_AFFECTED,
                    "fixed", FIXED, "under investigation", UNDER).entrySet()) {
                for (String k : g.getValue()) {
                    each(st.path(k), p + "/product_status/" + k, (id, ip) -> {
                        String prev = groupOf.putIfAbsent(id.asText(), g.getKey());
                        if (prev != null && !prev.equals(g.getKey())) {
                            fail("6.1.6", ip, "product " + id.asText() + " is both " + prev + " and " + g.getKey());
                        }
                    });
                }
            }
            // 6.1.7 multiple scores with the same version per product
            Map<String, String> seen = new HashMap<>();
            each(v.path("scores"), p + "/scores", (s, sp) -> {
                List<String> versions = new ArrayList<>();
                if (s.has("cvss_v2")) {
                    versions.add("2.0");
                }
                if (s.has("cvss_v3")) {
                    versions.add(s.path("cvss_v3").path("version").asText("3"));
                }
                each(s.path("products"), sp + "/products", (id, ip) -> {
                    for (String ver : versions) {
                        if (seen.put(id.asText() + "|" + ver, ip) != null) {
                            fail("6.1.7", ip, "product " + id.asText() + " has more than one CVSS " + ver + " score");
                        }
                    }
                });
                cvss(s.path("cvss_v3"), sp + "/cvss_v3", false);
                cvss(s.path("cvss_v2"), sp + "/cvss_v2", true);
            });
            // 6.1.11 CWE
            if (v.has("cwe")) {
                String id = v.path("cwe").path("id").asText("");
                String name = v.path("cwe").path("name").asText("");
                if (!CWE.matcher(id).matches() || name.isBlank()) {
                    fail("6.1.11", p + "/cwe", "CWE id must look like CWE-<number> and have a name");
                } else if (CweNames.known(id) && !CweNames.name(id).equals(name)) {
                    fail("6.1.11", p + "/cwe/name", "'" + name + "' is not the name of " + id + " in the CWE catalogue ('"
                            + CweNames.name(id) + "')");
                }
            }
            // 6.1.23 multiple use of same CVE
            String cve = v.path("cve").asText(null);
            if (cve != null && cves.putIfAbsent(cve, p) != null) {
                fail("6.1.23", p + "/cve", cve + " is used by more than one vulnerability (first " + cves.get(cve) + ")");
            }
            // 6.1.24 multiple definition in involvements
            Set<String> inv = new HashSet<>();
            each(v.path("involvements"), p + "/involvements", (i, ip) -> {
                String key = i.path("party").asText() + "|" + normalizeDate(i.path("date").asText(""));
                if (!inv.add(key)) {
                    fail("6.1.24", ip, "more than one involvement with the same party and date");
                }
            });
            // 6.1.29 remediation without product reference
            each(v.path("remediations"), p + "/remediations", (r, rp) -> {
                if (!r.has("product_ids") && !r.has("group_ids")) {
                    fail("6.1.29", rp, "remediation refers to no product_ids or group_ids");
                }
            });
            // 6.1.32 flag without product reference, 6.1.33 multiple flags per product
            Map<String, String> flagged = new HashMap<>();
            each(v.path("flags"), p + "/flags", (f, fp) -> {
                if (!f.has("product_ids") && !f.has("group_ids")) {
                    fail("6.1.32", fp, "flag refers to no product_ids or group_ids");
                }
                for (String id : expand(f)) {
                    if (flagged.putIfAbsent(id, fp) != null) {
                        fail("6.1.33", fp, "product " + id + " has more than one VEX justification flag");
                    }
                }
            });
        });
    }

    private List<String> expand(JsonNode n) {
        List<String> ids = new ArrayList<>();
        n.path("product_ids").forEach(x -> ids.add(x.asText()));
        n.path("group_ids").forEach(g -> ids.addAll(groups.getOrDefault(g.asText(), List.of())));
        return ids.stream().distinct().toList();
    }

    // ---- 6.1.8 / 6.1.9 / 6.1.10 CVSS ----
    private void cvss(JsonNode c, String path, boolean v2) {
        if (!c.isObject()) {
            return;
        }
        String vector = c.path("vectorString").asText(null);
        String version = c.path("version").asText(null);
        var parsed = Cvss.parse(vector);
        boolean versionOk = v2 ? "2.0".equals(version) : parsed.map(p -> p.version().equals(version)).orElse(false);
        if (vector == null || parsed.isEmpty() || !versionOk || !c.path("baseScore").isNumber()
                || (!v2 && !c.path("baseSeverity").isTextual()) || (v2 != parsed.get().version().equals("2.0"))) {
            fail("6.1.8", path, "invalid CVSS object: vector, version, baseScore" + (v2 ? "" : ", baseSeverity")
                    + " must be present and consistent");
            return;
        }
        Cvss.Vector vec = parsed.get();
        double base = Cvss.baseScore(vec);
        if (Math.abs(base - c.path("baseScore").asDouble()) > 0.001) {
            fail("6.1.9", path + "/baseScore", "baseScore " + c.path("baseScore").asText() + " differs from the computed " + base);
        }
        if (!v2 && !Cvss.severityV3(c.path("baseScore").asDouble()).equals(c.path("baseSeverity").asText())) {
            fail("6.1.9", path + "/baseSeverity", "baseSeverity does not match baseScore");
        }
        if (c.path("temporalScore").isNumber()) {
            Cvss.temporalScore(vec).ifPresent(t -> {
                if (Math.abs(t - c.path("temporalScore").asDouble()) > 0.001) {
                    fail("6.1.9", path + "/temporalScore", "temporalScore differs from the computed " + t);
                }
            });
        }
        Map<String, String> props = v2 ? Cvss.V2_PROPERTIES : Cvss.V3_PROPERTIES;
        Map<String, Map<String, String>> values = v2 ? Cvss.V2_VALUES : Cvss.V3_VALUES;
        for (Map.Entry<String, String> m : props.entrySet()) {
            JsonNode prop = c.path(m.getValue());
            if (!prop.isTextual()) {
                continue;
            }
            String inVector = vec.metrics().get(m.getKey());
            String expected = inVector == null ? (v2 ? "NOT_DEFINED" : "NOT_DEFINED") : values.get(m.getKey()).get(inVector);
            if (!prop.asText().equals(expected)) {
                fail("6.1.10", path + "/" + m.getValue(), m.getValue() + " is " + prop.asText() + " but the vector says " + expected);
            }
        }
    }

    // ---- 6.1.12 language, 6.1.15 translator, 6.1.28 translation ----
    private void language() {
        JsonNode doc = root.path("document");
        for (String k : List.of("lang", "source_lang")) {
            if (doc.path(k).isTextual()) {
                String tag = doc.path(k).asText();
                try {
                    new Locale.Builder().setLanguageTag(tag);
                    String unregistered = LanguageTags.unregisteredSubtag(tag);
                    if (unregistered != null) {
                        fail("6.1.12", "/document/" + k, "'" + tag + "' is well-formed but its subtag '" + unregistered
                                + "' is not in the IANA language subtag registry");
                    }
                } catch (IllformedLocaleException e) {
                    if (!LanguageTags.isGrandfathered(tag)) {
                        fail("6.1.12", "/document/" + k, "'" + tag + "' is not a valid BCP 47 language tag");
                    }
                }
            }
        }
        if ("translator".equals(doc.path("publisher").path("category").asText()) && !doc.has("source_lang")) {
            fail("6.1.15", "/document/source_lang", "a translator's document must state source_lang");
        }
        if (doc.path("lang").isTextual() && doc.path("source_lang").isTextual()
                && doc.path("lang").asText().equalsIgnoreCase(doc.path("source_lang").asText())) {
            fail("6.1.28", "/document/lang", "lang and source_lang must differ in a translation");
        }
    }

    // ---- 6.1.13 purl ----
    private void purls() {
        walkHelpers(root.path("product_tree").path("branches"), "/product_tree/branches");
        each(root.path("product_tree").path("full_product_names"), "/product_tree/full_product_names", this::purl);
        each(root.path("product_tree").path("relationships"), "/product_tree/relationships",
                (r, p) -> purl(r.path("full_product_name"), p + "/full_product_name"));
    }

    private void walkHelpers(JsonNode branches, String path) {
        each(branches, path, (b, p) -> {
            if (b.has("product")) {
                purl(b.path("product"), p + "/product");
            }
            walkHelpers(b.path("branches"), p + "/branches");
        });
    }

    private void purl(JsonNode fpn, String path) {
        JsonNode purl = fpn.path("product_identification_helper").path("purl");
        if (purl.isTextual() && Purl.tryParse(purl.asText()).isEmpty()) {
            fail("6.1.13", path + "/product_identification_helper/purl", "invalid package URL");
        }
    }

    // ---- 6.1.25 hashes ----
    private void hashes() {
        List<JsonNode> fpns = new ArrayList<>();
        collectProducts(root.path("product_tree").path("branches"), fpns);
        root.path("product_tree").path("full_product_names").forEach(fpns::add);
        root.path("product_tree").path("relationships").forEach(r -> fpns.add(r.path("full_product_name")));
        for (JsonNode fpn : fpns) {
            JsonNode hs = fpn.path("product_identification_helper").path("hashes");
            for (JsonNode h : hs) {
                Set<String> algs = new HashSet<>();
                for (JsonNode fh : h.path("file_hashes")) {
                    if (!algs.add(fh.path("algorithm").asText().toLowerCase(Locale.ROOT))) {
                        fail("6.1.25", "/product_tree (product " + fpn.path("product_id").asText() + ")",
                                "hash algorithm " + fh.path("algorithm").asText() + " used more than once for one file");
                    }
                }
            }
        }
    }

    private void collectProducts(JsonNode branches, List<JsonNode> acc) {
        for (JsonNode b : branches) {
            if (b.has("product")) {
                acc.add(b.path("product"));
            }
            collectProducts(b.path("branches"), acc);
        }
    }

    // ---- 6.1.31 version range in product version ----
    private void versionRanges() {
        checkVersionBranches(root.path("product_tree").path("branches"), "/product_tree/branches");
    }

    private void checkVersionBranches(JsonNode branches, String path) {
        each(branches, path, (b, p) -> {
            if ("product_version".equals(b.path("category").asText()) && RANGE_WORDS.matcher(b.path("name").asText()).find()) {
                fail("6.1.31", p + "/name", "product_version holds a version range; use product_version_range");
            }
            checkVersionBranches(b.path("branches"), p + "/branches");
        });
    }

    // ---- revision history: 6.1.14, 6.1.16-6.1.22, 6.1.30 ----
    private void revisionHistory() {
        JsonNode tracking = root.path("document").path("tracking");
        String status = tracking.path("status").asText("");
        String version = tracking.path("version").asText("");
        List<JsonNode> items = new ArrayList<>();
        tracking.path("revision_history").forEach(items::add);
        boolean draft = status.equals("draft");
        boolean finalish = status.equals("final") || status.equals("interim");
        // 6.1.30 mixed integer and semantic versioning
        boolean anySem = SEMVER.matcher(version).matches();
        boolean anyInt = INTEGER.matcher(version).matches();
        for (JsonNode i : items) {
            String n = i.path("number").asText("");
            anySem |= SEMVER.matcher(n).matches();
            anyInt |= INTEGER.matcher(n).matches();
        }
        if (anySem && anyInt) {
            fail("6.1.30", "/document/tracking", "integer and semantic versioning are mixed in version and revision history");
        }
        // 6.1.22 multiple definition in revision history
        Set<String> numbers = new HashSet<>();
        for (int k = 0; k < items.size(); k++) {
            if (!numbers.add(items.get(k).path("number").asText())) {
                fail("6.1.22", "/document/tracking/revision_history/" + k + "/number", "revision number used more than once");
            }
        }
        // 6.1.14 sorted revision history: sorted by date, numbers must ascend
        List<JsonNode> byDate = new ArrayList<>(items);
        // ties (entries sharing a timestamp) are ordered by number: the dates cannot order them, so no failure
        Comparator<JsonNode> byInstant = (a, b) -> compareDates(a.path("date").asText(""), b.path("date").asText(""));
        byDate.sort(byInstant.thenComparing((a, b) -> compareNumbers(a.path("number").asText(), b.path("number").asText())));
        for (int k = 1; k < byDate.size(); k++) {
            if (compareNumbers(byDate.get(k - 1).path("number").asText(), byDate.get(k).path("number").asText()) > 0) {
                fail("6.1.14", "/document/tracking/revision_history", "revision history numbers do not ascend with the dates");
                break;
            }
        }
        // 6.1.16 latest document version
        if (!byDate.isEmpty()) {
            JsonNode last = byDate.get(byDate.size() - 1);
            String lastNumber = stripBuild(last.path("number").asText());
            String v = stripBuild(version);
            if (draft) {
                lastNumber = stripPre(lastNumber);
                v = stripPre(v);
            }
            if (!lastNumber.equals(v)) {
                fail("6.1.16", "/document/tracking/version", "version " + version + " is not the number of the latest revision ("
                        + last.path("number").asText() + ")");
            }
        }
        // 6.1.17 document status draft
        if (!draft && (isZeroVersion(version) || hasPre(version))) {
            fail("6.1.17", "/document/tracking/status", "version " + version + " requires status draft");
        }
        for (int k = 0; k < items.size(); k++) {
            String n = items.get(k).path("number").asText();
            // 6.1.18 released revision history
            if (finalish && isZeroVersion(n)) {
                fail("6.1.18", "/document/tracking/revision_history/" + k + "/number", "a final or interim document has revision " + n);
            }
            // 6.1.19 pre-release in revision history
            if (hasPre(n)) {
                fail("6.1.19", "/document/tracking/revision_history/" + k + "/number", "revision " + n + " has a pre-release part");
            }
        }
        // 6.1.20 non-draft document version
        if (finalish && hasPre(version)) {
            fail("6.1.20", "/document/tracking/version", "a final or interim document must not have a pre-release version");
        }
        // 6.1.21 missing item in revision history
        List<Long> majors = new ArrayList<>();
        for (JsonNode i : items) {
            String n = i.path("number").asText();
            var m = SEMVER.matcher(n);
            if (INTEGER.matcher(n).matches() && n.length() < 18) {
                majors.add(Long.parseLong(n));
            } else if (m.matches() && m.group(1).length() < 18) {
                majors.add(Long.parseLong(m.group(1)));
            }
        }
        List<Long> distinct = majors.stream().distinct().sorted().toList();
        if (!distinct.isEmpty()) {
            boolean gap = distinct.get(0) > 1;
            for (int k = 1; k < distinct.size(); k++) {
                gap |= distinct.get(k) - distinct.get(k - 1) > 1;
            }
            if (gap) {
                fail("6.1.21", "/document/tracking/revision_history", "revision history has a missing version: " + distinct);
            }
        }
    }

    /**
     * Compares RFC 3339 timestamps as instants: offsets are applied and fractional seconds count, so
     * {@code 2024-01-01T10:00:00.5Z} is after {@code 2024-01-01T10:00:00Z} and {@code 2024-01-01T11:00:00+01:00}
     * equals {@code 2024-01-01T10:00:00Z}. Unparseable values sort after parseable ones, by text.
     */
    static int compareDates(String a, String b) {
        java.time.Instant x = instant(a);
        java.time.Instant y = instant(b);
        if (x != null && y != null) {
            return x.compareTo(y);
        }
        if (x == null && y == null) {
            return a.compareTo(b);
        }
        return x == null ? 1 : -1;
    }

    private static java.time.Instant instant(String d) {
        try {
            return OffsetDateTime.parse(d).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String dateKey(String d) {
        try {
            return OffsetDateTime.parse(d).toInstant().toString();
        } catch (DateTimeParseException e) {
            return d;
        }
    }

    private static String normalizeDate(String d) {
        return dateKey(d);
    }

    private static int compareNumbers(String a, String b) {
        try {
            return Version.of(a).compareTo(Version.of(b));
        } catch (RuntimeException e) {
            return a.compareTo(b);
        }
    }

    private static String stripBuild(String v) {
        int plus = v.indexOf('+');
        return plus >= 0 ? v.substring(0, plus) : v;
    }

    private static String stripPre(String v) {
        var m = SEMVER.matcher(v);
        return m.matches() ? m.group(1) + "." + m.group(2) + "." + m.group(3) : v;
    }

    private static boolean hasPre(String v) {
        var m = SEMVER.matcher(v);
        return m.matches() && m.group(4) != null;
    }

    private static boolean isZeroVersion(String v) {
        var m = SEMVER.matcher(v);
        return v.equals("0") || (m.matches() && m.group(1).equals("0"));
    }

    // ---- 6.1.26 prohibited document category name ----
    private void category() {
        String category = root.path("document").path("category").asText("");
        if (PROFILES.contains(category)) {
            return;
        }
        String norm = category.toLowerCase(Locale.ROOT).replaceAll("[-_\\s]", "");
        if (category.toLowerCase(Locale.ROOT).startsWith("csaf_")) {
            fail("6.1.26", "/document/category", "category uses the reserved prefix csaf_");
            return;
        }
        for (String p : PROFILES) {
            if (p.equals("csaf_base")) {
                continue;
            }
            String full = p.replace("_", "");
            String shortName = p.substring(5).replace("_", "");
            if (norm.equals(full) || norm.equals(shortName)) {
                fail("6.1.26", "/document/category", "category '" + category + "' imitates the profile " + p);
            }
        }
    }

    // ---- 6.1.27.x profile tests ----
    private void profiles() {
        String category = root.path("document").path("category").asText("");
        JsonNode vulns = root.path("vulnerabilities");
        if (category.equals("csaf_informational_advisory") || category.equals("csaf_security_incident_response")) {
            boolean note = false;
            for (JsonNode n : root.path("document").path("notes")) {
                note |= Set.of("description", "details", "general", "summary").contains(n.path("category").asText());
            }
            if (!note) {
                fail("6.1.27.1", "/document/notes", "the profile requires a note of category description, details, general or summary");
            }
            boolean external = false;
            for (JsonNode r : root.path("document").path("references")) {
                external |= "external".equals(r.path("category").asText());
            }
            if (!external) {
                fail("6.1.27.2", "/document/references", "the profile requires at least one external reference");
            }
        }
        if (category.equals("csaf_informational_advisory") && vulns.isArray()) {
            fail("6.1.27.3", "/vulnerabilities", "an informational advisory must not contain vulnerabilities");
        }
        boolean sa = category.equals("csaf_security_advisory");
        boolean vex = category.equals("csaf_vex");
        if (!(sa || vex)) {
            return;
        }
        if (!root.has("product_tree")) {
            fail("6.1.27.4", "/product_tree", "the profile requires a product tree");
        }
        if (!vulns.isArray()) {
            fail("6.1.27.11", "/vulnerabilities", "the profile requires vulnerabilities");
            return;
        }
        each(vulns, "/vulnerabilities", (v, p) -> {
            if (!v.has("notes")) {
                fail("6.1.27.5", p + "/notes", "each vulnerability needs notes in this profile");
            }
            if (!v.has("product_status")) {
                fail("6.1.27.6", p + "/product_status", "each vulnerability needs a product_status in this profile");
            }
            if (!vex) {
                return;
            }
            JsonNode st = v.path("product_status");
            if (!(st.has("fixed") || st.has("known_affected") || st.has("known_not_affected") || st.has("under_investigation"))) {
                fail("6.1.27.7", p + "/product_status", "a VEX vulnerability needs fixed, known_affected, known_not_affected or under_investigation");
            }
            if (!v.has("cve") && !v.has("ids")) {
                fail("6.1.27.8", p, "a VEX vulnerability needs cve or ids");
            }
            Set<String> impact = new HashSet<>();
            v.path("flags").forEach(f -> impact.addAll(expand(f)));
            v.path("threats").forEach(t -> {
                if ("impact".equals(t.path("category").asText())) {
                    impact.addAll(expand(t));
                }
            });
            each(st.path("known_not_affected"), p + "/product_status/known_not_affected", (id, ip) -> {
                if (!impact.contains(id.asText())) {
                    fail("6.1.27.9", ip, "known_not_affected product " + id.asText() + " has no impact statement (flag or impact threat)");
                }
            });
            Set<String> action = new HashSet<>();
            v.path("remediations").forEach(r -> action.addAll(expand(r)));
            each(st.path("known_affected"), p + "/product_status/known_affected", (id, ip) -> {
                if (!action.contains(id.asText())) {
                    fail("6.1.27.10", ip, "known_affected product " + id.asText() + " has no action statement (remediation)");
                }
            });
        });
    }

    private static void each(JsonNode array, String path, BiConsumer<JsonNode, String> f) {
        if (!array.isArray()) {
            return;
        }
        for (int i = 0; i < array.size(); i++) {
            f.accept(array.get(i), path + "/" + i);
        }
    }
}
