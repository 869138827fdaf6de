/**
 * Palisade device SDK: where the device key lives ({@link io.palisade.device.KeyStorage}: memory, PEM file or a
 * PKCS#11 token), certificate enrollment over EST ({@link io.palisade.device.EstClient}, RFC 7030), the MQTT 5
 * agent over mutual TLS ({@link io.palisade.device.DeviceAgent}), firmware updates verified with TUF and installed into
 * simulated A/B slots ({@link io.palisade.device.update.UpdateAgent}) and the {@link io.palisade.device.FleetSimulator}.
 * Depends only on the wire contract ({@code io.palisade.wire}); implementation details live in {@code internal}.
 */
package io.palisade.device;
