package io.palisade.tuf.metadata;

import java.util.Map;
import java.util.OptionalLong;

/**
 * A {@code METAFILES} entry (timestamp's snapshot.json, snapshot's &lt;role&gt;.json).
 *
 * @param version version of the listed metadata, at least 1
 * @param length  optional length in bytes
 * @param hashes  optional hashes, algorithm name to lowercase hex (empty when absent)
 */
public record MetaFile(long version, OptionalLong length, Map<String, String> hashes) {
    public MetaFile {
        if (version < 1) {
            throw new IllegalArgumentException("version must be at least 1");
        }
        if (length.isPresent() && length.getAsLong() < 0) {
            throw new IllegalArgumentException("length must not be negative");
        }
        hashes = Map.copyOf(hashes);
    }
}
