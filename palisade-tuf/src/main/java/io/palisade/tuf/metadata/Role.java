package io.palisade.tuf.metadata;

import java.util.List;

/**
 * The keys and threshold of a top-level role in root.
 *
 * @param keyIds    distinct key ids allowed to sign for the role
 * @param threshold number of distinct keys whose signatures are required, at least 1
 */
public record Role(List<String> keyIds, int threshold) {
    public Role {
        keyIds = List.copyOf(keyIds);
        if (threshold < 1) {
            throw new IllegalArgumentException("threshold must be at least 1");
        }
        if (keyIds.stream().distinct().count() != keyIds.size()) {
            throw new IllegalArgumentException("keyids must be unique");
        }
    }
}
