package io.palisade.detect.behaviour;

import io.palisade.core.PalisadeException;
import java.time.Duration;

/**
 * Engine-wide limits and built-in detector thresholds.
 *
 * @param maxDevices devices tracked at most; samples of further devices are dropped and counted
 * @param maxSamplesPerDevicePerMinute samples accepted per device per minute; the rest are dropped and counted
 * @param burstWindow tumbling window of the flood / auth-failure / connect-burst detectors
 * @param floodMessages messages_in summed over the window that make a flood
 * @param authFailureBurst auth_failures summed over the window that make a burst
 * @param connectBurst connect_attempts summed over the window that make a burst
 * @param scanWindow tumbling window of the scan detector
 * @param scanDistinctTargets distinct destination ip:port pairs in the window that make a scan
 * @param beaconHits reports in which a device contacts one never-seen destination before it is flagged
 */
public record DetectionSettings(int maxDevices, int maxSamplesPerDevicePerMinute, Duration burstWindow,
        double floodMessages, double authFailureBurst, double connectBurst, Duration scanWindow,
        int scanDistinctTargets, int beaconHits) {
    public DetectionSettings {
        if (maxDevices < 1 || maxSamplesPerDevicePerMinute < 1 || scanDistinctTargets < 2 || beaconHits < 1
                || beaconHits > 1000 || scanDistinctTargets > 10_000) {
            throw PalisadeException.invalid("detection settings out of range");
        }
        if (burstWindow.isNegative() || burstWindow.isZero() || scanWindow.isNegative() || scanWindow.isZero()) {
            throw PalisadeException.invalid("detection windows must be positive");
        }
        if (!(floodMessages > 0) || !(authFailureBurst > 0) || !(connectBurst > 0)) {
            throw PalisadeException.invalid("detection thresholds must be positive");
        }
    }

    public static DetectionSettings defaults() {
        return new DetectionSettings(1_000_000, 600, Duration.ofMinutes(1), 1200, 10, 30, Duration.ofMinutes(1), 50, 3);
    }
}
