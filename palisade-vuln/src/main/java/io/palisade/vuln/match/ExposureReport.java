package io.palisade.vuln.match;

import java.time.Instant;
import java.util.List;

/**
 * Fleet exposure: per advisory with at least one match. {@code exposedDevices} counts each device once, however
 * many advisories affect (or may affect) its firmware.
 */
public record ExposureReport(Instant computedAt, int advisoriesChecked, int firmwareVersionsChecked,
        long exposedDevices, List<AdvisoryExposure> advisories) {
    public ExposureReport {
        advisories = List.copyOf(advisories);
    }
}
