package io.palisade.conformity.evidence;

import java.time.Instant;
import java.util.Objects;

/**
 * Where a fact was read and how a person re-checks it.
 *
 * @param source  what was read, e.g. "store: certificates table (active certificates)" or "config: palisade.yaml listeners"
 * @param recheck how to re-check, e.g. a CLI command ("palisade pki keys --shared") or an API URL
 * @param readAt  when the fact was read
 */
public record Provenance(String source, String recheck, Instant readAt) {
    public Provenance {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(recheck, "recheck");
        Objects.requireNonNull(readAt, "readAt");
    }
}
