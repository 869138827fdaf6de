package io.palisade.conformity.catalog;

import io.palisade.core.PalisadeException;
import java.util.Objects;

/**
 * A link between two requirements of different standards. {@code DEEMED_COMPLIANCE}: meeting the target
 * requirement(s) is deemed to meet the source by law (UK PSTI → ETSI EN 303 645 V2.1.1); {@code EQUIVALENT}:
 * same outcome; {@code RELATED}: overlapping outcome (Palisade's mapping, informative).
 */
public record Crosswalk(String source, String target, Relation relation) {
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

    public Crosswalk {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(relation, "relation");
    }
}
