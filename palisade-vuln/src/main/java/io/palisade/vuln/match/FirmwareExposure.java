package io.palisade.vuln.match;

import io.palisade.vuln.version.Confidence;
import java.util.List;

/**
 * One firmware version matched by one advisory: the VEX status, how and how surely it matched, through which
 * component (the firmware itself or an SBOM component), the advisory's range, fixed versions and the number of
 * live devices on it. {@code versionUndetermined} is true when the range could not be evaluated (GIT range,
 * unreadable free text, no version given).
 */
public record FirmwareExposure(String model, String manufacturer, String firmwareVersion, VexStatus status,
        MatchedBy matchedBy, Confidence confidence, String component, String componentVersion, String range,
        boolean versionUndetermined, List<String> fixedVersions, long devices) {
    public FirmwareExposure {
        fixedVersions = List.copyOf(fixedVersions);
    }
}
