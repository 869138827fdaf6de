package io.palisade.tuf.repo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.palisade.tuf.TufException;
import io.palisade.tuf.UpdaterConfig;
import io.palisade.tuf.firmware.FirmwareCustom;
import io.palisade.tuf.metadata.CanonicalJson;
import io.palisade.tuf.metadata.Metadata;
import io.palisade.tuf.metadata.MetadataParser;
import io.palisade.tuf.metadata.Role;
import io.palisade.tuf.metadata.RoleType;
import io.palisade.tuf.metadata.Root;
import io.palisade.tuf.metadata.SignatureVerifier;
import io.palisade.tuf.metadata.Snapshot;
import io.palisade.tuf.metadata.Targets;
import io.palisade.tuf.metadata.Timestamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server side of a TUF repository over a directory, with consistent snapshots. Layout (serve {@code metadata/}
 * and {@code targets/} statically, e.g. under {@code <tufBaseUrl>/metadata/} and {@code <tufBaseUrl>/targets/}):
 * <pre>
 * dir/metadata/1.root.json, 2.root.json, ...   every root version (never deleted; clients walk the chain)
 * dir/metadata/root.json                       copy of the newest root (for provisioning tools)
 * dir/metadata/timestamp.json                  the only unversioned file clients fetch
 * dir/metadata/N.snapshot.json, N.targets.json every version (old ones kept for clients mid-update)
 * dir/targets/&lt;dirs&gt;/&lt;sha256&gt;.&lt;name&gt;         target bytes, e.g. targets/acme-plug/1.4.2/ab12...ef.fw.bin
 * dir/.incoming/                               uploads in progress (not to be served)
 * </pre>
 * Only the online keys (targets, snapshot, timestamp) are held here; roots are signed offline by {@link RootSigner}
 * and installed with {@link #installRoot(byte[])}. One writer at a time; every file is replaced atomically and new
 * versioned files are written before the timestamp that points at them, so a reader never sees a half-written file
 * or a timestamp naming a missing snapshot. Reads ({@link #targets()}, {@link #status(Instant)}) never block.
 */
public final class TufRepository {
    private static final Logger LOG = LoggerFactory.getLogger(TufRepository.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ROOT_FILE = Pattern.compile("(\\d{1,9})\\.root\\.json");
    private static final Duration ROOT_WARNING = Duration.ofDays(30);
    private static final List<RoleType> ONLINE = List.of(RoleType.TARGETS, RoleType.SNAPSHOT, RoleType.TIMESTAMP);
    /** Largest custom object of a target, as canonical JSON. */
    public static final int MAX_CUSTOM_BYTES = 8 * 1024;
    /** Most targets the top-level targets role may list. */
    public static final int MAX_TARGETS = 10_000;

    /**
     * Validity periods of the online roles' metadata and the clock for {@link #addTarget}.
     *
     * @param timestamp e.g. 1 day: re-sign with {@link #refreshTimestamp(Instant)} well before
     * @param snapshot  e.g. 7 days
     * @param targets   e.g. 90 days
     */
    public record Config(Duration timestamp, Duration snapshot, Duration targets, Clock clock) {
        public Config {
            for (Duration d : new Duration[] {timestamp, snapshot, targets}) {
                if (d == null || d.isNegative() || d.isZero()) {
                    throw new IllegalArgumentException("expiry periods must be positive");
                }
            }
            Objects.requireNonNull(clock, "clock");
        }

        /** 1 day, 7 days, 90 days, system UTC clock. */
        public static Config defaults() {
            return new Config(Duration.ofDays(1), Duration.ofDays(7), Duration.ofDays(90), Clock.systemUTC());
        }

        public Config withClock(Clock c) {
            return new Config(timestamp, snapshot, targets, c);
        }

        Duration period(RoleType role) {
            return switch (role) {
                case TIMESTAMP -> timestamp;
                case SNAPSHOT -> snapshot;
                case TARGETS -> targets;
                case ROOT -> throw new IllegalArgumentException("root is signed offline");
            };
        }
    }

    private record State(Metadata<Root> root, Metadata<Targets> targets, Metadata<Snapshot> snapshot,
                         Metadata<Timestamp> timestamp) {
    }

    private final Path dir;
    private final Path metadataDir;
    private final Config config;
    private final Object writeLock = new Object();
    private final Map<String, SigningKey> keys = new ConcurrentHashMap<>();
    private volatile State state;

    private TufRepository(Path dir, Collection<SigningKey> onlineKeys, Config config) {
        this.dir = dir.toAbsolutePath().normalize();
        this.metadataDir = this.dir.resolve("metadata");
        this.config = Objects.requireNonNull(config, "config");
        for (SigningKey k : onlineKeys) {
            keys.put(k.keyId(), k);
        }
    }

    /**
     * Creates a repository in {@code dir} (which must not hold one yet) from a root signed offline (usually version 1,
     * listing the online keys) and the online private keys; publishes empty targets, snapshot and timestamp.
     */
    public static TufRepository create(Path dir, byte[] signedRoot, Collection<SigningKey> onlineKeys, Config config)
            throws TufException {
        TufRepository repo = new TufRepository(dir, onlineKeys, config);
        synchronized (repo.writeLock) {
            if (repo.latestRootVersion().isPresent()) {
                throw new TufException("a repository already exists in " + dir);
            }
            Metadata<Root> root = RootChain.parseSelfSigned(signedRoot);
            repo.checkAcceptableRoot(root);
            long v = root.signed().version();
            AtomicFiles.write(repo.metadataDir.resolve(v + ".root.json"), signedRoot);
            AtomicFiles.write(repo.metadataDir.resolve("root.json"), signedRoot);
            try {
                Files.createDirectories(repo.dir.resolve("targets"));
            } catch (IOException e) {
                throw new TufException("cannot create targets directory: " + e.getMessage(), e);
            }
            repo.state = repo.resign(new State(root, null, null, null), List.of(), true, true,
                    config.clock().instant());
            LOG.info("created TUF repository in {} (root version {})", repo.dir, v);
        }
        return repo;
    }

    /**
     * Opens an existing repository with the online keys (any number: each role signs with the keys root lists for
     * it). Metadata that the current keys cannot vouch for (e.g. after an interrupted key rotation) is re-signed.
     */
    public static TufRepository open(Path dir, Collection<SigningKey> onlineKeys, Config config) throws TufException {
        TufRepository repo = new TufRepository(dir, onlineKeys, config);
        synchronized (repo.writeLock) {
            long rv = repo.latestRootVersion().orElseThrow(() -> new TufException("no TUF repository in " + dir));
            Metadata<Root> root = RootChain.parseSelfSigned(repo.read(rv + ".root.json", UpdaterConfig.DEFAULT_ROOT_MAX_LENGTH));
            Metadata<Timestamp> ts = MetadataParser.parseTimestamp(
                    repo.read("timestamp.json", UpdaterConfig.DEFAULT_TIMESTAMP_MAX_LENGTH), UpdaterConfig.DEFAULT_TIMESTAMP_MAX_LENGTH);
            long sv = ts.signed().snapshotMeta().version();
            Metadata<Snapshot> snap = MetadataParser.parseSnapshot(
                    repo.read(sv + ".snapshot.json", UpdaterConfig.DEFAULT_SNAPSHOT_MAX_LENGTH), UpdaterConfig.DEFAULT_SNAPSHOT_MAX_LENGTH);
            long tv = snap.signed().findRole("targets").orElseThrow(() -> new TufException("snapshot lists no targets.json")).version();
            Metadata<Targets> targets = MetadataParser.parseTargets(
                    repo.read(tv + ".targets.json", UpdaterConfig.DEFAULT_TARGETS_MAX_LENGTH), UpdaterConfig.DEFAULT_TARGETS_MAX_LENGTH);
            State s = new State(root, targets, snap, ts);
            boolean badTargets = !signedByRoot(targets, root.signed(), RoleType.TARGETS);
            boolean badSnapshot = badTargets || !signedByRoot(snap, root.signed(), RoleType.SNAPSHOT);
            boolean badTimestamp = badSnapshot || !signedByRoot(ts, root.signed(), RoleType.TIMESTAMP);
            repo.state = s;
            if (badTimestamp) {
                LOG.warn("repository metadata not signed with the keys of root version {}: re-signing", rv);
                repo.state = repo.resign(s, entries(targets), badTargets, badSnapshot, config.clock().instant());
            }
        }
        return repo;
    }

    private static boolean signedByRoot(Metadata<?> md, Root root, RoleType role) {
        try {
            SignatureVerifier.verifyWithRoot(md, root, role);
            return true;
        } catch (TufException e) {
            return false;
        }
    }

    public Path directory() {
        return dir;
    }

    /** The newest root, signed: what devices are provisioned with (or any older root version they chain from). */
    public byte[] rootBytes() {
        return state.root().raw();
    }

    /** A stored root version. */
    public Optional<byte[]> rootBytes(long version) throws TufException {
        Path p = metadataDir.resolve(version + ".root.json");
        if (!Files.isRegularFile(p)) {
            return Optional.empty();
        }
        return Optional.of(read(version + ".root.json", UpdaterConfig.DEFAULT_ROOT_MAX_LENGTH));
    }

    public long rootVersion() {
        return state.root().signed().version();
    }

    /** Every target listed, sorted by path. */
    public List<TargetEntry> targets() {
        return entries(state.targets()).stream().sorted(Comparator.comparing(TargetEntry::path)).toList();
    }

    public Optional<TargetEntry> findTarget(String path) {
        return state.targets().signed().findTarget(path).map(TargetEntry::of);
    }

    /** Absolute path of a target's bytes. */
    public Path fileOf(TargetEntry target) {
        return dir.resolve(target.file());
    }

    private static List<TargetEntry> entries(Metadata<Targets> targets) {
        return targets.signed().targets().values().stream().map(TargetEntry::of).toList();
    }

    /** {@link #addTarget(String, InputStream, long, Map)} with a firmware description as the custom object. */
    public TargetEntry addTarget(String targetPath, InputStream content, long maxBytes, FirmwareCustom firmware)
            throws TufException {
        return addTarget(targetPath, content, maxBytes, JSON.convertValue(firmware.toJson(), Map.class));
    }

    /**
     * Adds a target: streams {@code content} to disk (at most {@code maxBytes}), computing length, SHA-256 and
     * SHA-512; then re-signs targets, snapshot and timestamp with bumped versions. {@code custom} (may be empty) is
     * the target's custom object: integers, strings, booleans, lists, maps; when it has firmware fields
     * ({@code model}, {@code version}) they must form a valid {@link FirmwareCustom}, and an {@code sbom} must name a
     * target already published. Publishing the same path again with the same bytes and custom object is a no-op;
     * with other bytes it is refused (publish a new version instead).
     */
    public TargetEntry addTarget(String targetPath, InputStream content, long maxBytes, Map<String, ?> custom)
            throws TufException {
        TargetPaths.validate(targetPath);
        Objects.requireNonNull(content, "content");
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must not be negative");
        }
        Optional<String> customJson = customJson(custom);
        Path incoming = dir.resolve(".incoming");
        Path tmp = null;
        try {
            Files.createDirectories(incoming);
            tmp = Files.createTempFile(incoming, "upload-", ".part");
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            MessageDigest sha512 = MessageDigest.getInstance("SHA-512");
            long length = 0;
            try (OutputStream out = Files.newOutputStream(tmp)) {
                byte[] buf = new byte[64 * 1024];
                int n;
                while ((n = content.read(buf)) >= 0) {
                    length += n;
                    if (length > maxBytes) {
                        throw new TufException("target " + targetPath + " is larger than the limit of " + maxBytes + " bytes");
                    }
                    sha256.update(buf, 0, n);
                    sha512.update(buf, 0, n);
                    out.write(buf, 0, n);
                }
                if (out instanceof java.io.FileOutputStream f) {
                    f.getFD().sync();
                }
            }
            Map<String, String> hashes = new LinkedHashMap<>();
            hashes.put("sha256", HexFormat.of().formatHex(sha256.digest()));
            hashes.put("sha512", HexFormat.of().formatHex(sha512.digest()));
            TargetEntry entry = new TargetEntry(targetPath, length, hashes, customJson,
                    TargetEntry.storedFile(targetPath, hashes.get("sha256")));
            synchronized (writeLock) {
                State s = state;
                Optional<TargetEntry> existing = s.targets().signed().findTarget(targetPath).map(TargetEntry::of);
                if (existing.isPresent()) {
                    if (existing.get().hashes().equals(hashes) && existing.get().customJson().equals(customJson)) {
                        return existing.get();
                    }
                    throw new TufException("target " + targetPath + " is already published with other content or"
                            + " metadata: publish a new version under a new path");
                }
                List<TargetEntry> all = new ArrayList<>(entries(s.targets()));
                if (all.size() >= MAX_TARGETS) {
                    throw new TufException("the repository lists " + MAX_TARGETS + " targets: remove old ones first");
                }
                Optional<String> sbom = entry.firmware().flatMap(FirmwareCustom::sbom);
                if (sbom.isPresent() && s.targets().signed().findTarget(sbom.get()).isEmpty()) {
                    throw new TufException("SBOM target " + sbom.get() + " is not published: publish it first");
                }
                Path dest = dir.resolve(entry.file());
                Files.createDirectories(dest.getParent());
                AtomicFiles.move(tmp, dest);
                tmp = null;
                all.add(entry);
                state = resign(s, all, true, true, config.clock().instant());
                LOG.info("published target {} ({} bytes)", targetPath, length);
            }
            return entry;
        } catch (IOException e) {
            throw new TufException("cannot store target " + targetPath + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } finally {
            AtomicFiles.deleteQuietly(tmp);
        }
    }

    private static Optional<String> customJson(Map<String, ?> custom) throws TufException {
        if (custom == null || custom.isEmpty()) {
            return Optional.empty();
        }
        JsonNode node;
        try {
            node = JSON.valueToTree(custom);
        } catch (IllegalArgumentException e) {
            throw new TufException("custom metadata cannot be written as JSON: " + e.getMessage(), e);
        }
        String canonical = CanonicalJson.encodeToString(node);
        if (canonical.length() > MAX_CUSTOM_BYTES) {
            throw new TufException("custom metadata larger than " + MAX_CUSTOM_BYTES + " bytes");
        }
        if (node.has("model") || node.has("version") || node.has("hardware")) {
            FirmwareCustom.fromJson(node);
        }
        return Optional.of(canonical);
    }

    /**
     * Re-signs the timestamp (version + 1, expiring {@code now} + the timestamp period), and first snapshot and targets
     * when they have less than half of their period left. Call it regularly (e.g. every hour).
     */
    public RepoStatus refreshTimestamp(Instant now) throws TufException {
        synchronized (writeLock) {
            State s = state;
            boolean targets = needsRefresh(s.targets().signed().expires(), config.targets(), now);
            boolean snapshot = targets || needsRefresh(s.snapshot().signed().expires(), config.snapshot(), now);
            state = resign(s, entries(s.targets()), targets, snapshot, now);
        }
        return status(now);
    }

    /**
     * Prepares the rotation of an online role's key (e.g. a compromised timestamp key): the repository keeps
     * {@code newKey} and returns the online roles' public keys a new root must list (the role's keys replaced by
     * {@code newKey}, threshold 1). Sign that root offline ({@link RootSigner}) and install it with
     * {@link #installRoot(byte[])}; until then the old key keeps signing. The caller persists {@code newKey}.
     */
    public OnlineRoleKeys rotateOnlineKey(RoleType role, SigningKey newKey) throws TufException {
        Objects.requireNonNull(newKey, "newKey");
        if (role == RoleType.ROOT) {
            throw new IllegalArgumentException("root keys are offline: use RootSigner");
        }
        synchronized (writeLock) {
            keys.put(newKey.keyId(), newKey);
            OnlineRoleKeys current = RootSigner.onlineRoles(state.root().raw());
            return current.with(role, new RoleKeys(List.of(newKey.publicKey()), 1));
        }
    }

    /** The online roles' public keys listed by the current root. */
    public OnlineRoleKeys onlineRoles() throws TufException {
        return RootSigner.onlineRoles(state.root().raw());
    }

    /**
     * Installs a new root signed offline: it must be the next version, signed by a threshold of the current root's
     * keys and of its own, use consistent snapshots, not be expired, and list online keys this repository holds
     * (at least each role's threshold). Roles whose keys changed are re-signed with their new keys, so metadata
     * signed by a revoked key is replaced at once.
     */
    public void installRoot(byte[] signedRoot) throws TufException {
        Objects.requireNonNull(signedRoot, "signedRoot");
        synchronized (writeLock) {
            State s = state;
            Metadata<Root> next = RootChain.verifyNext(s.root(), signedRoot);
            checkAcceptableRoot(next);
            long v = next.signed().version();
            AtomicFiles.write(metadataDir.resolve(v + ".root.json"), signedRoot);
            AtomicFiles.write(metadataDir.resolve("root.json"), signedRoot);
            boolean targets = changed(s.root().signed(), next.signed(), RoleType.TARGETS);
            boolean snapshot = targets || changed(s.root().signed(), next.signed(), RoleType.SNAPSHOT);
            boolean timestamp = snapshot || changed(s.root().signed(), next.signed(), RoleType.TIMESTAMP);
            State withRoot = new State(next, s.targets(), s.snapshot(), s.timestamp());
            state = timestamp ? resign(withRoot, entries(s.targets()), targets, snapshot, config.clock().instant()) : withRoot;
            LOG.info("installed root version {}", v);
        }
    }

    private void checkAcceptableRoot(Metadata<Root> root) throws TufException {
        Root r = root.signed();
        if (!r.consistentSnapshot()) {
            throw new TufException("root must enable consistent_snapshot");
        }
        if (r.isExpiredAt(config.clock().instant())) {
            throw new TufException("root version " + r.version() + " is expired");
        }
        for (RoleType role : ONLINE) {
            Role def = r.role(role);
            long held = def.keyIds().stream().filter(keys::containsKey).count();
            if (held < def.threshold()) {
                throw new TufException("root version " + r.version() + " lists keys for " + role.typeName()
                        + " that this server does not hold (" + held + " of threshold " + def.threshold()
                        + "): add the key first (rotateOnlineKey)");
            }
        }
    }

    private static boolean changed(Root a, Root b, RoleType role) {
        Role x = a.role(role);
        Role y = b.role(role);
        return x.threshold() != y.threshold() || !new HashSet<>(x.keyIds()).equals(new HashSet<>(y.keyIds()));
    }

    /** Versions, expiries, keys and whether anything must be re-signed. */
    public RepoStatus status(Instant now) {
        State s = state;
        List<RepoStatus.RoleStatus> roles = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Root root = s.root().signed();
        roles.add(roleStatus(root, RoleType.ROOT, root.version(), root.expires(), 0,
                now.plus(ROOT_WARNING).isAfter(root.expires()), now, problems));
        for (RoleType role : ONLINE) {
            Metadata<?> md = switch (role) {
                case TARGETS -> s.targets();
                case SNAPSHOT -> s.snapshot();
                default -> s.timestamp();
            };
            Instant expires = md.signed().expires();
            int held = (int) root.role(role).keyIds().stream().filter(keys::containsKey).count();
            if (held < root.role(role).threshold()) {
                problems.add(role.typeName() + ": the server holds " + held + " of the " + root.role(role).threshold()
                        + " keys required");
            }
            roles.add(roleStatus(root, role, md.signed().version(), expires, held,
                    needsRefresh(expires, config.period(role), now), now, problems));
        }
        return new RepoStatus(roles, s.targets().signed().targets().size(), !problems.isEmpty(), problems);
    }

    private static RepoStatus.RoleStatus roleStatus(Root root, RoleType role, long version, Instant expires, int held,
                                                    boolean refresh, Instant now, List<String> problems) {
        boolean expired = !now.isBefore(expires);
        if (expired) {
            problems.add(role.typeName() + " version " + version + " expired at " + expires);
        } else if (refresh) {
            problems.add(role.typeName() + " version " + version + " expires at " + expires
                    + (role == RoleType.ROOT ? ": sign a new root offline" : ": re-sign it (refreshTimestamp)"));
        }
        return new RepoStatus.RoleStatus(role.typeName(), version, expires, root.role(role).keyIds(),
                root.role(role).threshold(), held, expired, refresh || expired);
    }

    private static boolean needsRefresh(Instant expires, Duration period, Instant now) {
        return Duration.between(now, expires).compareTo(period.dividedBy(2)) < 0;
    }

    /** Signs new versions (targets and snapshot when asked, timestamp always) and writes them in a safe order. */
    private State resign(State s, Collection<TargetEntry> targetEntries, boolean targets, boolean snapshot, Instant now)
            throws TufException {
        Root root = s.root().signed();
        Metadata<Targets> t = s.targets();
        Metadata<Snapshot> sn = s.snapshot();
        if (targets || t == null) {
            long v = t == null ? 1 : t.signed().version() + 1;
            byte[] bytes = MetadataSigner.sign(MetadataSigner.targets(v, now.plus(config.targets()), targetEntries),
                    signers(root, RoleType.TARGETS));
            t = MetadataParser.parseTargets(bytes, UpdaterConfig.DEFAULT_TARGETS_MAX_LENGTH);
            SignatureVerifier.verifyWithRoot(t, root, RoleType.TARGETS);
            AtomicFiles.write(metadataDir.resolve(v + ".targets.json"), bytes);
        }
        if (snapshot || targets || sn == null) {
            long v = sn == null ? 1 : sn.signed().version() + 1;
            byte[] bytes = MetadataSigner.sign(MetadataSigner.snapshot(v, now.plus(config.snapshot()),
                    t.signed().version(), t.raw()), signers(root, RoleType.SNAPSHOT));
            sn = MetadataParser.parseSnapshot(bytes, UpdaterConfig.DEFAULT_SNAPSHOT_MAX_LENGTH);
            SignatureVerifier.verifyWithRoot(sn, root, RoleType.SNAPSHOT);
            AtomicFiles.write(metadataDir.resolve(v + ".snapshot.json"), bytes);
        }
        long tv = s.timestamp() == null ? 1 : s.timestamp().signed().version() + 1;
        byte[] bytes = MetadataSigner.sign(MetadataSigner.timestamp(tv, now.plus(config.timestamp()),
                sn.signed().version(), sn.raw()), signers(root, RoleType.TIMESTAMP));
        Metadata<Timestamp> ts = MetadataParser.parseTimestamp(bytes, UpdaterConfig.DEFAULT_TIMESTAMP_MAX_LENGTH);
        SignatureVerifier.verifyWithRoot(ts, root, RoleType.TIMESTAMP);
        AtomicFiles.write(metadataDir.resolve("timestamp.json"), bytes);
        return new State(s.root(), t, sn, ts);
    }

    private List<SigningKey> signers(Root root, RoleType role) throws TufException {
        Role def = root.role(role);
        List<SigningKey> out = new ArrayList<>();
        for (String id : def.keyIds()) {
            SigningKey k = keys.get(id);
            if (k != null) {
                out.add(k);
            }
        }
        if (out.size() < def.threshold()) {
            throw new TufException("cannot sign " + role.typeName() + ": the server holds " + out.size() + " of the "
                    + def.threshold() + " keys root version " + root.version() + " requires");
        }
        return out;
    }

    private Optional<Long> latestRootVersion() throws TufException {
        if (!Files.isDirectory(metadataDir)) {
            return Optional.empty();
        }
        long max = -1;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(metadataDir, "*.root.json")) {
            for (Path p : ds) {
                Matcher m = ROOT_FILE.matcher(p.getFileName().toString());
                if (m.matches()) {
                    max = Math.max(max, Long.parseLong(m.group(1)));
                }
            }
        } catch (IOException e) {
            throw new TufException("cannot list " + metadataDir + ": " + e.getMessage(), e);
        }
        return max < 0 ? Optional.empty() : Optional.of(max);
    }

    private byte[] read(String name, long maxLength) throws TufException {
        Path p = metadataDir.resolve(name);
        try (InputStream in = Files.newInputStream(p)) {
            byte[] data = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxLength + 1));
            if (data.length > maxLength) {
                throw new TufException(name + " is larger than " + maxLength + " bytes");
            }
            return data;
        } catch (NoSuchFileException e) {
            throw new TufException("repository file metadata/" + name + " is missing", e);
        } catch (IOException e) {
            throw new TufException("cannot read metadata/" + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "TufRepository[" + dir + "]";
    }
}
