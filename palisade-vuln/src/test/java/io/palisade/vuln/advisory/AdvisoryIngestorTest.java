package io.palisade.vuln.advisory;

import io.palisade.vuln.ingest.AdvisoryIngestor;
import io.palisade.vuln.ingest.IngestResult;
import static org.assertj.core.api.Assertions.assertThat;

import io.palisade.vuln.TestFiles;
import io.palisade.vuln.validate.Finding;
import io.palisade.vuln.validate.Validator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class AdvisoryIngestorTest {
    final AdvisoryIngestor ingestor = new AdvisoryIngestor(new Validator());

    @Test
    void acceptsValidCsafAndOsvFiles() {
        assertThat(ingestor.ingestFile(TestFiles.path("csaf/csaf_2.0/examples/csaf/bsi-2022-0001.json")))
                .isInstanceOf(IngestResult.Accepted.class);
        assertThat(ingestor.ingestFile(TestFiles.path("osv/osv-schema/tools/ghsa/testdata/full_ranges.osv.json")))
                .isInstanceOf(IngestResult.Accepted.class);
    }

    @Test
    void refusesInvalidDocumentsWithRuleIds() throws IOException {
        String doc = new String(TestFiles.bytes("csaf/csaf_2.0/examples/csaf/bsi-2022-0001.json"), StandardCharsets.UTF_8)
                .replace("\"fixed\": [", "\"known_not_affected\": [\"CSAFPID-0001\"], \"fixed\": [");
        IngestResult r = ingestor.ingest(doc.getBytes(StandardCharsets.UTF_8), "tampered.json");
        assertThat(r).isInstanceOf(IngestResult.Rejected.class);
        assertThat(((IngestResult.Rejected) r).findings()).extracting(Finding::ruleId).contains("6.1.6");
        IngestResult sbom = ingestor.ingestFile(TestFiles.path("sbom/cyclonedx-bom-examples/VEX/vex.json"));
        assertThat(sbom).isInstanceOf(IngestResult.Rejected.class);
    }

    @Test
    void providerLayoutWithIndexTxtAndTraversalAttempts(@TempDir Path dir) throws IOException {
        Path white = Files.createDirectories(dir.resolve("white/2022"));
        Files.copy(TestFiles.path("csaf/csaf_2.0/examples/csaf/bsi-2022-0001.json"), white.resolve("bsi-2022-0001.json"));
        Files.copy(TestFiles.path("csaf/csaf_2.0/examples/csaf/cisco-sa-20180328-smi2.json"), white.resolve("cisco.json"));
        Files.writeString(white.resolve("unlisted.json"), "{}");
        Path outside = Files.writeString(dir.getParent().resolve("outside-" + System.nanoTime() + ".json"), "{}");
        Files.writeString(dir.resolve("white/index.txt"), "2022/bsi-2022-0001.json\n2022/cisco.json\n../../" + outside.getFileName()
                + "\n/etc/passwd\nhttps://example.com/2022/x.json\n");
        Files.copy(TestFiles.path("csaf/csaf_2.0/examples/provider-metadata/example-01-provider-metadata.json"),
                dir.resolve("provider-metadata.json"));
        List<IngestResult> results = ingestor.ingestDirectory(dir);
        assertThat(results).extracting(IngestResult::source).containsExactlyInAnyOrder("bsi-2022-0001.json", "cisco.json");
        assertThat(results).allMatch(r -> r instanceof IngestResult.Accepted);
        Files.delete(outside);
    }

    @Test
    void plainTreeAndChangesCsv(@TempDir Path dir) throws IOException {
        Path y = Files.createDirectories(dir.resolve("2024"));
        Files.copy(TestFiles.path("osv/osv-schema/tools/ghsa/testdata/full_ranges.osv.json"), y.resolve("a.json"));
        Files.writeString(y.resolve("bad.json"), "{\"document\":{\"csaf_version\":\"2.0\"}}");
        List<IngestResult> plain = ingestor.ingestDirectory(dir);
        assertThat(plain).hasSize(2);
        assertThat(plain.stream().filter(r -> r instanceof IngestResult.Accepted)).hasSize(1);
        Files.writeString(dir.resolve("changes.csv"), "\"2024/a.json\",\"2024-01-01T00:00:00Z\"\n");
        assertThat(ingestor.ingestDirectory(dir)).hasSize(1);
    }

    @Test
    void rolieFeedLayout(@TempDir Path dir) throws IOException {
        Path y = Files.createDirectories(dir.resolve("2022"));
        Files.copy(TestFiles.path("csaf/csaf_2.0/examples/csaf/bsi-2022-0001.json"), y.resolve("bsi-2022-0001.json"));
        Files.writeString(dir.resolve("csaf-feed-tlp-white.json"), """
                {"feed":{"id":"x","title":"t","link":[],"category":[],"updated":"2022-01-01T00:00:00Z",
                 "entry":[{"id":"BSI-2022-0001","content":{"type":"application/json","src":"https://example.com/white/2022/bsi-2022-0001.json"}},
                          {"id":"gone","content":{"src":"https://example.com/white/2022/missing.json"}}]}}
                """);
        assertThat(ingestor.ingestDirectory(dir)).singleElement().isInstanceOf(IngestResult.Accepted.class);
    }
}
