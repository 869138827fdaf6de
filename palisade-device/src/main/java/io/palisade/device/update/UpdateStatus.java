package io.palisade.device.update;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** One status report, serialized by {@link #toJson()} as the wire contract says (see the package documentation). */
public record UpdateStatus(String rollout, String version, String from, UpdateStep step, Optional<String> reason,
                           long bytes, Instant at) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_REASON = 500;

    public UpdateStatus {
        Objects.requireNonNull(rollout, "rollout");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(at, "at");
        reason = Objects.requireNonNull(reason, "reason")
                .map(r -> r.length() > MAX_REASON ? r.substring(0, MAX_REASON) + "..." : r);
    }

    public String toJson() {
        ObjectNode n = JSON.createObjectNode();
        n.put("rollout", rollout);
        n.put("version", version);
        n.put("from", from);
        n.put("step", step.wireName());
        reason.ifPresent(r -> n.put("reason", r));
        n.put("bytes", bytes);
        n.put("at", at.toString());
        return n.toString();
    }
}
