package io.palisade.tuf;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.palisade.tuf.metadata.CanonicalJson;
import io.palisade.tuf.metadata.TargetFile;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * A TUF repository built in a test with keys generated in the test: every metadata file is produced from the
 * current state by {@link #publish()} / {@link #publishRoot()}; tests change the state or tamper with the files.
 */
final class TestRepo {
    static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    static final URI METADATA_URL = URI.create("https://repo.test/metadata/");
    static final URI TARGETS_URL = URI.create("https://repo.test/targets/");
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    static final List<String> TOP = List.of("root", "timestamp", "snapshot", "targets");

    final Map<String, byte[]> files = new ConcurrentHashMap<>();
    final Map<String, List<TestKey>> roleKeys = new HashMap<>();
    final Map<String, Integer> thresholds = new HashMap<>();
    final Map<String, Long> versions = new HashMap<>();
    final Map<String, Instant> expires = new HashMap<>();
    /** Per role: sign with these keys instead of the role's keys. */
    final Map<String, List<TestKey>> signers = new HashMap<>();
    /** Per role: change the signed portion before signing. */
    final Map<String, UnaryOperator<ObjectNode>> tweaks = new HashMap<>();
    /** Extra keys listed in root but assigned to no role (e.g. unknown types). */
    final Map<String, ObjectNode> extraRootKeys = new LinkedHashMap<>();
    final Map<String, Map<String, byte[]>> targetFiles = new HashMap<>();
    final List<Delegation> delegations = new ArrayList<>();
    boolean consistentSnapshot;
    boolean hashesInTimestamp = true;
    boolean hashesInSnapshot;
    final byte[] initialRoot;

    static final class Delegation {
        final String name;
        final String parent;
        final List<TestKey> keys = new ArrayList<>();
        int threshold = 1;
        boolean terminating;
        List<String> paths = List.of("*");
        List<String> pathHashPrefixes;

        Delegation(String name, String parent) {
            this.name = name;
            this.parent = parent;
            keys.add(TestKey.ed25519());
        }
    }

    TestRepo() {
        this(false);
    }

    TestRepo(boolean consistentSnapshot) {
        this.consistentSnapshot = consistentSnapshot;
        for (String role : TOP) {
            roleKeys.put(role, new ArrayList<>(List.of(TestKey.ed25519())));
            thresholds.put(role, 1);
            versions.put(role, 1L);
            expires.put(role, NOW.plus(Duration.ofDays(365)));
        }
        targetFiles.put("targets", new LinkedHashMap<>());
        initialRoot = publishRoot();
        publish();
    }

    long version(String role) {
        return versions.getOrDefault(role, 1L);
    }

    void bump(String role) {
        versions.put(role, version(role) + 1);
    }

    /** Bumps targets, snapshot and timestamp versions and publishes. */
    void bumpAndPublish() {
        bump("targets");
        bump("snapshot");
        bump("timestamp");
        publish();
    }

    void addTarget(String role, String path, String content) {
        targetFiles.computeIfAbsent(role, r -> new LinkedHashMap<>()).put(path, content.getBytes(StandardCharsets.UTF_8));
    }

    Delegation delegate(String parent, String name) {
        Delegation d = new Delegation(name, parent);
        delegations.add(d);
        targetFiles.computeIfAbsent(name, r -> new LinkedHashMap<>());
        return d;
    }

    ObjectNode rootSigned() {
        ObjectNode s = header("root");
        s.put("consistent_snapshot", consistentSnapshot);
        ObjectNode keys = s.putObject("keys");
        ObjectNode roles = s.putObject("roles");
        for (String role : TOP) {
            ObjectNode r = roles.putObject(role);
            ArrayNode ids = r.putArray("keyids");
            Set<String> seen = new LinkedHashSet<>();
            for (TestKey k : roleKeys.get(role)) {
                keys.set(k.keyId(), k.toJson());
                if (seen.add(k.keyId())) {
                    ids.add(k.keyId());
                }
            }
            r.put("threshold", thresholds.get(role));
        }
        extraRootKeys.forEach(keys::set);
        return tweak("root", s);
    }

    /** Publishes root at its current version signed by its current keys (and the previous root's, if given). */
    byte[] publishRoot() {
        return publishRoot(signers.getOrDefault("root", roleKeys.get("root")));
    }

    byte[] publishRoot(List<TestKey> rootSigners) {
        byte[] bytes = sign(rootSigned(), rootSigners);
        files.put("metadata/" + version("root") + ".root.json", bytes);
        return bytes;
    }

    /** Rotates root to {@code newKeys}: version N+1, signed by the old and the new root keys. */
    byte[] rotateRoot(List<TestKey> newKeys, int threshold) {
        List<TestKey> all = new ArrayList<>(roleKeys.get("root"));
        roleKeys.put("root", new ArrayList<>(newKeys));
        thresholds.put("root", threshold);
        bump("root");
        all.addAll(newKeys);
        return publishRoot(all);
    }

    /** Publishes targets (top-level and delegated), snapshot and timestamp from the current state. */
    void publish() {
        Map<String, byte[]> targetsBytes = new LinkedHashMap<>();
        targetsBytes.put("targets", sign(targetsSigned("targets"), signers.getOrDefault("targets", roleKeys.get("targets"))));
        for (Delegation d : delegations) {
            targetsBytes.put(d.name, sign(targetsSigned(d.name), signers.getOrDefault(d.name, d.keys)));
        }
        ObjectNode snap = header("snapshot");
        ObjectNode meta = snap.putObject("meta");
        for (Map.Entry<String, byte[]> e : targetsBytes.entrySet()) {
            String role = e.getKey();
            files.put("metadata/" + (consistentSnapshot ? version(role) + "." : "") + Updater.percentEncode(role) + ".json", e.getValue());
            ObjectNode m = meta.putObject(role + ".json").put("version", version(role));
            if (hashesInSnapshot) {
                m.put("length", e.getValue().length);
                m.putObject("hashes").put("sha256", hex("SHA-256", e.getValue()));
            }
        }
        byte[] snapBytes = sign(tweak("snapshot", snap), signers.getOrDefault("snapshot", roleKeys.get("snapshot")));
        files.put("metadata/" + (consistentSnapshot ? version("snapshot") + "." : "") + "snapshot.json", snapBytes);
        ObjectNode ts = header("timestamp");
        ObjectNode sm = ts.putObject("meta").putObject("snapshot.json").put("version", version("snapshot"));
        if (hashesInTimestamp) {
            sm.put("length", snapBytes.length);
            sm.putObject("hashes").put("sha256", hex("SHA-256", snapBytes));
        }
        files.put("metadata/timestamp.json", sign(tweak("timestamp", ts), signers.getOrDefault("timestamp", roleKeys.get("timestamp"))));
    }

    private ObjectNode targetsSigned(String role) {
        ObjectNode s = header("targets", role);
        ObjectNode t = s.putObject("targets");
        for (Map.Entry<String, byte[]> e : targetFiles.getOrDefault(role, Map.of()).entrySet()) {
            ObjectNode f = t.putObject(e.getKey());
            f.put("length", e.getValue().length);
            String sha256 = hex("SHA-256", e.getValue());
            f.putObject("hashes").put("sha256", sha256).put("sha512", hex("SHA-512", e.getValue()));
            files.put("targets/" + e.getKey(), e.getValue());
            int slash = e.getKey().lastIndexOf('/');
            files.put("targets/" + e.getKey().substring(0, slash + 1) + sha256 + "." + e.getKey().substring(slash + 1), e.getValue());
        }
        List<Delegation> children = delegations.stream().filter(d -> d.parent.equals(role)).toList();
        if (!children.isEmpty()) {
            ObjectNode del = s.putObject("delegations");
            ObjectNode keys = del.putObject("keys");
            ArrayNode roles = del.putArray("roles");
            for (Delegation d : children) {
                ObjectNode r = roles.addObject();
                r.put("name", d.name);
                ArrayNode ids = r.putArray("keyids");
                for (TestKey k : d.keys) {
                    keys.set(k.keyId(), k.toJson());
                    ids.add(k.keyId());
                }
                r.put("threshold", d.threshold);
                r.put("terminating", d.terminating);
                if (d.pathHashPrefixes != null) {
                    d.pathHashPrefixes.forEach(r.putArray("path_hash_prefixes")::add);
                } else {
                    d.paths.forEach(r.putArray("paths")::add);
                }
            }
        }
        return tweak(role, s);
    }

    private ObjectNode header(String type) {
        return header(type, type);
    }

    private ObjectNode header(String type, String role) {
        ObjectNode s = JSON.createObjectNode();
        s.put("_type", type);
        s.put("spec_version", "1.0.31");
        s.put("version", version(role));
        s.put("expires", expires.getOrDefault(role, NOW.plus(Duration.ofDays(365))).truncatedTo(ChronoUnit.SECONDS).toString());
        return s;
    }

    private ObjectNode tweak(String role, ObjectNode signed) {
        UnaryOperator<ObjectNode> t = tweaks.get(role);
        return t == null ? signed : t.apply(signed);
    }

    static byte[] sign(ObjectNode signed, List<TestKey> keys) {
        try {
            byte[] canonical = CanonicalJson.encode(signed);
            ObjectNode env = JSON.createObjectNode();
            ArrayNode sigs = env.putArray("signatures");
            for (TestKey k : keys) {
                sigs.addObject().put("keyid", k.keyId()).put("sig", k.signHex(canonical));
            }
            env.set("signed", signed);
            return JSON.writeValueAsBytes(env);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String hex(String alg, byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(alg).digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes all files under {@code dir} (metadata/ and targets/), for file:// and HTTP tests. */
    void writeTo(Path dir) throws Exception {
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            Path p = dir.resolve(e.getKey());
            Files.createDirectories(p.getParent());
            Files.write(p, e.getValue());
        }
    }

    /** A client of this repository with its own metadata and target directories. */
    final class Client {
        final Path metadataDir;
        final Path targetDir;
        final MemFetcher fetcher = new MemFetcher(files);
        Instant now = NOW;
        int maxRootRotations = UpdaterConfig.DEFAULT_MAX_ROOT_ROTATIONS;
        int maxDelegations = UpdaterConfig.DEFAULT_MAX_DELEGATIONS;

        Client(Path dir) throws TufException {
            this.metadataDir = dir.resolve("metadata");
            this.targetDir = dir.resolve("targets");
            Updater.initialize(metadataDir, initialRoot, Clock.fixed(now, ZoneOffset.UTC));
        }

        Updater updater() throws TufException {
            UpdaterConfig c = UpdaterConfig.of(metadataDir, METADATA_URL).withTargetBaseUrl(TARGETS_URL)
                    .withMaxRootRotations(maxRootRotations).withMaxDelegations(maxDelegations);
            return new Updater(c, fetcher, Clock.fixed(now, ZoneOffset.UTC));
        }

        void refresh() throws TufException {
            updater().refresh();
        }

        Path download(String targetPath) throws TufException {
            Updater u = updater();
            TargetFile t = u.findTarget(targetPath).orElseThrow(() -> new TufException("no such target " + targetPath));
            return u.download(t, targetDir);
        }

        /** Version of the trusted local metadata of {@code role}, or 0 when absent. */
        long localVersion(String role) throws Exception {
            Path p = metadataDir.resolve(Updater.percentEncode(role) + ".json");
            if (!Files.exists(p)) {
                return 0;
            }
            return JSON.readTree(Files.readAllBytes(p)).get("signed").get("version").asLong();
        }
    }

    Client client(Path dir) throws TufException {
        return new Client(dir);
    }
}
