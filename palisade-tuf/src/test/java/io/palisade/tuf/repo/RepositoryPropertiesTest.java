package io.palisade.tuf.repo;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Random sets of targets published and then downloaded through the client unchanged. */
class RepositoryPropertiesTest {
    @Provide
    Arbitrary<Map<String, byte[]>> targetSets() {
        Arbitrary<String> segment = Arbitraries.strings().withChars("abcxyz019_-+").ofMinLength(1).ofMaxLength(8);
        Arbitrary<String> path = segment.list().ofMinSize(1).ofMaxSize(3).map(l -> String.join("/", l));
        Arbitrary<byte[]> content = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        return Arbitraries.maps(path, content).ofMinSize(1).ofMaxSize(6)
                .filter(m -> m.keySet().stream().noneMatch(a -> m.keySet().stream().anyMatch(b -> b.startsWith(a + "/"))));
    }

    @Property(tries = 15)
    void randomTargetSetsRoundTrip(@ForAll("targetSets") Map<String, byte[]> targets) throws Exception {
        Path dir = Files.createTempDirectory("tuf-prop-");
        try {
            RepoFixture f = new RepoFixture(dir, 1, 1);
            Map<String, byte[]> published = new LinkedHashMap<>(targets);
            for (Map.Entry<String, byte[]> e : published.entrySet()) {
                f.add(e.getKey(), e.getValue());
            }
            assertThat(f.repo.targets()).extracting(TargetEntry::path).containsExactlyInAnyOrderElementsOf(published.keySet());
            RepoFixture.Client c = f.client("c");
            for (Map.Entry<String, byte[]> e : published.entrySet()) {
                assertThat(c.download(e.getKey())).isEqualTo(e.getValue());
            }
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    @Property(tries = 200)
    void versionRangesNeverThrowAnythingButIllegalArgument(@ForAll String text) {
        try {
            io.palisade.core.version.FirmwareRange.parse(text);
        } catch (IllegalArgumentException expected) {
            // a clear refusal
        }
    }

    @Property(tries = 200)
    void customParserFailsClosed(@ForAll String text) {
        try {
            io.palisade.tuf.firmware.FirmwareCustom.parse(text);
        } catch (io.palisade.tuf.TufException expected) {
            // a clear refusal
        }
    }

}
