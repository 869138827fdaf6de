package io.palisade.mud.model;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/** The RFC 8520 {@code ietf-mud:mud} match container (abstractions resolved later from the site). */
public record MudMatch(Optional<String> manufacturer, boolean sameManufacturer, Optional<URI> model,
                       boolean localNetworks, Optional<URI> controller, boolean myController) {
    public static final MudMatch NONE = new MudMatch(Optional.empty(), false, Optional.empty(), false,
            Optional.empty(), false);

    public MudMatch {
        Objects.requireNonNull(manufacturer, "manufacturer");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(controller, "controller");
    }

    public boolean isEmpty() {
        return equals(NONE);
    }
}
