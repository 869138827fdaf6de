package io.palisade.conformity.catalog;

import io.palisade.core.PalisadeException;
import java.util.Objects;

/**
 * A link between two requirements of different standards. {@code DEEMED_COMPLIANCE}: meeting the target
 * requirement(s) is deemed to meet the source by law (UK PSTI Schedule 2 → ETSI EN 303 645 V2.1.1 or ISO/IEC 29147);
 * {@code EQUIVALENT}: same outcome (e.g. the same provision in two versions of a standard); {@code RELATED}:
 * overlapping outcome (Palisade's mapping, informative).
 *
 * <p>For deemed compliance, links of one source that share a {@code route} must all be met; different routes are
 * alternatives (any one suffices). A {@code whereRelevant} target counts only where it applies: declared not
 * applicable (with a reason) it does not stop its route.
 */
public record Crosswalk(String source, String target, Relation relation, String route, boolean whereRelevant) {
    public static final String DEFAULT_ROUTE = "default";

    public enum Relation {
        EQUIVALENT("equivalent"), RELATED("related"), DEEMED_COMPLIANCE("deemed-compliance");

        private final String label;

        Relation(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        public static Relation parse(String s) {
            for (Relation r : values()) {
                if (r.label.equals(s)) {
                    return r;
                }
            }
            throw PalisadeException.invalid("unknown crosswalk relation '" + s + "': use equivalent, related or deemed-compliance");
        }
    }

    public Crosswalk(String source, String target, Relation relation) {
        this(source, target, relation, DEFAULT_ROUTE, false);
    }

    public Crosswalk {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(relation, "relation");
        route = route == null || route.isBlank() ? DEFAULT_ROUTE : route;
    }
}
