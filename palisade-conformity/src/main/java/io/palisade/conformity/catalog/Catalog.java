package io.palisade.conformity.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.palisade.core.PalisadeException;
import io.palisade.core.device.RiskProfile;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The versioned catalog of IoT security requirements, loaded from the JSON data files under
 * {@code io/palisade/conformity/catalog/} (index.json names the standard files, crosswalks.json and
 * profiles.json). Integrity is checked at load: unique ids, known statuses and evidence kinds, categories
 * that exist, crosswalk ends that exist, profiles that name existing standards and requirements. Immutable.
 */
public final class Catalog {
    private static final String BASE = "/io/palisade/conformity/catalog/";
    private static final int MAX_FILE_BYTES = 2 * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String id;
    private final String title;
    private final String version;
    private final Map<String, Standard> standards;
    private final Map<String, Requirement> requirements;
    private final List<Crosswalk> crosswalks;
    private final Map<String, ProfileDefinition> profiles;
    private final Map<String, String> standardAliases;
    private final Map<String, String> requirementAliases;

    private Catalog(String id, String title, String version, Map<String, Standard> standards,
            Map<String, Requirement> requirements, List<Crosswalk> crosswalks, Map<String, ProfileDefinition> profiles,
            Map<String, String> standardAliases, Map<String, String> requirementAliases) {
        this.standardAliases = Map.copyOf(standardAliases);
        this.requirementAliases = Map.copyOf(requirementAliases);
        this.id = id;
        this.title = title;
        this.version = version;
        this.standards = java.util.Collections.unmodifiableMap(standards);
        this.requirements = java.util.Collections.unmodifiableMap(requirements);
        this.crosswalks = List.copyOf(crosswalks);
        this.profiles = java.util.Collections.unmodifiableMap(profiles);
    }

    /** Loads the catalog bundled with this library. */
    public static Catalog loadDefault() {
        return load(name -> Catalog.class.getResourceAsStream(BASE + name));
    }

    /** Source of catalog files by name (index.json, the standard files, crosswalks.json, profiles.json). */
    @FunctionalInterface
    public interface FileSource {
        /** The file's content, or null if there is no such file. */
        InputStream open(String name) throws IOException;
    }

    /** Loads and validates a catalog; a broken catalog raises {@link PalisadeException} (invalid input). */
    public static Catalog load(FileSource files) {
        JsonNode index = read(files, "index.json");
        JsonNode meta = index.path("catalog");
        String catalogId = text(meta, "id", "index.json");
        String version = text(meta, "version", "index.json");
        Map<String, Standard> standards = new LinkedHashMap<>();
        Map<String, Requirement> reqs = new LinkedHashMap<>();
        Map<String, String> standardAliases = new LinkedHashMap<>();
        for (JsonNode f : index.path("standards")) {
            String file = f.asText();
            JsonNode doc = read(files, file);
            JsonNode s = doc.path("standard");
            String sid = text(s, "id", file);
            if (!Requirement.STANDARD_ID.matcher(sid).matches()) {
                throw broken(file + ": invalid standard id '" + sid + "'");
            }
            List<Standard.Category> cats = new ArrayList<>();
            Set<String> catIds = new HashSet<>();
            for (JsonNode c : doc.path("categories")) {
                Standard.Category cat = new Standard.Category(text(c, "id", file), text(c, "title", file));
                if (!catIds.add(cat.id())) {
                    throw broken(file + ": duplicate category " + cat.id());
                }
                cats.add(cat);
            }
            JsonNode src = s.path("source");
            Standard.Source source = new Standard.Source(text(src, "document", file + " source"),
                    text(src, "version", file + " source"), text(src, "clause", file + " source"));
            List<String> aliases = new ArrayList<>();
            for (JsonNode a : s.path("aliases")) {
                if (!Requirement.STANDARD_ID.matcher(a.asText()).matches()) {
                    throw broken(file + ": invalid standard alias '" + a.asText() + "'");
                }
                aliases.add(a.asText());
            }
            Standard std = new Standard(sid, text(s, "title", file), text(s, "version", file),
                    s.path("publisher").asText(""), s.path("url").asText(""), s.path("note").asText(""), cats, source, aliases);
            if (standards.putIfAbsent(sid, std) != null) {
                throw broken("duplicate standard " + sid);
            }
            for (String a : aliases) {
                if (standardAliases.putIfAbsent(a, sid) != null) {
                    throw broken("duplicate standard alias " + a);
                }
            }
            for (JsonNode r : doc.path("requirements")) {
                String local = text(r, "id", file);
                if (!Requirement.LOCAL_ID.matcher(local).matches()) {
                    throw broken(file + ": invalid requirement id '" + local + "'");
                }
                String cat = text(r, "category", file);
                if (!catIds.contains(cat)) {
                    throw broken(file + ": requirement " + local + " names unknown category " + cat);
                }
                Requirement req;
                try {
                    req = new Requirement(sid + ":" + local, sid, local, cat, text(r, "title", file), text(r, "text", file),
                            RequirementStatus.parse(text(r, "status", file)),
                            r.hasNonNull("condition") ? r.get("condition").asText() : null,
                            EvidenceKind.parse(text(r, "evidence", file)),
                            r.hasNonNull("collector") ? r.get("collector").asText() : null,
                            ints(r.path("conditions")), strings(r.path("features")));
                } catch (IllegalArgumentException e) {
                    throw broken(file + ": " + e.getMessage());
                }
                if (reqs.putIfAbsent(req.id(), req) != null) {
                    throw broken("duplicate requirement id " + req.id());
                }
            }
        }
        if (reqs.isEmpty()) {
            throw broken("catalog has no requirements");
        }
        for (String a : standardAliases.keySet()) {
            if (standards.containsKey(a)) {
                throw broken("standard alias " + a + " is also a standard id");
            }
        }
        Map<String, String> reqAliases = new LinkedHashMap<>();
        index.path("requirementAliases").fields().forEachRemaining(e -> {
            if (reqs.containsKey(e.getKey()) || !reqs.containsKey(e.getValue().asText())) {
                throw broken("requirement alias " + e.getKey() + " -> " + e.getValue().asText()
                        + " must name a free id and an existing requirement");
            }
            reqAliases.put(e.getKey(), e.getValue().asText());
        });
        List<Crosswalk> xs = new ArrayList<>();
        for (Standard st : standards.values()) {
            if (st.source() == null) {
                throw broken(st.id() + ": no source (document, version, clause)");
            }
        }
        Set<String> seen = new HashSet<>();
        for (JsonNode x : read(files, text(index, "crosswalks", "index.json")).path("crosswalks")) {
            Crosswalk cw = new Crosswalk(text(x, "source", "crosswalks"), text(x, "target", "crosswalks"),
                    Crosswalk.Relation.parse(text(x, "relation", "crosswalks")), x.path("route").asText(null),
                    x.path("whereRelevant").asBoolean(false));
            if (cw.whereRelevant() && (cw.relation() != Crosswalk.Relation.DEEMED_COMPLIANCE)) {
                throw broken("whereRelevant is only meaningful for deemed-compliance: " + cw.source() + " -> " + cw.target());
            }
            for (String end : List.of(cw.source(), cw.target())) {
                if (!reqs.containsKey(end)) {
                    throw broken("crosswalk names unknown requirement " + end);
                }
            }
            if (reqs.get(cw.source()).standard().equals(reqs.get(cw.target()).standard())) {
                throw broken("crosswalk links two requirements of one standard: " + cw.source() + " -> " + cw.target());
            }
            if (!seen.add(cw.source() + "|" + cw.target())) {
                throw broken("duplicate crosswalk " + cw.source() + " -> " + cw.target());
            }
            xs.add(cw);
        }
        Map<String, ProfileDefinition> profiles = new LinkedHashMap<>();
        for (JsonNode p : read(files, text(index, "profiles", "index.json")).path("profiles")) {
            ProfileDefinition def = profile(p, standards, reqs);
            if (profiles.putIfAbsent(def.id(), def) != null) {
                throw broken("duplicate profile " + def.id());
            }
        }
        if (profiles.isEmpty()) {
            throw broken("catalog has no profiles");
        }
        return new Catalog(catalogId, meta.path("title").asText(catalogId), version, standards, reqs, xs, profiles,
                standardAliases, reqAliases);
    }

    private static List<Integer> ints(JsonNode a) {
        List<Integer> out = new ArrayList<>();
        for (JsonNode n : a) {
            if (!n.isInt() || n.asInt() < 1) {
                throw broken("condition numbers must be positive integers: " + a);
            }
            out.add(n.asInt());
        }
        return out;
    }

    private static List<String> strings(JsonNode a) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : a) {
            if (!n.isTextual() || !n.asText().matches("[a-z]{1,3}")) {
                throw broken("feature letters must be a-z: " + a);
            }
            out.add(n.asText());
        }
        return out;
    }

    private static ProfileDefinition profile(JsonNode p, Map<String, Standard> standards, Map<String, Requirement> reqs) {
        String pid = text(p, "id", "profiles");
        List<String> stds = new ArrayList<>();
        for (JsonNode s : p.path("standards")) {
            if (!standards.containsKey(s.asText())) {
                throw broken("profile " + pid + " names unknown standard " + s.asText());
            }
            stds.add(s.asText());
        }
        Set<String> exclude = new HashSet<>();
        for (JsonNode e : p.path("exclude")) {
            if (!reqs.containsKey(e.asText())) {
                throw broken("profile " + pid + " excludes unknown requirement " + e.asText());
            }
            exclude.add(e.asText());
        }
        JsonNode q = p.path("parameters");
        try {
            ProfileParameters params = new ProfileParameters(q.path("maxCertificateLifetimeDays").asInt(-1),
                    q.path("updateSigningThreshold").asInt(-1), q.path("rootThreshold").asInt(-1),
                    q.path("mudRequired").asBoolean(true), q.path("minSupportMonths").asInt(-1),
                    q.path("minMetadataValidityHours").asInt(-1), q.path("vulnAcknowledgeDays").asInt(-1),
                    q.path("earlyWarningHours").asInt(-1), q.path("notificationHours").asInt(-1),
                    q.path("finalReportDays").asInt(-1), q.path("securityTxtMinValidityDays").asInt(-1),
                    q.path("minTlsVersion").asText(""), q.path("anomalyDetectionRequired").asBoolean(true));
            return new ProfileDefinition(pid, text(p, "title", "profiles"),
                    RiskProfile.valueOf(text(p, "coreProfile", "profiles")), stds,
                    p.path("includeRecommended").asBoolean(false), exclude, params);
        } catch (IllegalArgumentException e) {
            throw broken("profile " + pid + ": " + e.getMessage());
        }
    }

    private static JsonNode read(FileSource files, String name) {
        if (!name.matches("[a-z0-9][a-z0-9.-]{0,80}\\.json") || name.contains("..")) {
            throw broken("invalid catalog file name '" + name + "'");
        }
        try (InputStream in = files.open(name)) {
            if (in == null) {
                throw broken("catalog file missing: " + name);
            }
            byte[] bytes = in.readNBytes(MAX_FILE_BYTES + 1);
            if (bytes.length > MAX_FILE_BYTES) {
                throw broken("catalog file too large: " + name);
            }
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new PalisadeException(io.palisade.core.ErrorCode.INVALID_INPUT,
                    "catalog file " + name + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode n, String field, String where) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw broken(where + ": missing text field '" + field + "'");
        }
        return v.asText();
    }

    private static PalisadeException broken(String msg) {
        return PalisadeException.invalid("conformity catalog is broken: " + msg);
    }

    /** Fails unless every observed requirement names a collector from {@code known}. */
    public void requireCollectors(Set<String> known) {
        Set<String> missing = new TreeSet<>();
        for (Requirement r : requirements.values()) {
            if (r.collector() != null && !known.contains(r.collector())) {
                missing.add(r.id() + " -> " + r.collector());
            }
        }
        if (!missing.isEmpty()) {
            throw broken("requirements name unknown collectors: " + missing);
        }
    }

    public String id() {
        return id;
    }

    public String title() {
        return title;
    }

    public String version() {
        return version;
    }

    public Collection<Standard> standards() {
        return standards.values();
    }

    public Optional<Standard> findStandard(String standardId) {
        return Optional.ofNullable(standards.get(canonicalStandard(standardId)));
    }

    /** The standard id an alias stands for (e.g. {@code etsi-en-303-645-v2} → {@code etsi-en-303-645}); else the id. */
    public String canonicalStandard(String standardId) {
        return standardId == null ? null : standardAliases.getOrDefault(standardId, standardId);
    }

    /**
     * The canonical requirement id: resolves requirement aliases (ids renumbered between versions, e.g. the V3 number
     * {@code 5.0-1} once used for V2.1.1's provision {@code 4-1}) and standard aliases.
     */
    public String canonicalId(String requirementId) {
        if (requirementId == null) {
            return null;
        }
        String r = requirementAliases.get(requirementId);
        if (r != null) {
            return r;
        }
        int colon = requirementId.indexOf(':');
        if (colon > 0) {
            String std = standardAliases.get(requirementId.substring(0, colon));
            if (std != null) {
                return std + requirementId.substring(colon);
            }
        }
        return requirementId;
    }

    /** All requirements, in file order. */
    public Collection<Requirement> requirements() {
        return requirements.values();
    }

    public Optional<Requirement> find(String requirementId) {
        return Optional.ofNullable(requirements.get(canonicalId(requirementId)));
    }

    public Requirement get(String requirementId) {
        return find(requirementId).orElseThrow(() -> PalisadeException.notFound("unknown requirement id '" + requirementId + "'"));
    }

    public List<Crosswalk> crosswalks() {
        return crosswalks;
    }

    /** Crosswalks whose source or target is the requirement. */
    public List<Crosswalk> crosswalksOf(String requirementId) {
        return crosswalks.stream().filter(c -> c.source().equals(requirementId) || c.target().equals(requirementId)).toList();
    }

    public Collection<ProfileDefinition> profiles() {
        return profiles.values();
    }

    /**
     * The profile by id; accepts the catalog ids (consumer, enterprise, industrial, critical-infrastructure)
     * and the core {@link RiskProfile} labels (critical).
     */
    public ProfileDefinition profile(String profileId) {
        if (profileId == null) {
            throw PalisadeException.invalid("profile missing: use one of " + profiles.keySet());
        }
        ProfileDefinition p = profiles.get(profileId.toLowerCase(Locale.ROOT));
        if (p != null) {
            return p;
        }
        for (ProfileDefinition d : profiles.values()) {
            if (d.coreProfile().label().equalsIgnoreCase(profileId)) {
                return d;
            }
        }
        throw PalisadeException.invalid("unknown profile '" + profileId + "': use one of " + profiles.keySet());
    }

    public ProfileDefinition profile(RiskProfile core) {
        return profiles.values().stream().filter(p -> p.coreProfile() == core).findFirst()
                .orElseThrow(() -> PalisadeException.notFound("no catalog profile for " + core));
    }

    /** Requirements the profile selects, optionally only of one standard, in catalog order. */
    public List<Requirement> select(ProfileDefinition profile, String standardFilterOrAlias) {
        String standardFilter = canonicalStandard(standardFilterOrAlias);
        if (standardFilter != null) {
            if (!standards.containsKey(standardFilter)) {
                throw PalisadeException.invalid("unknown standard '" + standardFilter + "': use one of " + standards.keySet());
            }
            if (!profile.standards().contains(standardFilter)) {
                throw PalisadeException.invalid("standard '" + standardFilter + "' is not part of profile '" + profile.id()
                        + "' (its standards: " + profile.standards() + ")");
            }
        }
        return requirements.values().stream()
                .filter(profile::selects)
                .filter(r -> standardFilter == null || r.standard().equals(standardFilter))
                .toList();
    }
}
