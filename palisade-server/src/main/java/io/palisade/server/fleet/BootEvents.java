package io.palisade.server.fleet;

import io.palisade.server.support.Records;
import com.fasterxml.jackson.databind.JsonNode;
import io.palisade.core.PalisadeException;
import io.palisade.core.registry.DeviceRegistry;
import io.palisade.core.telemetry.TelemetryRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A device's {@code {"type":"boot","firmware":"1.4.2"}} event records the firmware it runs now. */
public final class BootEvents {
    private static final Logger LOG = LoggerFactory.getLogger(BootEvents.class);

    private BootEvents() {
    }

    public static void apply(DeviceRegistry registry, TelemetryRecord rec) {
        try {
            JsonNode n = Records.MAPPER.readTree(rec.payload());
            if ("boot".equals(n.path("type").asText()) && n.path("firmware").isTextual()) {
                registry.recordFirmware(rec.deviceId(), n.path("firmware").asText());
            }
        } catch (java.io.IOException | PalisadeException e) {
            LOG.info("boot event of {} not applied: {}", rec.deviceId(), e.getMessage());
        }
    }
}
