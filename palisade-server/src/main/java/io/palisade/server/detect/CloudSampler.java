package io.palisade.server.detect;

import io.palisade.detect.behaviour.Metric;
import io.palisade.edge.DeviceMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns the edge's per-device counters into cloud-side metric samples for detection: every period, the change of
 * each counter is fed as a rate per minute (messages_in, bytes_in, auth_failures, connect_attempts, disconnects)
 * plus the mean message size of the period. Runs on one thread.
 */
public final class CloudSampler {
    private final DetectionService detection;
    private final Map<String, DeviceMetrics> previous = new HashMap<>();
    private Instant last;

    public CloudSampler(DetectionService detection) {
        this.detection = detection;
    }

    public void sample(Collection<DeviceMetrics> now, Instant at) {
        double perMinute = last == null ? 0 : 60_000.0 / Math.max(1, Duration.between(last, at).toMillis());
        for (DeviceMetrics m : now) {
            String id = m.deviceId().value();
            DeviceMetrics p = previous.put(id, m);
            if (p == null || last == null) {
                continue;
            }
            long msgs = Math.max(0, m.messagesIn() - p.messagesIn());
            long bytes = Math.max(0, m.bytesIn() - p.bytesIn());
            detection.onCloudSample(id, Metric.MESSAGES_IN, msgs * perMinute, at);
            detection.onCloudSample(id, Metric.BYTES_IN, bytes * perMinute, at);
            detection.onCloudSample(id, Metric.AUTH_FAILURES, Math.max(0, m.authorizationFailures() - p.authorizationFailures()) * perMinute, at);
            detection.onCloudSample(id, Metric.CONNECT_ATTEMPTS, Math.max(0, m.connects() - p.connects()) * perMinute, at);
            detection.onCloudSample(id, Metric.DISCONNECTS, Math.max(0, m.disconnects() - p.disconnects()) * perMinute, at);
            if (msgs > 0) {
                detection.onCloudSample(id, Metric.MESSAGE_SIZE, (double) bytes / msgs, at);
            }
        }
        last = at;
    }
}
