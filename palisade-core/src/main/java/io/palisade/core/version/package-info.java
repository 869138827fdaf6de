/**
 * Firmware versions: {@link io.palisade.core.version.FirmwareVersion} (dotted numeric, total order consistent with
 * equals) and {@link io.palisade.core.version.FirmwareRange} (conjunction of comparison constraints), shared by the
 * TUF firmware metadata, the device update agent, virtual patching and vulnerability matching.
 */
package io.palisade.core.version;
