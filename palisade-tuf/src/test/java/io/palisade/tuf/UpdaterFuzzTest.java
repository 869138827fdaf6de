package io.palisade.tuf;

import io.palisade.tuf.metadata.MetadataParser;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole client pipeline under mutated repository files: a refresh either fails with a TufException or accepts
 * metadata whose signed content is exactly what the repository signed.
 */
class UpdaterFuzzTest {
    private static final List<String> FILES = List.of("metadata/timestamp.json", "metadata/snapshot.json", "metadata/targets.json");
    private static TestRepo repo;
    private static Path workDir;

    @BeforeContainer
    static void setUp() throws Exception {
        repo = new TestRepo();
        repo.addTarget("targets", "fw.bin", "firmware");
        repo.delegate("targets", "team").paths = List.of("team/*");
        repo.bumpAndPublish();
        workDir = Files.createTempDirectory("tuf-fuzz");
    }

    @AfterContainer
    static void tearDown() throws Exception {
        try (Stream<Path> walk = Files.walk(workDir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Provide
    Arbitrary<List<Integer>> edits() {
        return Arbitraries.integers().between(0, Integer.MAX_VALUE).list().ofMinSize(3).ofMaxSize(3);
    }

    @Property(tries = 150)
    void mutatedRepositoryFilesNeverPassWithChangedContent(@ForAll("edits") List<Integer> edit) throws Exception {
        String name = FILES.get(edit.get(0) % FILES.size());
        byte[] original = repo.files.get(name);
        byte[] mutated = original.clone();
        int pos = edit.get(1) % mutated.length;
        mutated[pos] = (byte) (mutated[pos] ^ (1 + edit.get(2) % 255));
        TestRepo.Client client = repo.client(Files.createTempDirectory(workDir, "c"));
        repo.files.put(name, mutated);
        try {
            client.refresh();
            Path local = client.metadataDir.resolve(name.substring("metadata/".length()));
            byte[] stored = Files.readAllBytes(local);
            assertThat(canonical(stored, name)).isEqualTo(canonical(original, name));
        } catch (TufException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        } finally {
            repo.files.put(name, original);
        }
    }

    private static byte[] canonical(byte[] data, String name) throws TufException {
        if (name.endsWith("timestamp.json")) {
            return MetadataParser.parseTimestamp(data, 1 << 20).canonicalSigned();
        }
        if (name.endsWith("snapshot.json")) {
            return MetadataParser.parseSnapshot(data, 1 << 20).canonicalSigned();
        }
        return MetadataParser.parseTargets(data, 1 << 20).canonicalSigned();
    }
}
