package io.palisade.server.update;

import static org.assertj.core.api.Assertions.assertThat;

import io.palisade.server.TestServer;
import io.palisade.tuf.Updater;
import io.palisade.tuf.UpdaterConfig;
import io.palisade.tuf.fetch.FileFetcher;
import io.palisade.tuf.metadata.TargetFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repository's key lifecycle through the CLI: init with offline root keys, root rotation to new keys, revocation
 * of a compromised online key. A client that trusted only root v1 follows the whole chain and still verifies and
 * downloads the image; a root signed by unrelated keys is refused.
 */
class FirmwareKeysTest {
    @TempDir
    Path tmp;

    @Test
    void rotateRootAndRevokeAnOnlineKeyAreFollowedByAClientThatTrustedRootV1() throws Exception {
        try (TestServer t = new TestServer(tmp.resolve("data"))) {
            assertThat(t.cli("model", "create", "--name", "acme-plug", "--manufacturer", "Acme", "--support-until", "2031-12").exit()).isZero();
            TestServer.Cli c = t.cli("firmware", "keys", "init", "--root-keys", "3", "--root-threshold", "2", "--out", tmp.resolve("root1").toString());
            assertThat(c.exit()).as(c.err()).isZero();
            assertThat(t.cli("firmware", "keys", "init", "--out", tmp.resolve("again").toString()).exit()).as("init only once").isEqualTo(1);
            Path repo = tmp.resolve("data/tuf/repository");
            byte[] rootV1 = Files.readAllBytes(repo.resolve("metadata/1.root.json"));
            try (Stream<Path> keys = Files.list(tmp.resolve("data/tuf/online-keys"))) {
                assertThat(keys.filter(p -> p.toString().endsWith(".key.pem")).count()).isEqualTo(3);
            }
            assertThat(Files.readString(tmp.resolve("data/tuf/online-keys").toFile().listFiles((d, n) -> n.endsWith(".key.pem"))[0].toPath()))
                    .as("online keys are encrypted at rest").contains("ENCRYPTED");

            Path image = tmp.resolve("fw.bin");
            Files.write(image, new byte[] {1, 2, 3, 4, 5});
            assertThat(t.cli("firmware", "publish", "--model", "acme-plug", "--version", "1.0.1", "--file", image.toString()).exit()).isZero();

            c = t.cli("firmware", "keys", "rotate-root", "--root-keys-dir", tmp.resolve("root1").toString(),
                    "--new-root-keys-dir", tmp.resolve("root2").toString(), "--root-keys", "3", "--root-threshold", "2");
            assertThat(c.exit()).as(c.err()).isZero();
            c = t.cli("firmware", "keys", "revoke", "--role", "timestamp", "--root-keys-dir", tmp.resolve("root2").toString());
            assertThat(c.exit()).as(c.err()).isZero();
            assertThat(Files.exists(repo.resolve("metadata/3.root.json"))).isTrue();
            try (Stream<Path> keys = Files.list(tmp.resolve("data/tuf/online-keys"))) {
                assertThat(keys.filter(p -> p.toString().endsWith(".key.pem")).count()).as("the revoked key file is gone").isEqualTo(3);
            }

            // unrelated keys cannot take over
            t.cli("firmware", "keys", "init", "--out", tmp.resolve("stranger").toString());
            c = t.cli("firmware", "keys", "rotate-root", "--root-keys-dir", tmp.resolve("stranger").toString());
            assertThat(c.exit()).isEqualTo(1);

            // a client provisioned with root v1 follows v1 -> v2 -> v3 and verifies the image
            Path meta = tmp.resolve("client-meta");
            Files.createDirectories(meta);
            Updater.initialize(meta, rootV1, Clock.systemUTC());
            Updater u = new Updater(UpdaterConfig.of(meta, repo.resolve("metadata").toUri()).withTargetBaseUrl(repo.resolve("targets").toUri()),
                    new FileFetcher(), Clock.systemUTC());
            u.refresh();
            assertThat(u.trustedRoot().signed().version()).isEqualTo(3);
            TargetFile target = u.findTarget("acme-plug/1.0.1/fw.bin").orElseThrow();
            Path out = tmp.resolve("downloads");
            Files.createDirectories(out);
            assertThat(Files.readAllBytes(u.download(target, out))).containsExactly(1, 2, 3, 4, 5);
            assertThat(t.cli("firmware", "keys", "status").out()).contains("timestamp", "targets: 1");
            assertThat(t.get("/api/v1/audit?limit=1000").json().findValuesAsText("action")).contains("firmware.keys", "firmware.published");
        }
    }
}
