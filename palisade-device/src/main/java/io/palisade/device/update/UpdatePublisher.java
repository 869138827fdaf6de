package io.palisade.device.update;

import java.util.concurrent.CompletableFuture;

/**
 * Publishes a JSON payload QoS 1 to a topic of the device's own prefix; {@code DeviceAgent::publish} is one.
 * Tests capture reports with their own implementation.
 */
@FunctionalInterface
public interface UpdatePublisher {
    CompletableFuture<Void> publish(String topic, String json);
}
