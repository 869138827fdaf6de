/**
 * Firmware description carried in the {@code custom} object of a TUF target: {@link io.palisade.tuf.firmware.FirmwareCustom}
 * (model, version, hardware range, security-update flag, optional SBOM target), with the shared
 * {@link io.palisade.core.version.FirmwareVersion}s and hardware {@link io.palisade.core.version.FirmwareRange}s. Used
 * by the repository when publishing and by the device when deciding whether a target is meant for it.
 */
package io.palisade.tuf.firmware;
