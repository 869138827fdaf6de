package io.palisade.tuf.repo;

import io.palisade.tuf.metadata.RoleType;

import java.util.Objects;

/**
 * The public keys of the three online roles, as the offline root signer lists them in a new root: what
 * {@link OnlineKeys#publicRoles()} and {@link TufRepository#rotateOnlineKey(RoleType, SigningKey)} produce.
 */
public record OnlineRoleKeys(RoleKeys targets, RoleKeys snapshot, RoleKeys timestamp) {
    public OnlineRoleKeys {
        Objects.requireNonNull(targets, "targets");
        Objects.requireNonNull(snapshot, "snapshot");
        Objects.requireNonNull(timestamp, "timestamp");
    }

    public RoleKeys of(RoleType role) {
        return switch (role) {
            case TARGETS -> targets;
            case SNAPSHOT -> snapshot;
            case TIMESTAMP -> timestamp;
            case ROOT -> throw new IllegalArgumentException("root is not an online role");
        };
    }

    public OnlineRoleKeys with(RoleType role, RoleKeys keys) {
        return switch (role) {
            case TARGETS -> new OnlineRoleKeys(keys, snapshot, timestamp);
            case SNAPSHOT -> new OnlineRoleKeys(targets, keys, timestamp);
            case TIMESTAMP -> new OnlineRoleKeys(targets, snapshot, keys);
            case ROOT -> throw new IllegalArgumentException("root is not an online role");
        };
    }
}
