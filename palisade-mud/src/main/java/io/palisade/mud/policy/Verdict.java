package io.palisade.mud.policy;

import io.palisade.mud.model.Direction;
import java.util.Objects;
import java.util.Optional;

/**
 * The decision for one flow. {@code acl} and {@code ace} name the first matching entry; both are {@code null}
 * for the default deny (no entry matched).
 */
public record Verdict(Decision decision, String acl, String ace, Direction direction) {

    /** Allow or deny. A matching {@code drop} or {@code reject} entry, and no match at all, are DENY. */
    public enum Decision {
        ALLOW, DENY;

        public String lowerCase() {
            return this == ALLOW ? "allow" : "deny";
        }
    }

    public Verdict {
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(direction, "direction");
        if ((acl == null) != (ace == null)) {
            throw new IllegalArgumentException("acl and ace are both set or both null");
        }
    }

    public static Verdict defaultDeny(Direction direction) {
        return new Verdict(Decision.DENY, null, null, direction);
    }

    public boolean allowed() {
        return decision == Decision.ALLOW;
    }

    public boolean isDefaultDeny() {
        return acl == null;
    }

    public Optional<String> aclName() {
        return Optional.ofNullable(acl);
    }

    public Optional<String> aceName() {
        return Optional.ofNullable(ace);
    }
}
