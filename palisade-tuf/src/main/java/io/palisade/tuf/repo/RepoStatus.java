package io.palisade.tuf.repo;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What {@link TufRepository#status(Instant)} reports.
 *
 * @param roles       root, targets, snapshot, timestamp
 * @param targetCount number of targets listed
 * @param stale       true when a role is expired or should be re-signed now (see {@link RoleStatus#needsRefresh()})
 * @param problems    human-readable reasons for {@code stale}
 */
public record RepoStatus(List<RoleStatus> roles, int targetCount, boolean stale, List<String> problems) {
    public RepoStatus {
        roles = List.copyOf(roles);
        problems = List.copyOf(problems);
    }

    /**
     * One role.
     *
     * @param role         role name
     * @param version      current version
     * @param expires      expiry of the current version
     * @param keyIds       key ids root lists for the role
     * @param threshold    signature threshold
     * @param keysHeld     how many of those keys the server holds (always 0 for root: its keys are offline)
     * @param expired      the current version is expired
     * @param needsRefresh less than half of its validity period is left (root: less than 30 days), or expired
     */
    public record RoleStatus(String role, long version, Instant expires, List<String> keyIds, int threshold,
                             int keysHeld, boolean expired, boolean needsRefresh) {
        public RoleStatus {
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(expires, "expires");
            keyIds = List.copyOf(keyIds);
        }
    }

    public RoleStatus role(String name) {
        return roles.stream().filter(r -> r.role().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no role " + name));
    }
}
