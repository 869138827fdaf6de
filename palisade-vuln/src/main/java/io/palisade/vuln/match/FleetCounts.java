package io.palisade.vuln.match;

import java.util.Map;

/**
 * Port: how many live devices run each (model, firmware). The server answers with one aggregate query
 * ({@code SELECT model, firmware, count(*) ... GROUP BY model, firmware}), so devices are never loaded one by one.
 */
@FunctionalInterface
public interface FleetCounts {
    Map<FirmwareKey, Long> devicesByModelAndFirmware();

    static FleetCounts of(Map<FirmwareKey, Long> counts) {
        Map<FirmwareKey, Long> copy = Map.copyOf(counts);
        return () -> copy;
    }
}
