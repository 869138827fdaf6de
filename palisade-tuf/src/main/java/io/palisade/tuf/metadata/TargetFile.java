package io.palisade.tuf.metadata;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A target listed in targets metadata.
 *
 * @param path       the target path
 * @param length     exact length in bytes
 * @param hashes     algorithm name to lowercase hex digest, in document order, never empty
 * @param customJson the {@code custom} object as canonical JSON, when present
 */
public record TargetFile(String path, long length, Map<String, String> hashes, Optional<String> customJson) {
    public TargetFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(customJson, "customJson");
        if (length < 0) {
            throw new IllegalArgumentException("length must not be negative");
        }
        if (hashes.isEmpty()) {
            throw new IllegalArgumentException("hashes must not be empty");
        }
        hashes = Collections.unmodifiableMap(new LinkedHashMap<>(hashes));
    }
}
