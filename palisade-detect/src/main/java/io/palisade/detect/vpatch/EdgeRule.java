package io.palisade.detect.vpatch;

import io.palisade.core.PalisadeException;
import java.util.Objects;

/** An edge (broker) rule of a virtual patch. Topic patterns are relative to the device prefix. */
public sealed interface EdgeRule {
    TopicPattern topic();

    Direction direction();

    /** Deny every publish on the topic pattern. */
    record DenyTopic(TopicPattern topic, Direction direction) implements EdgeRule {
        public DenyTopic {
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(direction, "direction");
        }
    }

    /** Deny publishes whose JSON payload satisfies the predicate (non-JSON payloads are denied: fail closed). */
    record PayloadMatch(TopicPattern topic, Direction direction, JsonPredicate predicate) implements EdgeRule {
        public PayloadMatch {
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(direction, "direction");
            Objects.requireNonNull(predicate, "predicate");
        }
    }

    /** Deny publishes larger than {@code maxBytes}. */
    record MaxPayloadSize(TopicPattern topic, Direction direction, int maxBytes) implements EdgeRule {
        public MaxPayloadSize {
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(direction, "direction");
            if (maxBytes < 0 || maxBytes > 16 * 1024 * 1024) {
                throw PalisadeException.invalid("max payload size must be 0-16 MiB");
            }
        }
    }

    /** Allow at most {@code perMinute} publishes per device per minute on the topic (tumbling minute). */
    record RateLimit(TopicPattern topic, Direction direction, int perMinute) implements EdgeRule {
        public RateLimit {
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(direction, "direction");
            if (perMinute < 0 || perMinute > 1_000_000) {
                throw PalisadeException.invalid("rate limit must be 0-1000000 per minute");
            }
        }
    }
}
