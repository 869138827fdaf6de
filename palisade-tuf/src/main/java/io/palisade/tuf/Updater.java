package io.palisade.tuf;

import io.palisade.tuf.fetch.Fetcher;
import io.palisade.tuf.metadata.DelegatedRole;
import io.palisade.tuf.metadata.MetaFile;
import io.palisade.tuf.metadata.Metadata;
import io.palisade.tuf.metadata.Role;
import io.palisade.tuf.metadata.RoleType;
import io.palisade.tuf.metadata.Root;
import io.palisade.tuf.metadata.TargetFile;
import io.palisade.tuf.metadata.Targets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A TUF 1.0 client (The Update Framework specification §5, "Detailed client workflow").
 *
 * <p>Trusted metadata lives in {@link UpdaterConfig#metadataDir()} under non-versioned names ({@code root.json},
 * {@code timestamp.json}, {@code snapshot.json}, {@code targets.json}, {@code <role>.json} with the role name
 * percent-encoded) and is written atomically, only after it was verified. {@link #refresh()} updates root,
 * timestamp, snapshot and top-level targets; {@link #findTarget(String)} searches the delegation graph;
 * {@link #download(TargetFile, Path)} fetches and verifies a target.
 *
 * <p>Not thread-safe: one instance per refresh/download session.
 */
public final class Updater {
    private static final Logger LOG = LoggerFactory.getLogger(Updater.class);
    private static final String ROOT = RoleType.ROOT.typeName();
    private static final String TIMESTAMP = RoleType.TIMESTAMP.typeName();
    private static final String SNAPSHOT = RoleType.SNAPSHOT.typeName();
    private static final String TARGETS = RoleType.TARGETS.typeName();

    private final UpdaterConfig config;
    private final Fetcher fetcher;
    private final TrustedMetadataSet trusted;
    private boolean refreshed;

    /** Loads the trusted root from the metadata directory; fails if it is missing or not validly self-signed. */
    public Updater(UpdaterConfig config, Fetcher fetcher, Clock clock) throws TufException {
        this.config = Objects.requireNonNull(config, "config");
        this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
        byte[] rootData = readLocal(ROOT, config.rootMaxLength())
                .orElseThrow(() -> new TufException("no trusted root.json in " + config.metadataDir()));
        this.trusted = new TrustedMetadataSet(rootData, clock.instant(), config);
    }

    /** Writes {@code rootData} as the initial trusted root after checking it parses and is validly self-signed. */
    public static void initialize(Path metadataDir, byte[] rootData, Clock clock) throws TufException {
        UpdaterConfig probe = UpdaterConfig.of(metadataDir, URI.create("file:///"));
        new TrustedMetadataSet(rootData, clock.instant(), probe);
        try {
            Files.createDirectories(metadataDir);
        } catch (IOException e) {
            throw new TufException("cannot create metadata directory: " + e.getMessage(), e);
        }
        writeAtomically(metadataDir.resolve("root.json"), rootData);
    }

    /** The currently trusted root. */
    public Metadata<Root> trustedRoot() {
        return trusted.root();
    }

    /** Updates root, timestamp, snapshot and top-level targets (spec §5.3 to §5.6.5). Runs at most once. */
    public void refresh() throws TufException {
        if (refreshed) {
            return;
        }
        Root before = trusted.root().signed();
        updateRoot();
        Root after = trusted.root().signed();
        if (rotated(before, after, RoleType.TIMESTAMP) || rotated(before, after, RoleType.SNAPSHOT)) {
            LOG.info("timestamp or snapshot keys rotated: discarding trusted timestamp and snapshot (fast-forward recovery)");
            deleteLocal(TIMESTAMP);
            deleteLocal(SNAPSHOT);
        }
        trusted.checkRootNotExpired();
        updateTimestamp();
        updateSnapshot();
        loadTargets(TARGETS, ROOT);
        refreshed = true;
    }

    private static boolean rotated(Root before, Root after, RoleType role) {
        Role a = before.role(role);
        Role b = after.role(role);
        return a.threshold() != b.threshold() || !new HashSet<>(a.keyIds()).equals(new HashSet<>(b.keyIds()));
    }

    private void updateRoot() throws TufException {
        long lower = trusted.root().signed().version() + 1;
        long upper = lower + config.maxRootRotations();
        for (long next = lower; next < upper; next++) {
            Optional<byte[]> data = fetcher.fetch(metadataUrl(ROOT, Optional.of(next)), config.rootMaxLength());
            if (data.isEmpty()) {
                return;
            }
            trusted.updateRoot(data.get());
            writeLocal(ROOT, data.get());
            LOG.info("updated root to version {}", next);
        }
    }

    private void updateTimestamp() throws TufException {
        Optional<byte[]> local = readLocal(TIMESTAMP, config.timestampMaxLength());
        if (local.isPresent()) {
            try {
                trusted.updateTimestamp(local.get());
            } catch (TufException e) {
                LOG.info("local timestamp not usable as final: {}", e.getMessage());
            }
        }
        byte[] data = fetcher.fetch(metadataUrl(TIMESTAMP, Optional.empty()), config.timestampMaxLength())
                .orElseThrow(() -> new TufException("timestamp.json not found on the repository"));
        if (trusted.updateTimestamp(data) == TrustedMetadataSet.TimestampUpdate.ACCEPTED) {
            writeLocal(TIMESTAMP, data);
        }
    }

    private void updateSnapshot() throws TufException {
        Optional<byte[]> local = readLocal(SNAPSHOT, config.snapshotMaxLength());
        if (local.isPresent()) {
            try {
                trusted.updateSnapshot(local.get(), true);
                return;
            } catch (TufException e) {
                LOG.info("local snapshot not usable as final: {}", e.getMessage());
            }
        }
        MetaFile meta = trusted.timestamp().orElseThrow().signed().snapshotMeta();
        long maxLength = meta.length().orElse(config.snapshotMaxLength());
        Optional<Long> version = trusted.root().signed().consistentSnapshot() ? Optional.of(meta.version()) : Optional.empty();
        byte[] data = fetcher.fetch(metadataUrl(SNAPSHOT, version), maxLength)
                .orElseThrow(() -> new TufException("snapshot not found on the repository"));
        trusted.updateSnapshot(data, false);
        writeLocal(SNAPSHOT, data);
    }

    private Metadata<Targets> loadTargets(String role, String delegator) throws TufException {
        Optional<Metadata<Targets>> already = trusted.targets(role);
        if (already.isPresent()) {
            return already.get();
        }
        Optional<byte[]> local = readLocal(role, config.targetsMaxLength());
        if (local.isPresent()) {
            try {
                return trusted.updateTargets(local.get(), role, delegator);
            } catch (TufException e) {
                LOG.info("local {} not usable as final: {}", role, e.getMessage());
            }
        }
        MetaFile meta = trusted.snapshot().orElseThrow().signed().findRole(role)
                .orElseThrow(() -> new TufException(role + ": not listed in snapshot"));
        long maxLength = meta.length().orElse(config.targetsMaxLength());
        Optional<Long> version = trusted.root().signed().consistentSnapshot() ? Optional.of(meta.version()) : Optional.empty();
        byte[] data = fetcher.fetch(metadataUrl(role, version), maxLength)
                .orElseThrow(() -> new TufException(role + ": metadata not found on the repository"));
        Metadata<Targets> accepted = trusted.updateTargets(data, role, delegator);
        writeLocal(role, data);
        return accepted;
    }

    /**
     * Finds the target {@code targetPath} by a pre-order depth-first search of the delegation graph (spec §5.6.7),
     * refreshing first if needed. Empty when no trusted role lists it.
     */
    public Optional<TargetFile> findTarget(String targetPath) throws TufException {
        Objects.requireNonNull(targetPath, "targetPath");
        refresh();
        record Visit(String role, String delegator) {
        }
        Deque<Visit> stack = new ArrayDeque<>();
        stack.push(new Visit(TARGETS, ROOT));
        Set<String> visited = new HashSet<>();
        while (!stack.isEmpty() && visited.size() <= config.maxDelegations()) {
            Visit v = stack.pop();
            if (visited.contains(v.role())) {
                continue;
            }
            Metadata<Targets> md = loadTargets(v.role(), v.delegator());
            visited.add(v.role());
            Optional<TargetFile> found = md.signed().findTarget(targetPath);
            if (found.isPresent()) {
                return found;
            }
            if (md.signed().delegations().isPresent()) {
                List<Visit> children = new ArrayList<>();
                for (DelegatedRole child : md.signed().delegations().get().roles()) {
                    if (!child.isDelegatedPath(targetPath)) {
                        continue;
                    }
                    children.add(new Visit(child.name(), v.role()));
                    if (child.terminating()) {
                        stack.clear();
                        break;
                    }
                }
                Collections.reverse(children);
                for (Visit c : children) {
                    stack.push(c);
                }
            }
        }
        if (!stack.isEmpty()) {
            LOG.info("{} roles left unvisited: maximum of {} delegations reached", stack.size(), config.maxDelegations());
        }
        return Optional.empty();
    }

    /** The local file a target is stored in under {@code targetDir}: one file per target path. */
    public static Path localTargetPath(Path targetDir, String targetPath) throws TufException {
        String name = percentEncode(targetPath);
        if (name.isEmpty() || name.chars().allMatch(c -> c == '.')) {
            name = name.replace(".", "%2E");
            if (name.isEmpty()) {
                throw new TufException("empty target path");
            }
        }
        if (name.length() > 255) {
            throw new TufException("target path too long to store locally");
        }
        return targetDir.resolve(name);
    }

    /** Returns the already downloaded file of {@code target} when its length and hashes still match. */
    public Optional<Path> findCached(TargetFile target, Path targetDir) throws TufException {
        Path path = localTargetPath(targetDir, target.path());
        if (!Files.isRegularFile(path)) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(path)) {
            byte[] data = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, target.length() + 1));
            Hashes.verifyLengthAndHashes(data, java.util.OptionalLong.of(target.length()), target.hashes(), target.path());
            return Optional.of(path);
        } catch (IOException | TufException e) {
            return Optional.empty();
        }
    }

    /**
     * Downloads {@code target} (reading at most its listed length + 1 bytes), verifies its length and all listed
     * hashes, and stores it atomically under {@code targetDir}; a matching cached copy is reused.
     */
    public Path download(TargetFile target, Path targetDir) throws TufException {
        Optional<Path> cached = findCached(target, targetDir);
        if (cached.isPresent()) {
            return cached.get();
        }
        URI base = config.targetBaseUrl().orElseThrow(() -> new TufException("no target base URL configured"));
        String remote = target.path();
        if (trusted.root().signed().consistentSnapshot() && config.prefixTargetsWithHash()) {
            int slash = remote.lastIndexOf('/');
            String hash = target.hashes().values().iterator().next();
            remote = remote.substring(0, slash + 1) + hash + "." + remote.substring(slash + 1);
        }
        URI url = join(base, encodePath(remote));
        byte[] data = fetcher.fetch(url, target.length())
                .orElseThrow(() -> new TufException(target.path() + ": target not found on the repository"));
        Hashes.verifyLengthAndHashes(data, java.util.OptionalLong.of(target.length()), target.hashes(), target.path());
        Path path = localTargetPath(targetDir, target.path());
        try {
            Files.createDirectories(targetDir);
        } catch (IOException e) {
            throw new TufException("cannot create target directory: " + e.getMessage(), e);
        }
        writeAtomically(path, data);
        return path;
    }

    private URI metadataUrl(String role, Optional<Long> version) {
        String name = version.map(v -> v + ".").orElse("") + percentEncode(role) + ".json";
        return join(config.metadataBaseUrl(), name);
    }

    private static URI join(URI base, String encodedRelative) {
        String b = base.toString();
        return URI.create(b.endsWith("/") ? b + encodedRelative : b + "/" + encodedRelative);
    }

    private Optional<byte[]> readLocal(String role, long maxLength) throws TufException {
        Path path = config.metadataDir().resolve(percentEncode(role) + ".json");
        try (InputStream in = Files.newInputStream(path)) {
            byte[] data = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxLength + 1));
            if (data.length > maxLength) {
                LOG.warn("local {} metadata is larger than {} bytes: ignored", role, maxLength);
                return Optional.empty();
            }
            return Optional.of(data);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new TufException("cannot read local " + role + " metadata: " + e.getMessage(), e);
        }
    }

    private void writeLocal(String role, byte[] data) throws TufException {
        writeAtomically(config.metadataDir().resolve(percentEncode(role) + ".json"), data);
    }

    private void deleteLocal(String role) throws TufException {
        try {
            Files.deleteIfExists(config.metadataDir().resolve(percentEncode(role) + ".json"));
        } catch (IOException e) {
            throw new TufException("cannot delete local " + role + " metadata: " + e.getMessage(), e);
        }
    }

    static void writeAtomically(Path target, byte[] data) throws TufException {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, ".tuf-", ".tmp");
            Files.write(tmp, data);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException e) {
            throw new TufException("cannot write " + target.getFileName() + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    LOG.debug("could not remove temporary file {}", tmp);
                }
            }
        }
    }

    /** Percent-encodes every byte except RFC 3986 unreserved characters (as Python's {@code quote(s, safe="")}). */
    static String percentEncode(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    private static String encodePath(String path) {
        String[] parts = path.split("/", -1);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                out.append('/');
            }
            out.append(percentEncode(parts[i]));
        }
        return out.toString();
    }
}
