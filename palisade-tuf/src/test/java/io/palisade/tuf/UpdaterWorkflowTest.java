package io.palisade.tuf;

import io.palisade.tuf.metadata.TargetFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The normal client workflow: what is fetched, under which names, and what is stored. */
@Timeout(30)
class UpdaterWorkflowTest {
    @TempDir
    Path tmp;

    @Test
    void refreshStoresVerifiedMetadataUnderNonVersionedNames() throws Exception {
        TestRepo repo = new TestRepo();
        repo.addTarget("targets", "a/b.txt", "hello");
        repo.bumpAndPublish();
        TestRepo.Client client = repo.client(tmp);
        client.refresh();
        try (var files = Files.list(client.metadataDir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("root.json", "timestamp.json", "snapshot.json", "targets.json");
        }
        assertThat(client.fetcher.requests).containsExactly(
                "metadata/2.root.json", "metadata/timestamp.json", "metadata/snapshot.json", "metadata/targets.json");
        assertThat(client.localVersion("targets")).isEqualTo(2);
        assertThat(Files.readAllBytes(client.metadataDir.resolve("timestamp.json"))).isEqualTo(repo.files.get("metadata/timestamp.json"));
    }

    @Test
    void downloadVerifiesAndCachesTargets() throws Exception {
        TestRepo repo = new TestRepo();
        repo.addTarget("targets", "dir/app.bin", "firmware v2");
        repo.bumpAndPublish();
        TestRepo.Client client = repo.client(tmp);
        Path file = client.download("dir/app.bin");
        assertThat(file.getParent()).isEqualTo(client.targetDir);
        assertThat(file.getFileName().toString()).isEqualTo("dir%2Fapp.bin");
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo("firmware v2");
        assertThat(client.fetcher.requests).contains("targets/dir/app.bin");

        client.fetcher.clear();
        Updater u = client.updater();
        TargetFile t = u.findTarget("dir/app.bin").orElseThrow();
        assertThat(u.findCached(t, client.targetDir)).contains(file);
        u.download(t, client.targetDir);
        assertThat(client.fetcher.requests).noneMatch(r -> r.startsWith("targets/"));
    }

    @Test
    void secondRefreshUsesValidLocalSnapshotAndTargets() throws Exception {
        TestRepo repo = new TestRepo();
        TestRepo.Client client = repo.client(tmp);
        client.refresh();
        client.fetcher.clear();
        client.refresh();
        assertThat(client.fetcher.requests).containsExactly("metadata/2.root.json", "metadata/timestamp.json");
    }

    @Test
    void consistentSnapshotFetchesVersionedMetadataAndHashPrefixedTargets() throws Exception {
        TestRepo repo = new TestRepo(true);
        repo.addTarget("targets", "dir/app.bin", "content");
        repo.bumpAndPublish();
        TestRepo.Client client = repo.client(tmp);
        client.download("dir/app.bin");
        String sha256 = TestRepo.hex("SHA-256", "content".getBytes(StandardCharsets.UTF_8));
        assertThat(client.fetcher.requests).containsExactly("metadata/2.root.json", "metadata/timestamp.json",
                "metadata/2.snapshot.json", "metadata/2.targets.json", "targets/dir/" + sha256 + ".app.bin");
        assertThat(Files.exists(client.metadataDir.resolve("snapshot.json"))).isTrue();
    }

    @Test
    void metadataLengthLimitsComeFromTheTrustedParent() throws Exception {
        TestRepo repo = new TestRepo();
        repo.hashesInSnapshot = true;
        repo.addTarget("targets", "t", "0123456789");
        repo.bumpAndPublish();
        TestRepo.Client client = repo.client(tmp);
        client.download("t");
        List<String> req = client.fetcher.requests;
        List<Long> lim = client.fetcher.limits;
        assertThat(lim.get(req.indexOf("metadata/2.root.json"))).isEqualTo(UpdaterConfig.DEFAULT_ROOT_MAX_LENGTH);
        assertThat(lim.get(req.indexOf("metadata/timestamp.json"))).isEqualTo(UpdaterConfig.DEFAULT_TIMESTAMP_MAX_LENGTH);
        assertThat(lim.get(req.indexOf("metadata/snapshot.json"))).isEqualTo(repo.files.get("metadata/snapshot.json").length);
        assertThat(lim.get(req.indexOf("metadata/targets.json"))).isEqualTo(repo.files.get("metadata/targets.json").length);
        assertThat(lim.get(req.indexOf("targets/t"))).isEqualTo(10L);
    }

    @Test
    void allKeyTypesWork() throws Exception {
        TestRepo repo = new TestRepo();
        repo.roleKeys.put("timestamp", List.of(TestKey.ecdsa()));
        repo.roleKeys.put("snapshot", List.of(TestKey.ecdsaHexPoint()));
        repo.roleKeys.put("targets", List.of(TestKey.rsaMaxSalt()));
        repo.rotateRoot(List.of(TestKey.rsa()), 1);
        repo.addTarget("targets", "x", "y");
        repo.bumpAndPublish();
        TestRepo.Client client = repo.client(tmp);
        client.download("x");
        assertThat(client.localVersion("root")).isEqualTo(2);
    }

    @Test
    void unknownFieldsAreAcceptedAndCoveredByTheSignature() throws Exception {
        TestRepo repo = new TestRepo();
        TestRepo.Client client = repo.client(tmp);
        client.refresh();
        repo.tweaks.put("root", s -> {
            s.put("custom-field", "value");
            String keyId = s.get("roles").get("root").get("keyids").get(0).textValue();
            ((com.fasterxml.jackson.databind.node.ObjectNode) s.get("keys").get(keyId)).putObject("extra-field").put("a", 1).put("b", 2);
            ((com.fasterxml.jackson.databind.node.ObjectNode) s.get("roles").get("root")).put("another-field", "value");
            return s;
        });
        repo.bump("root");
        repo.publishRoot();
        client.refresh();
        assertThat(client.localVersion("root")).isEqualTo(2);
    }

    @Test
    void missingTargetIsNotFound() throws Exception {
        TestRepo repo = new TestRepo();
        TestRepo.Client client = repo.client(tmp);
        assertThat(client.updater().findTarget("nope")).isEmpty();
    }

    @Test
    void missingTimestampFailsTheRefresh() throws Exception {
        TestRepo repo = new TestRepo();
        repo.files.remove("metadata/timestamp.json");
        TestRepo.Client client = repo.client(tmp);
        assertThatThrownBy(client::refresh).isInstanceOf(TufException.class).hasMessageContaining("timestamp.json not found");
    }

    @Test
    void updaterNeedsATrustedRoot() {
        UpdaterConfig c = UpdaterConfig.of(tmp, TestRepo.METADATA_URL);
        assertThatThrownBy(() -> new Updater(c, new MemFetcher(java.util.Map.of()), java.time.Clock.systemUTC()))
                .isInstanceOf(TufException.class).hasMessageContaining("no trusted root.json");
    }

    @Test
    void percentEncodingOfRoleNames() {
        assertThat(Updater.percentEncode("../a")).isEqualTo("..%2Fa");
        assertThat(Updater.percentEncode("\u00f6")).isEqualTo("%C3%B6");
        assertThat(Updater.percentEncode("a b?#")).isEqualTo("a%20b%3F%23");
        assertThat(Updater.percentEncode("A-z_0.9~")).isEqualTo("A-z_0.9~");
    }

    @Test
    void localTargetNamesNeverEscapeTheTargetDirectory() throws TufException {
        assertThat(Updater.localTargetPath(tmp, "..")).isEqualTo(tmp.resolve("%2E%2E"));
        assertThat(Updater.localTargetPath(tmp, "../../etc/passwd").getParent()).isEqualTo(tmp);
        assertThat(Updater.localTargetPath(tmp, "/abs").getParent()).isEqualTo(tmp);
    }
}
