package io.palisade.tuf;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Configuration of an {@link Updater}.
 *
 * @param metadataDir           directory of the trusted metadata (root.json must exist there)
 * @param metadataBaseUrl       base URL of the repository's metadata
 * @param targetBaseUrl         base URL of the repository's targets, needed only to download
 * @param maxRootRotations      most root versions fetched in one refresh
 * @param maxDelegations        most delegated roles visited while searching for one target (top-level targets not counted)
 * @param rootMaxLength         size limit of root metadata, bytes
 * @param timestampMaxLength    size limit of timestamp metadata, bytes
 * @param snapshotMaxLength     size limit of snapshot metadata when timestamp lists no length, bytes
 * @param targetsMaxLength      size limit of targets metadata when snapshot lists no length, bytes
 * @param prefixTargetsWithHash with consistent snapshots, fetch targets as {@code dir/<hash>.<name>}
 */
public record UpdaterConfig(Path metadataDir, URI metadataBaseUrl, Optional<URI> targetBaseUrl, int maxRootRotations,
                            int maxDelegations, long rootMaxLength, long timestampMaxLength, long snapshotMaxLength,
                            long targetsMaxLength, boolean prefixTargetsWithHash) {
    public static final int DEFAULT_MAX_ROOT_ROTATIONS = 256;
    public static final int DEFAULT_MAX_DELEGATIONS = 32;
    public static final long DEFAULT_ROOT_MAX_LENGTH = 512_000;
    public static final long DEFAULT_TIMESTAMP_MAX_LENGTH = 16_384;
    public static final long DEFAULT_SNAPSHOT_MAX_LENGTH = 2_000_000;
    public static final long DEFAULT_TARGETS_MAX_LENGTH = 5_000_000;

    public UpdaterConfig {
        Objects.requireNonNull(metadataDir, "metadataDir");
        Objects.requireNonNull(metadataBaseUrl, "metadataBaseUrl");
        Objects.requireNonNull(targetBaseUrl, "targetBaseUrl");
        if (maxRootRotations < 1 || maxDelegations < 1) {
            throw new IllegalArgumentException("maxRootRotations and maxDelegations must be at least 1");
        }
        if (rootMaxLength < 1 || timestampMaxLength < 1 || snapshotMaxLength < 1 || targetsMaxLength < 1) {
            throw new IllegalArgumentException("length limits must be positive");
        }
    }

    /** Defaults of the reference client, without a target base URL. */
    public static UpdaterConfig of(Path metadataDir, URI metadataBaseUrl) {
        return new UpdaterConfig(metadataDir, metadataBaseUrl, Optional.empty(), DEFAULT_MAX_ROOT_ROTATIONS,
                DEFAULT_MAX_DELEGATIONS, DEFAULT_ROOT_MAX_LENGTH, DEFAULT_TIMESTAMP_MAX_LENGTH,
                DEFAULT_SNAPSHOT_MAX_LENGTH, DEFAULT_TARGETS_MAX_LENGTH, true);
    }

    public UpdaterConfig withTargetBaseUrl(URI url) {
        return new UpdaterConfig(metadataDir, metadataBaseUrl, Optional.of(url), maxRootRotations, maxDelegations,
                rootMaxLength, timestampMaxLength, snapshotMaxLength, targetsMaxLength, prefixTargetsWithHash);
    }

    public UpdaterConfig withMaxRootRotations(int n) {
        return new UpdaterConfig(metadataDir, metadataBaseUrl, targetBaseUrl, n, maxDelegations,
                rootMaxLength, timestampMaxLength, snapshotMaxLength, targetsMaxLength, prefixTargetsWithHash);
    }

    public UpdaterConfig withMaxDelegations(int n) {
        return new UpdaterConfig(metadataDir, metadataBaseUrl, targetBaseUrl, maxRootRotations, n,
                rootMaxLength, timestampMaxLength, snapshotMaxLength, targetsMaxLength, prefixTargetsWithHash);
    }

    public UpdaterConfig withTimestampMaxLength(long n) {
        return new UpdaterConfig(metadataDir, metadataBaseUrl, targetBaseUrl, maxRootRotations, maxDelegations,
                rootMaxLength, n, snapshotMaxLength, targetsMaxLength, prefixTargetsWithHash);
    }
}
