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

    private Catalog(String id, String title, String version, Map<String, Standard> standards,
            Map<String, Requirement> requirements, List<Crosswalk> crosswalks, Map<String, ProfileDefinition> profiles) {
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
            Standard std = new Standard(sid, text(s, "title", file), text(s, "version", file),
                    s.path("publisher").asText(""), s.path("url").asText(""), s.path("note").asText(""), cats);
            if (standards.putIfAbsent(sid, std) != null) {
                throw broken("duplicate standard " + sid);
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
                            r.hasNonNull("collector") ? r.get("collector").asText() : null);
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
        List<Crosswalk> xs = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JsonNode x : read(files, text(index, "crosswalks", "index.json")).path("crosswalks")) {
            Crosswalk cw = new Crosswalk(text(x, "source", "crosswalks"), text(x, "target", "crosswalks"),
                    Crosswalk.Relation.parse(text(x, "relation", "crosswalks")));
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
        return new Catalog(catalogId, meta.path("title").asText(catalogId), version, standards, reqs, xs, profiles);
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
        return Optional.ofNullable(standards.get(standardId));
    }

    /** All requirements, in file order. */
    public Collection<Requirement> requirements() {
        return requirements.values();
    }

    public Optional<Requirement> find(String requirementId) {
        return Optional.ofNullable(requirements.get(requirementId));
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
    public List<Requirement> select(ProfileDefinition profile, String standardFilter) {
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
