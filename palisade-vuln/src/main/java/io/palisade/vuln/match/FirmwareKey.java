package io.palisade.vuln.match;

import java.util.Objects;

/** (model, firmware version): the grouping key of device counts. */
public record FirmwareKey(String model, String version) {
    public FirmwareKey {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(version, "version");
    }
}
