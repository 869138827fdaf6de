package io.palisade.vuln.match;

import io.palisade.vuln.sbom.Component;
import java.util.List;
import java.util.Objects;

/**
 * One firmware version of one model in our catalogue, with the components of its SBOM. {@code modelPurl} and
 * {@code modelCpe} are optional identifiers the manufacturer declared for the device/firmware itself.
 */
public record FirmwareVersion(String model, String manufacturer, String version, String modelPurl, String modelCpe,
        List<Component> components) {
    public FirmwareVersion {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(version, "version");
        components = List.copyOf(components);
    }

    public FirmwareKey key() {
        return new FirmwareKey(model, version);
    }
}
