package io.palisade.conformity.evidence;

import io.palisade.conformity.catalog.ProfileParameters;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** Reads aggregated platform facts and judges one observable fact. Stateless and thread-safe. */
public interface Collector {
    /** The id requirements name in the catalog ("collector" field). */
    String id();

    /** One line: what is checked. */
    String check();

    Observation collect(Context ctx);

    /** Input of a collection: the (memoized) facts, the profile's parameters, an optional model scope, the time. */
    record Context(PlatformFacts facts, ProfileParameters parameters, Optional<String> model, Instant now) {
        public Context {
            Objects.requireNonNull(facts, "facts");
            Objects.requireNonNull(parameters, "parameters");
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(now, "now");
        }
    }
}
