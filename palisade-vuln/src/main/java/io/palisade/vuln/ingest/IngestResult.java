package io.palisade.vuln.ingest;

import io.palisade.vuln.advisory.*;
import io.palisade.vuln.validate.Finding;
import java.util.List;

/** Outcome of ingesting one document: accepted (normalized advisory) or rejected with the failed rules. */
public sealed interface IngestResult {
    String source();

    record Accepted(String source, Advisory advisory) implements IngestResult {
    }

    record Rejected(String source, List<Finding> findings) implements IngestResult {
        public Rejected {
            findings = List.copyOf(findings);
        }
    }
}
