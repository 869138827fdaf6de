package io.palisade.vuln.match;

import java.util.List;

/** Exposure of the fleet to one advisory: models and firmware versions it touches and affected device count. */
public record AdvisoryExposure(String advisoryId, List<String> cves, String title, Double cvssBaseScore,
        boolean activelyExploited, List<String> affectedModels, long affectedDevices, List<FirmwareExposure> firmware) {
    public AdvisoryExposure {
        cves = List.copyOf(cves);
        affectedModels = List.copyOf(affectedModels);
        firmware = List.copyOf(firmware);
    }
}
