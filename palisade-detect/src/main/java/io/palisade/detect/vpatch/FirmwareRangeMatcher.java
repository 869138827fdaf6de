package io.palisade.detect.vpatch;

/** Port: whether a firmware version lies in a version range (the vulnerability module supplies the real one). */
@FunctionalInterface
public interface FirmwareRangeMatcher {
    boolean contains(String range, String version);
}
