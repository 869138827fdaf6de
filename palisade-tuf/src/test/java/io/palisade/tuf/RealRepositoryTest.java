package io.palisade.tuf;

import io.palisade.tuf.fetch.Fetcher;
import io.palisade.tuf.metadata.TargetFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The full client workflow over file:// against python-tuf's real test repository (RSA-PSS root, delegations). */
@Timeout(30)
class RealRepositoryTest {
    private static final Clock BEFORE_EXPIRY = Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path tmp;

    private static Path resourceDir(String path) throws Exception {
        return Path.of(RealRepositoryTest.class.getResource("/tuf/python-tuf-repository-data/" + path).toURI());
    }

    private Updater updater(Path repo, Clock clock) throws Exception {
        UpdaterConfig c = UpdaterConfig.of(tmp.resolve("md"), repo.resolve("metadata").toUri())
                .withTargetBaseUrl(repo.resolve("targets").toUri());
        return new Updater(c, Fetcher.standard(Duration.ofSeconds(5)), clock);
    }

    @Test
    void refreshesAndDownloadsTopLevelAndDelegatedTargets() throws Exception {
        Path repo = resourceDir("repository_data/repository");
        Updater.initialize(tmp.resolve("md"), Files.readAllBytes(repo.resolve("metadata/1.root.json")), BEFORE_EXPIRY);
        Updater u = updater(repo, BEFORE_EXPIRY);
        TargetFile file1 = u.findTarget("file1.txt").orElseThrow();
        assertThat(file1.length()).isEqualTo(31);
        assertThat(file1.hashes()).containsOnlyKeys("sha256", "sha512");
        Path downloaded = u.download(file1, tmp.resolve("out"));
        assertThat(Files.readAllBytes(downloaded)).isEqualTo(Files.readAllBytes(repo.resolve("targets/file1.txt")));

        TargetFile file3 = u.findTarget("file3.txt").orElseThrow();
        u.download(file3, tmp.resolve("out"));
        assertThat(tmp.resolve("md/role1.json")).exists();
        assertThat(u.findTarget("file2.txt")).isPresent();
        assertThat(u.findTarget("file4.txt")).isEmpty();
    }

    @Test
    void theRealRepositoryIsRefusedOnceExpired() throws Exception {
        Path repo = resourceDir("repository_data/repository");
        Clock after = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);
        Updater.initialize(tmp.resolve("md"), Files.readAllBytes(repo.resolve("metadata/1.root.json")), after);
        assertThatThrownBy(() -> updater(repo, after).refresh()).isInstanceOf(TufException.class)
                .hasMessageContaining("root: version 1 expired at 2030-01-01T00:00:00Z");
    }

    @Test
    void fishyRoleNamesCannotReachFilesOutsideTheMetadataDirectory() throws Exception {
        Path repo = resourceDir("repository_data/fishy_rolenames");
        Updater.initialize(tmp.resolve("md"), Files.readAllBytes(repo.resolve("metadata/1.root.json")), BEFORE_EXPIRY);
        Updater u = updater(repo, Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC));
        // the first delegated role is "../a": its file must be requested as "1...%2Fa.json", never as "../a.json"
        assertThatThrownBy(() -> u.findTarget("anything")).isInstanceOf(TufException.class)
                .hasMessageContaining("../a: metadata not found");
        assertThat(tmp.resolve("a.json")).doesNotExist();
        try (var files = Files.list(tmp.resolve("md"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                    "root.json", "timestamp.json", "snapshot.json", "targets.json");
        }
    }
}
