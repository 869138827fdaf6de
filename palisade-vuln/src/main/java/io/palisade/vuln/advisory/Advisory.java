package io.palisade.vuln.advisory;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An advisory normalized from CSAF 2.0 or OSV. {@code cvssBaseScore} is the highest base score stated;
 * {@code activelyExploited} is true when the source says so (CSAF threats of category exploit_status /
 * "known exploited" notes and KEV references).
 */
public record Advisory(String id, Format format, List<String> aliases, List<String> cves, String title,
        String publisher, Instant published, Instant updated, Double cvssBaseScore, String severity,
        boolean activelyExploited, List<AffectedProduct> products) {
    public enum Format {
        CSAF, OSV
    }

    public Advisory {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(format, "format");
        aliases = List.copyOf(aliases);
        cves = List.copyOf(cves);
        products = List.copyOf(products);
    }
}
