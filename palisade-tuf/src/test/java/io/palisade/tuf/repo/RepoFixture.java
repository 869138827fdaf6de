package io.palisade.tuf.repo;

import io.palisade.tuf.TufException;
import io.palisade.tuf.Updater;
import io.palisade.tuf.UpdaterConfig;
import io.palisade.tuf.fetch.FileFetcher;
import io.palisade.tuf.metadata.TargetFile;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/** A repository made like the server makes it (offline root keys, online keys) plus file:// clients. */
final class RepoFixture {
    static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    final Path base;
    final RootKeys rootKeys;
    final OnlineKeys online;
    final TufRepository repo;
    final byte[] root1;

    RepoFixture(Path base, int rootKeyCount, int rootThreshold) throws TufException {
        this.base = base;
        this.rootKeys = RootKeys.generate(base.resolve("offline"), rootKeyCount, rootThreshold, KeyType.ED25519, null);
        this.online = OnlineKeys.generate(KeyType.ED25519);
        this.root1 = RootSigner.newRoot(Optional.empty(), online.publicRoles(), rootKeys, NOW.plus(Duration.ofDays(365)), CLOCK);
        this.repo = TufRepository.create(base.resolve("repo"), root1, online.all(), config());
    }

    static TufRepository.Config config() {
        return TufRepository.Config.defaults().withClock(CLOCK);
    }

    Path repoDir() {
        return base.resolve("repo");
    }

    /** A device-like client trusting {@code root}. */
    final class Client {
        final Path dir;
        Instant now = NOW;

        Client(String name, byte[] root) throws TufException {
            this.dir = base.resolve("clients").resolve(name);
            Updater.initialize(dir.resolve("metadata"), root, CLOCK);
        }

        Updater updater() throws TufException {
            UpdaterConfig c = UpdaterConfig.of(dir.resolve("metadata"), repoDir().resolve("metadata").toUri())
                    .withTargetBaseUrl(repoDir().resolve("targets").toUri());
            return new Updater(c, new FileFetcher(), Clock.fixed(now, ZoneOffset.UTC));
        }

        Updater refresh() throws TufException {
            Updater u = updater();
            u.refresh();
            return u;
        }

        byte[] download(String path) throws Exception {
            Updater u = updater();
            TargetFile t = u.findTarget(path).orElseThrow(() -> new TufException("no target " + path));
            return Files.readAllBytes(u.download(t, dir.resolve("targets")));
        }
    }

    Client client(String name) throws TufException {
        return new Client(name, root1);
    }

    TargetEntry add(String path, byte[] content) throws TufException {
        return repo.addTarget(path, new ByteArrayInputStream(content), 1 << 20, java.util.Map.of());
    }

    static List<SigningKey> keys(SigningKey... k) {
        return List.of(k);
    }
}
