package io.palisade.server.update;

import io.palisade.tuf.repo.OnlineKeysJson;
import io.palisade.core.ErrorCode;
import io.palisade.core.PalisadeException;
import io.palisade.core.audit.AuditAction;
import io.palisade.core.audit.AuditLog;
import io.palisade.core.store.Store;
import io.palisade.core.update.FirmwareRelease;
import io.palisade.server.support.Files2;
import io.palisade.server.support.Records;
import io.palisade.tuf.TufException;
import io.palisade.tuf.firmware.FirmwareCustom;
import io.palisade.tuf.metadata.RoleType;
import io.palisade.tuf.repo.KeyType;
import io.palisade.tuf.repo.OnlineRoleKeys;
import io.palisade.tuf.repo.RepoStatus;
import io.palisade.tuf.repo.SigningKey;
import io.palisade.tuf.repo.TargetEntry;
import io.palisade.tuf.repo.TufRepository;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signed update repository (TUF model) of the platform. Online role keys (targets, snapshot, timestamp) live
 * on the server, encrypted at rest with the platform passphrase, outside the served directory; root keys never
 * reach the server: roots are signed offline by the CLI and uploaded, and the repository installs a root only
 * when it chains from the current one with both thresholds. Firmware images are published as targets with
 * their custom metadata (model, version, hardware range, security-update flag, SBOM).
 */
public final class UpdateRepository {
    private static final Logger LOG = LoggerFactory.getLogger(UpdateRepository.class);
    public static final long MAX_IMAGE_BYTES = 512L * 1024 * 1024;

    private final Path repoDir;
    private final Path keyDir;
    private final char[] passphrase;
    private final Store store;
    private final Clock clock;
    private volatile TufRepository repo;

    public UpdateRepository(Path tufDir, char[] passphrase, Store store, Clock clock) {
        this.repoDir = Files2.privateDir(tufDir).resolve("repository");
        this.keyDir = Files2.privateDir(tufDir.resolve("online-keys"));
        this.passphrase = passphrase.clone();
        this.store = store;
        this.clock = clock;
        if (Files.isDirectory(repoDir.resolve("metadata"))) {
            try {
                repo = TufRepository.open(repoDir, keys(), TufRepository.Config.defaults().withClock(clock));
                LOG.info("update repository open: root v{}, {} targets", repo.rootVersion(), repo.targets().size());
            } catch (TufException e) {
                throw new IllegalStateException("the update repository in " + repoDir + " cannot be opened: " + e.getMessage(), e);
            }
        }
    }

    /** The directory served at /tuf/ (metadata/ and targets/). */
    public Path directory() {
        return repoDir;
    }

    public boolean initialized() {
        return repo != null;
    }

    private TufRepository repo() {
        TufRepository r = repo;
        if (r == null) {
            throw PalisadeException.illegalState("the update repository is not initialized: run 'palisade firmware keys init'");
        }
        return r;
    }

    private List<SigningKey> keys() throws TufException {
        List<SigningKey> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(keyDir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".key.pem")).sorted().toList()) {
                out.add(SigningKey.readPem(f, passphrase));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private void keep(SigningKey k) throws TufException {
        k.writePem(keyDir.resolve(k.keyId() + ".key.pem"), passphrase);
    }

    /**
     * The public keys of the online roles a new root must list: the current ones, creating them on first use
     * (before the first root exists).
     */
    public synchronized OnlineRoleKeys onlineRoles() {
        try {
            if (repo != null) {
                return repo.onlineRoles();
            }
            Path pending = keyDir.resolve("initial-roles.json");
            if (Files.exists(pending)) {
                return OnlineKeysJson.read(Files.readAllBytes(pending));
            }
            io.palisade.tuf.repo.OnlineKeys online = io.palisade.tuf.repo.OnlineKeys.generate(KeyType.ED25519);
            for (SigningKey k : online.all()) {
                keep(k);
            }
            OnlineRoleKeys roles = online.publicRoles();
            Files2.writePrivate(pending, new String(OnlineKeysJson.write(roles), java.nio.charset.StandardCharsets.UTF_8));
            return roles;
        } catch (TufException e) {
            throw new PalisadeException(ErrorCode.INTERNAL, "online keys: " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces a (compromised) online key: the new key is kept; it takes effect with the next root signed offline. */
    public synchronized OnlineRoleKeys rotateOnlineKey(String actor, String role) {
        RoleType type = switch (role == null ? "" : role.toLowerCase(Locale.ROOT)) {
            case "targets" -> RoleType.TARGETS;
            case "snapshot" -> RoleType.SNAPSHOT;
            case "timestamp" -> RoleType.TIMESTAMP;
            default -> throw PalisadeException.invalid("role must be targets, snapshot or timestamp (root keys are offline)");
        };
        try {
            SigningKey k = SigningKey.generate(KeyType.ED25519);
            keep(k);
            OnlineRoleKeys next = repo().rotateOnlineKey(type, k);
            audit(actor, "new " + type.typeName() + " key " + k.keyId() + " prepared; sign a new root to revoke the old one");
            return next;
        } catch (TufException e) {
            throw PalisadeException.invalid(e.getMessage());
        }
    }

    /** Installs a root signed offline (the first one creates the repository). */
    public synchronized RepoStatus installRoot(String actor, byte[] signedRoot) {
        try {
            if (repo == null) {
                Files.createDirectories(repoDir);
                repo = TufRepository.create(repoDir, signedRoot, keys(), TufRepository.Config.defaults().withClock(clock));
                Files.deleteIfExists(keyDir.resolve("initial-roles.json"));
                audit(actor, "repository created with root v1");
            } else {
                repo.installRoot(signedRoot);
                audit(actor, "root v" + repo.rootVersion() + " installed");
                dropUnlistedKeys();
            }
            LOG.info("update repository: root v{} installed by {}", repo.rootVersion(), actor);
            return repo.status(clock.instant());
        } catch (TufException e) {
            throw PalisadeException.invalid("root refused: " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** After a rotation, key files no longer listed by root are deleted (a revoked key must not sign again). */
    private void dropUnlistedKeys() throws TufException, IOException {
        OnlineRoleKeys roles = repo.onlineRoles();
        List<String> listed = new ArrayList<>();
        for (RoleType t : List.of(RoleType.TARGETS, RoleType.SNAPSHOT, RoleType.TIMESTAMP)) {
            listed.addAll(roles.of(t).keyIds());
        }
        try (Stream<Path> files = Files.list(keyDir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".key.pem")).toList()) {
                String id = f.getFileName().toString().replace(".key.pem", "");
                if (!listed.contains(id)) {
                    Files.delete(f);
                    LOG.info("deleted the revoked online key {}", id);
                }
            }
        }
    }

    public byte[] rootBytes() {
        return repo().rootBytes();
    }

    public Optional<RepoStatus> status() {
        TufRepository r = repo;
        return r == null ? Optional.empty() : Optional.of(r.status(clock.instant()));
    }

    /** Re-signs timestamp (and what else needs it) before it expires; called periodically. */
    public void refresh() {
        TufRepository r = repo;
        if (r == null) {
            return;
        }
        try {
            RepoStatus s = r.refreshTimestamp(clock.instant());
            if (s.stale()) {
                LOG.warn("update repository still stale after refresh: {}", s.problems());
            }
        } catch (TufException e) {
            LOG.warn("update repository refresh failed: {}", e.getMessage());
        }
    }

    /** Publishes a firmware image (and optionally its SBOM) as signed targets; returns the release recorded. */
    /** Publishes the SBOM of a firmware version as a signed target ({@code <model>/<version>/sbom.json}). */
    public String publishSbom(String actor, String model, String version, byte[] sbom) {
        FirmwareRelease.checkVersion(version);
        String path = model + "/" + version + "/sbom.json";
        try {
            repo().addTarget(path, new java.io.ByteArrayInputStream(sbom), 16 * 1024 * 1024, java.util.Map.of("model", model, "version", version, "kind", "sbom"));
        } catch (TufException e) {
            throw PalisadeException.invalid("SBOM refused: " + e.getMessage());
        }
        audit(actor, "SBOM target " + path + " published");
        return path;
    }

    public FirmwareRelease publish(String actor, String model, String version, String fileName, InputStream image, String hardware,
                                   boolean securityUpdate, boolean withSbom) {
        FirmwareRelease.checkVersion(version);
        if (fileName == null || !fileName.matches("[A-Za-z0-9][A-Za-z0-9._+-]{0,99}")) {
            throw PalisadeException.invalid("file name must be 1-100 characters from A-Z a-z 0-9 . _ + -");
        }
        TufRepository r = repo();
        String base = model + "/" + version + "/";
        try {
            String sbomPath = null;
            if (withSbom) {
                sbomPath = base + "sbom.json";
                if (r.findTarget(sbomPath).isEmpty()) {
                    throw PalisadeException.invalid("no SBOM published for " + model + " " + version + " (upload it first)");
                }
            }
            FirmwareCustom custom;
            try {
                custom = FirmwareCustom.of(model, version, hardware == null || hardware.isBlank() ? "*" : hardware, securityUpdate);
            } catch (IllegalArgumentException e) {
                throw PalisadeException.invalid("firmware metadata refused: " + e.getMessage()
                        + " (versions are dotted numbers like 1.4.2; hardware ranges look like >=1.0,<3.0)");
            }
            if (sbomPath != null) {
                custom = custom.withSbom(sbomPath);
            }
            TargetEntry t = r.addTarget(base + fileName, image, MAX_IMAGE_BYTES, custom);
            Instant now = clock.instant();
            FirmwareRelease release = new FirmwareRelease(model, version, t.path(), t.length(), t.hashes().get("sha256"), securityUpdate,
                    hardware, sbomPath, now);
            store.transaction(tx -> {
                tx.records().put(FirmwareCatalog.KIND, FirmwareCatalog.key(release), Records.write(release), now);
                AuditLog.append(tx.audit(), now, actor, AuditAction.FIRMWARE_PUBLISHED, "firmware:" + model + "/" + version,
                        "target=" + t.path() + " length=" + t.length() + " sha256=" + release.sha256() + (securityUpdate ? " security-update" : ""));
                return null;
            });
            LOG.info("firmware {} {} published: {} ({} bytes)", model, version, t.path(), t.length());
            return release;
        } catch (TufException e) {
            throw PalisadeException.invalid("publish refused: " + e.getMessage());
        }
    }

    private void audit(String actor, String detail) {
        Instant now = clock.instant();
        store.transaction(tx -> AuditLog.append(tx.audit(), now, actor, AuditAction.UPDATE_KEYS, "tuf:repository", detail));
    }
}
