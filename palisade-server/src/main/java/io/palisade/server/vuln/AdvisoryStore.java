package io.palisade.server.vuln;

import com.fasterxml.jackson.databind.JsonNode;
import io.palisade.core.PalisadeException;
import io.palisade.core.audit.AuditAction;
import io.palisade.core.audit.AuditLog;
import io.palisade.core.store.RecordRepository;
import io.palisade.core.store.Store;
import io.palisade.server.support.Records;
import io.palisade.vuln.VulnJson;
import io.palisade.vuln.advisory.Advisory;
import io.palisade.vuln.ingest.AdvisoryIngestor;
import io.palisade.vuln.advisory.CsafParser;
import io.palisade.vuln.ingest.IngestResult;
import io.palisade.vuln.advisory.OsvParser;
import io.palisade.vuln.validate.Finding;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Ingested advisories (CSAF 2.0, OSV) as {@code advisory} records keyed by advisory id. The document is kept
 * verbatim and validated (schema + CSAF 6.1 mandatory tests) before it is stored; the parsed form is cached by
 * record revision.
 */
public final class AdvisoryStore {
    static final String KIND = "advisory";
    static final int MAX_ADVISORIES = 100_000;
    /** Largest document stored (the record body limit). */
    public static final int MAX_BYTES = RecordRepository.MAX_BODY;

    /** What is kept: the document verbatim plus a summary for listings. */
    public record StoredAdvisory(String id, String format, String source, String title, List<String> cves, boolean activelyExploited,
                                 int products, Instant ingestedAt, String ingestedBy, String document) {
    }

    /** The summary returned by the API (no document). */
    public record AdvisoryView(String id, String format, String source, String title, List<String> cves, boolean activelyExploited,
                               int products, Instant ingestedAt, String ingestedBy) {
        static AdvisoryView of(StoredAdvisory s) {
            return new AdvisoryView(s.id(), s.format(), s.source(), s.title(), s.cves(), s.activelyExploited(), s.products(), s.ingestedAt(),
                    s.ingestedBy());
        }
    }

    private record Cached(long revision, Advisory advisory) {
    }

    private final Store store;
    private final Clock clock;
    private final AdvisoryIngestor ingestor;
    private final Map<String, Cached> parsed = new ConcurrentHashMap<>();

    public AdvisoryStore(Store store, AdvisoryIngestor ingestor, Clock clock) {
        this.store = store;
        this.ingestor = ingestor;
        this.clock = clock;
    }

    /** Validates, parses and stores one document; refused documents name their failed rule ids. */
    public AdvisoryView ingest(String actor, byte[] document, String source) {
        if (document.length > MAX_BYTES) {
            throw new PalisadeException(io.palisade.core.ErrorCode.PAYLOAD_TOO_LARGE, "advisory larger than " + MAX_BYTES + " bytes");
        }
        String src = source == null || source.isBlank() ? "upload" : source.length() > 200 ? source.substring(0, 200) : source;
        IngestResult r = ingestor.ingest(document, src);
        if (r instanceof IngestResult.Rejected rej) {
            String rules = rej.findings().stream().map(Finding::ruleId).distinct().sorted().collect(Collectors.joining(" "));
            String first = rej.findings().stream().limit(5).map(f -> f.ruleId() + " " + (f.path().isEmpty() ? "/" : f.path()) + ": " + f.message())
                    .collect(Collectors.joining("; "));
            throw PalisadeException.invalid("advisory refused, failed rules: " + rules + " (" + first + ")");
        }
        Advisory a = ((IngestResult.Accepted) r).advisory();
        if (a.id().length() > 200 || a.id().chars().anyMatch(Character::isISOControl)) {
            throw PalisadeException.invalid("advisory id must be 1-200 printable characters");
        }
        Instant now = clock.instant();
        StoredAdvisory s = new StoredAdvisory(a.id(), a.format().name().toLowerCase(java.util.Locale.ROOT), src, a.title(), a.cves(),
                a.activelyExploited(), a.products().size(), now, actor, new String(document, StandardCharsets.UTF_8));
        store.transaction(tx -> {
            boolean replaced = tx.records().find(KIND, a.id()).isPresent();
            tx.records().put(KIND, a.id(), Records.write(s), now);
            AuditLog.append(tx.audit(), now, actor, AuditAction.VULN, "advisory:" + a.id(), (replaced ? "advisory updated" : "advisory ingested")
                    + " format=" + s.format() + " products=" + s.products() + (a.activelyExploited() ? " actively-exploited" : ""));
            return null;
        });
        return AdvisoryView.of(s);
    }

    public List<AdvisoryView> list() {
        return store.read(r -> r.records().list(KIND, "", MAX_ADVISORIES)).stream()
                .map(x -> AdvisoryView.of(Records.read(x.body(), StoredAdvisory.class))).toList();
    }

    public Optional<AdvisoryView> find(String id) {
        return store.read(r -> r.records().find(KIND, id)).map(x -> AdvisoryView.of(Records.read(x.body(), StoredAdvisory.class)));
    }

    /** Every stored advisory, parsed (each document is parsed once per revision). */
    public List<Advisory> advisories() {
        List<Advisory> out = new ArrayList<>();
        for (RecordRepository.StoredRecord rec : store.read(r -> r.records().list(KIND, "", MAX_ADVISORIES))) {
            Cached c = parsed.get(rec.id());
            if (c == null || c.revision() != rec.revision()) {
                StoredAdvisory s = Records.read(rec.body(), StoredAdvisory.class);
                JsonNode root = VulnJson.parse(s.document(), s.id());
                Advisory a = "csaf".equals(s.format()) ? new CsafParser().parse(root) : new OsvParser().parse(root);
                c = new Cached(rec.revision(), a);
                parsed.put(rec.id(), c);
            }
            out.add(c.advisory());
        }
        return out;
    }
}
