package io.palisade.edge.internal;

/** Fixed limits of the broker's parsers. */
final class EdgeLimits {
    /** Largest JSON string value in a payload or schema. */
    static final int MAX_STRING = 1024 * 1024;
    /** Largest telemetry schema text. */
    static final int MAX_SCHEMA_CHARS = 64 * 1024;
    /** Longest string a schema "pattern" is applied to. */
    static final int MAX_PATTERN_INPUT = 4096;

    private EdgeLimits() {
    }
}
