package io.palisade.tuf;

import io.palisade.tuf.metadata.Delegations;
import io.palisade.tuf.metadata.MetaFile;
import io.palisade.tuf.metadata.Metadata;
import io.palisade.tuf.metadata.MetadataParser;
import io.palisade.tuf.metadata.RoleType;
import io.palisade.tuf.metadata.Root;
import io.palisade.tuf.metadata.SignatureVerifier;
import io.palisade.tuf.metadata.Snapshot;
import io.palisade.tuf.metadata.Targets;
import io.palisade.tuf.metadata.Timestamp;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The in-memory set of trusted metadata and every check of the TUF 1.0 client workflow (spec §5.3 to §5.6), without
 * any I/O. Each {@code update*} method either makes the new metadata trusted or throws; it is the caller's job to
 * persist only what was accepted.
 *
 * <p>As in the reference implementation, a timestamp or snapshot that verifies but is expired (or, for snapshot,
 * does not match the timestamp) is still kept as the reference for rollback checks of the next one, while the
 * update itself fails.
 */
final class TrustedMetadataSet {
    /** Outcome of a timestamp update. */
    enum TimestampUpdate { ACCEPTED, SAME_VERSION }

    private final Instant now;
    private final UpdaterConfig config;
    private Metadata<Root> root;
    private Metadata<Timestamp> timestamp;
    private Metadata<Snapshot> snapshot;
    private final Map<String, Metadata<Targets>> targets = new HashMap<>();

    /** Starts from a trusted root, which must be signed by a threshold of its own root keys (expiry not checked). */
    TrustedMetadataSet(byte[] rootData, Instant now, UpdaterConfig config) throws TufException {
        this.now = Objects.requireNonNull(now, "now");
        this.config = Objects.requireNonNull(config, "config");
        Metadata<Root> initial = MetadataParser.parseRoot(rootData, config.rootMaxLength());
        SignatureVerifier.verifyWithRoot(initial, initial.signed(), RoleType.ROOT);
        this.root = initial;
    }

    Metadata<Root> root() {
        return root;
    }

    Optional<Metadata<Timestamp>> timestamp() {
        return Optional.ofNullable(timestamp);
    }

    Optional<Metadata<Snapshot>> snapshot() {
        return Optional.ofNullable(snapshot);
    }

    Optional<Metadata<Targets>> targets(String role) {
        return Optional.ofNullable(targets.get(role));
    }

    /** §5.3: root N+1, signed by a threshold of the trusted root's keys and of its own keys. */
    Metadata<Root> updateRoot(byte[] data) throws TufException {
        if (timestamp != null) {
            throw new TufException("root cannot be updated after timestamp");
        }
        Metadata<Root> next = MetadataParser.parseRoot(data, config.rootMaxLength());
        SignatureVerifier.verifyWithRoot(next, root.signed(), RoleType.ROOT);
        long expected = root.signed().version() + 1;
        if (next.signed().version() != expected) {
            throw new TufException("root: expected version " + expected + " but got " + next.signed().version());
        }
        SignatureVerifier.verifyWithRoot(next, next.signed(), RoleType.ROOT);
        root = next;
        return next;
    }

    /** §5.3.10: the final root must not be expired. */
    void checkRootNotExpired() throws TufException {
        if (root.signed().isExpiredAt(now)) {
            throw new TufException("root: version " + root.signed().version() + " expired at " + root.signed().expires());
        }
    }

    /** §5.4: timestamp signed by root's timestamp keys, no version rollback, no snapshot version rollback. */
    TimestampUpdate updateTimestamp(byte[] data) throws TufException {
        if (snapshot != null) {
            throw new TufException("timestamp cannot be updated after snapshot");
        }
        checkRootNotExpired();
        Metadata<Timestamp> next = MetadataParser.parseTimestamp(data, config.timestampMaxLength());
        SignatureVerifier.verifyWithRoot(next, root.signed(), RoleType.TIMESTAMP);
        if (timestamp != null) {
            long oldVersion = timestamp.signed().version();
            long newVersion = next.signed().version();
            if (newVersion < oldVersion) {
                throw new TufException("timestamp: rollback from version " + oldVersion + " to " + newVersion);
            }
            if (newVersion == oldVersion) {
                return TimestampUpdate.SAME_VERSION;
            }
            long oldSnapshot = timestamp.signed().snapshotMeta().version();
            long newSnapshot = next.signed().snapshotMeta().version();
            if (newSnapshot < oldSnapshot) {
                throw new TufException("timestamp: snapshot version rollback from " + oldSnapshot + " to " + newSnapshot);
            }
        }
        timestamp = next;
        checkTimestampNotExpired();
        return TimestampUpdate.ACCEPTED;
    }

    private void checkTimestampNotExpired() throws TufException {
        if (timestamp.signed().isExpiredAt(now)) {
            throw new TufException("timestamp: version " + timestamp.signed().version() + " expired at " + timestamp.signed().expires());
        }
    }

    /**
     * §5.5: snapshot matching the timestamp's length and hashes (skipped for {@code fromLocalCache}), signed by root's
     * snapshot keys, no rollback of any listed targets role, not expired, version as listed in timestamp.
     */
    void updateSnapshot(byte[] data, boolean fromLocalCache) throws TufException {
        if (timestamp == null) {
            throw new TufException("snapshot cannot be loaded before timestamp");
        }
        if (!targets.isEmpty()) {
            throw new TufException("snapshot cannot be updated after targets");
        }
        checkTimestampNotExpired();
        MetaFile meta = timestamp.signed().snapshotMeta();
        if (!fromLocalCache) {
            Hashes.verifyLengthAndHashes(data, meta.length(), meta.hashes(), "snapshot");
        }
        Metadata<Snapshot> next = MetadataParser.parseSnapshot(data, config.snapshotMaxLength());
        SignatureVerifier.verifyWithRoot(next, root.signed(), RoleType.SNAPSHOT);
        if (snapshot != null) {
            for (Map.Entry<String, MetaFile> old : snapshot.signed().meta().entrySet()) {
                MetaFile current = next.signed().meta().get(old.getKey());
                if (current == null) {
                    throw new TufException("snapshot: new snapshot no longer lists " + old.getKey());
                }
                if (current.version() < old.getValue().version()) {
                    throw new TufException("snapshot: rollback of " + old.getKey() + " from version "
                            + old.getValue().version() + " to " + current.version());
                }
            }
        }
        snapshot = next;
        checkFinalSnapshot();
    }

    private void checkFinalSnapshot() throws TufException {
        Snapshot s = snapshot.signed();
        if (s.isExpiredAt(now)) {
            throw new TufException("snapshot: version " + s.version() + " expired at " + s.expires());
        }
        long expected = timestamp.signed().snapshotMeta().version();
        if (s.version() != expected) {
            throw new TufException("snapshot: version " + s.version() + " does not match version " + expected + " listed in timestamp");
        }
    }

    /**
     * §5.6: targets (top-level when {@code delegator} is "root", else delegated) matching snapshot's length/hashes
     * and version, signed by the delegator's keys, not expired.
     */
    Metadata<Targets> updateTargets(byte[] data, String roleName, String delegator) throws TufException {
        if (snapshot == null) {
            throw new TufException(roleName + ": targets cannot be loaded before snapshot");
        }
        checkFinalSnapshot();
        MetaFile meta = snapshot.signed().findRole(roleName)
                .orElseThrow(() -> new TufException(roleName + ": not listed in snapshot"));
        Hashes.verifyLengthAndHashes(data, meta.length(), meta.hashes(), roleName);
        Metadata<Targets> next = MetadataParser.parseTargets(data, config.targetsMaxLength());
        if (delegator.equals(RoleType.ROOT.typeName())) {
            SignatureVerifier.verifyWithRoot(next, root.signed(), RoleType.TARGETS);
        } else {
            Metadata<Targets> parent = targets.get(delegator);
            if (parent == null) {
                throw new TufException(roleName + ": delegator " + delegator + " is not loaded");
            }
            Delegations delegations = parent.signed().delegations()
                    .orElseThrow(() -> new TufException(delegator + " has no delegations"));
            SignatureVerifier.verifyDelegated(next, delegations, roleName);
        }
        if (next.signed().version() != meta.version()) {
            throw new TufException(roleName + ": version " + next.signed().version() + " does not match version "
                    + meta.version() + " listed in snapshot");
        }
        if (next.signed().isExpiredAt(now)) {
            throw new TufException(roleName + ": version " + next.signed().version() + " expired at " + next.signed().expires());
        }
        targets.put(roleName, next);
        return next;
    }

    /** The length the snapshot lists for a targets role, if any. */
    OptionalLong listedLength(String roleName) {
        return snapshot == null ? OptionalLong.empty()
                : snapshot.signed().findRole(roleName).map(MetaFile::length).orElse(OptionalLong.empty());
    }
}
