package io.palisade.tuf.repo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.palisade.tuf.TufException;
import io.palisade.tuf.firmware.FirmwareCustom;
import io.palisade.tuf.metadata.MetadataParser;
import io.palisade.tuf.metadata.RoleType;
import io.palisade.tuf.metadata.TargetFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(60)
class TufRepositoryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = RepoFixture.NOW;

    @TempDir
    Path tmp;

    @Test
    void publishedFirmwareRoundTripsThroughTheClientWithItsCustomMetadata() throws Exception {
        RepoFixture f = new RepoFixture(tmp, 3, 2);
        byte[] sbom = "{\"bomFormat\":\"CycloneDX\"}".getBytes(StandardCharsets.UTF_8);
        f.add("acme-plug/1.4.2/bom.json", sbom);
        byte[] image = "firmware image 1.4.2".repeat(1000).getBytes(StandardCharsets.UTF_8);
        FirmwareCustom fw = FirmwareCustom.of("acme-plug", "1.4.2", ">=1.0,<3.0", true).withSbom("acme-plug/1.4.2/bom.json");
        TargetEntry e = f.repo.addTarget("acme-plug/1.4.2/fw.bin", new ByteArrayInputStream(image), 1 << 20, fw);

        assertThat(e.length()).isEqualTo(image.length);
        assertThat(e.hashes()).containsOnlyKeys("sha256", "sha512");
        assertThat(e.file()).isEqualTo("targets/acme-plug/1.4.2/" + e.hashes().get("sha256") + ".fw.bin");
        assertThat(Files.readAllBytes(f.repoDir().resolve(e.file()))).isEqualTo(image);
        assertThat(f.repo.targets()).extracting(TargetEntry::path)
                .containsExactly("acme-plug/1.4.2/bom.json", "acme-plug/1.4.2/fw.bin");

        RepoFixture.Client client = f.client("d1");
        assertThat(client.download("acme-plug/1.4.2/fw.bin")).isEqualTo(image);
        TargetFile listed = client.updater().findTarget("acme-plug/1.4.2/fw.bin").orElseThrow();
        assertThat(FirmwareCustom.parse(listed.customJson().orElseThrow())).isEqualTo(fw);
        assertThat(client.download("acme-plug/1.4.2/bom.json")).isEqualTo(sbom);

        // layout: versioned snapshot/targets, unversioned timestamp, every root version
        assertThat(f.repoDir().resolve("metadata")).isDirectoryContaining("glob:**/1.root.json")
                .isDirectoryContaining("glob:**/timestamp.json").isDirectoryContaining("glob:**/3.targets.json")
                .isDirectoryContaining("glob:**/3.snapshot.json");
        RepoStatus st = f.repo.status(NOW);
        assertThat(st.role("targets").version()).isEqualTo(3);
        assertThat(st.role("timestamp").version()).isEqualTo(3);
        assertThat(st.role("root").threshold()).isEqualTo(2);
        assertThat(st.role("root").keyIds()).hasSize(3);
        assertThat(st.stale()).isFalse();
        assertThat(st.targetCount()).isEqualTo(2);
    }

    @Test
    void ecdsaOnlineKeysAndReopeningWork() throws Exception {
        RootKeys rk = RootKeys.generate(tmp.resolve("offline"), 1, 1, KeyType.ECDSA_P256, "pw".toCharArray());
        OnlineKeys online = OnlineKeys.generate(KeyType.ECDSA_P256);
        online.writeTo(tmp.resolve("server-keys"), "online-pw".toCharArray());
        byte[] root = RootSigner.newRoot(Optional.empty(), online.publicRoles(), rk, NOW.plus(Duration.ofDays(365)), RepoFixture.CLOCK);
        assertThat(new String(root, StandardCharsets.UTF_8)).contains("\"keytype\":\"ecdsa\"", "BEGIN PUBLIC KEY");
        TufRepository.create(tmp.resolve("repo"), root, online.all(), RepoFixture.config());

        OnlineKeys reread = OnlineKeys.readFrom(tmp.resolve("server-keys"), "online-pw".toCharArray());
        TufRepository reopened = TufRepository.open(tmp.resolve("repo"), reread.all(), RepoFixture.config());
        reopened.addTarget("a/b.bin", new ByteArrayInputStream(new byte[] {1, 2, 3}), 10, Map.of("note", "x"));
        assertThat(reopened.findTarget("a/b.bin")).isPresent();

        io.palisade.tuf.Updater.initialize(tmp.resolve("c/metadata"), root, RepoFixture.CLOCK);
        var u = new io.palisade.tuf.Updater(io.palisade.tuf.UpdaterConfig.of(tmp.resolve("c/metadata"),
                tmp.resolve("repo/metadata").toUri()).withTargetBaseUrl(tmp.resolve("repo/targets").toUri()),
                new io.palisade.tuf.fetch.FileFetcher(), RepoFixture.CLOCK);
        TargetFile t = u.findTarget("a/b.bin").orElseThrow();
        assertThat(Files.readAllBytes(u.download(t, tmp.resolve("c/targets")))).containsExactly(1, 2, 3);
        assertThatThrownBy(() -> TufRepository.create(tmp.resolve("repo"), root, online.all(), RepoFixture.config()))
                .hasMessageContaining("already exists");
    }

    @Test
    void rootRotationToNewKeysIsAcceptedByAClientThatTrustedTheOldRoot() throws Exception {
        RepoFixture f = new RepoFixture(tmp, 3, 2);
        f.add("fw/1.bin", "one".getBytes(StandardCharsets.UTF_8));
        RepoFixture.Client client = f.client("d1");
        client.refresh();

        RootKeys newKeys = RootKeys.generate(tmp.resolve("offline-2"), 3, 2, KeyType.ED25519, null);
        byte[] root2 = RootSigner.newRoot(Optional.of(f.repo.rootBytes()), f.repo.onlineRoles(), newKeys,
                f.rootKeys.firstKeys(2), NOW.plus(Duration.ofDays(365)), RepoFixture.CLOCK);
        f.repo.installRoot(root2);
        assertThat(f.repo.rootVersion()).isEqualTo(2);
        f.add("fw/2.bin", "two".getBytes(StandardCharsets.UTF_8));

        assertThat(client.refresh().trustedRoot().signed().version()).isEqualTo(2);
        assertThat(client.download("fw/2.bin")).asString(StandardCharsets.UTF_8).isEqualTo("two");
        // a device provisioned long ago with root 1 walks the chain too
        assertThat(f.client("late").download("fw/1.bin")).asString(StandardCharsets.UTF_8).isEqualTo("one");

        // and the next rotation needs the NEW keys: the old ones are not enough any more
        assertThatThrownBy(() -> RootSigner.newRoot(Optional.of(f.repo.rootBytes()), f.repo.onlineRoles(), f.rootKeys,
                f.rootKeys.keys(), NOW.plus(Duration.ofDays(365)), RepoFixture.CLOCK))
                .isInstanceOf(TufException.class).hasMessageContaining("not signed by a threshold of the keys of root version 2");
    }

    @Test
    void rootBelowThresholdOfTheOldKeysIsRefusedByTheRepositoryAndByTheClient() throws Exception {
        RepoFixture f = new RepoFixture(tmp, 3, 2);
        f.add("fw/1.bin", "one".getBytes(StandardCharsets.UTF_8));
        RootKeys newKeys = RootKeys.generate(tmp.resolve("offline-2"), 3, 2, KeyType.ED25519, null);
        ObjectNode signed = MetadataSigner.root(2, NOW.plus(Duration.ofDays(365)), newKeys.publicRole(), f.repo.onlineRoles());
        List<SigningKey> oneOld = new ArrayList<>(newKeys.keys());
        oneOld.add(f.rootKeys.keys().get(0));
        byte[] belowThreshold = MetadataSigner.sign(signed, oneOld);

        assertThatThrownBy(() -> RootSigner.newRoot(Optional.of(f.repo.rootBytes()), f.repo.onlineRoles(), newKeys,
                f.rootKeys.firstKeys(1), NOW.plus(Duration.ofDays(365)), RepoFixture.CLOCK))
                .hasMessageContaining("1 of 2 required");
        assertThatThrownBy(() -> f.repo.installRoot(belowThreshold)).isInstanceOf(TufException.class)
                .hasMessageContaining("not signed by a threshold of the keys of root version 1").hasMessageContaining("1 of 2");
        assertThat(f.repo.rootVersion()).isEqualTo(1);

        // a malicious mirror serving it anyway: the client refuses it
        Files.write(f.repoDir().resolve("metadata/2.root.json"), belowThreshold);
        assertThatThrownBy(() -> f.client("d1").refresh()).isInstanceOf(TufException.class)
                .hasMessageContaining("root: signature threshold not met (1 of 2");
    }

    @Test
    void rootSignedOnlyByTheNewKeysIsRefusedByTheRepositoryAndByTheClient() throws Exception {
        RepoFixture f = new RepoFixture(tmp, 3, 2);
        RootKeys newKeys = RootKeys.generate(tmp.resolve("offline-2"), 2, 2, KeyType.ED25519, null);
        byte[] onlyNew = MetadataSigner.sign(MetadataSigner.root(2, NOW.plus(Duration.ofDays(365)),
                newKeys.publicRole(), f.repo.onlineRoles()), newKeys.keys());
        assertThatThrownBy(() -> f.repo.installRoot(onlyNew)).hasMessageContaining("0 of 2");
        // and one signed by the old keys only (not by its own new keys)
        byte[] onlyOld = MetadataSigner.sign(MetadataSigner.root(2, NOW.plus(Duration.ofDays(365)),
                newKeys.publicRole(), f.repo.onlineRoles()), f.rootKeys.keys());
        assertThatThrownBy(() -> f.repo.installRoot(onlyOld)).hasMessageContaining("not signed by a threshold of its own root keys");
        // wrong version
        byte[] skip = MetadataSigner.sign(MetadataSigner.root(3, NOW.plus(Duration.ofDays(365)),
                f.rootKeys.publicRole(), f.repo.onlineRoles()), f.rootKeys.keys());
        assertThatThrownBy(() -> f.repo.installRoot(skip)).hasMessageContaining("expected version 2");
        // online keys the server does not hold
        byte[] unknownOnline = RootSigner.newRoot(Optional.of(f.repo.rootBytes()), OnlineKeys.generate(KeyType.ED25519).publicRoles(),
                f.rootKeys, NOW.plus(Duration.ofDays(365)), RepoFixture.CLOCK);
        assertThatThrownBy(() -> f.repo.installRoot(unknownOnline)).hasMessageContaining("does not hold");

        Files.write(f.repoDir().resolve("metadata/2.root.json"), onlyNew);
        assertThatThrownBy(() -> f.client("d1").refresh()).isInstanceOf(TufException.class)
                .hasMessageContaining("root: signature threshold not met (0 of 2");
    }

    @Test
    void revokedTimestampKeyNoLongerSignsAnythingAClientAccepts() throws Exception {
        RepoFixture f = new RepoFixture(tmp, 3, 2);
        f.add("fw/1.bin", "one".getBytes(StandardCharsets.UTF_8));
        RepoFixture.Client client = f.client("d1");
        client.refresh();
        SigningKey compromised = f.online.timestamp();

        SigningKey fresh = SigningKey.generate(KeyType.ED25519);
        OnlineRoleKeys proposal = f.repo.rotateOnlineKey(RoleType.TIMESTAMP, fresh);
        assertThat(proposal.timestamp().keyIds()).containsExactly(fresh.keyId());
        assertThat(proposal.targets().keyIds()).containsExactly(f.online.targets().keyId());
        byte[] root2 = RootSigner.newRoot(Optional.of(f.repo.rootBytes()), proposal, f.rootKeys,
                NOW.plus(Duration.ofDays(365)), RepoFixture.CLOCK);
        f.repo.installRoot(root2);
        assertThat(f.repo.status(NOW).role("timestamp").keyIds()).containsExactly(fresh.keyId());
        client.refresh(); // the repository re-signed the timestamp with the new key at once

        // the attacker with the compromised key serves a newer timestamp
        var ts = MetadataParser.parseTimestamp(Files.readAllBytes(f.repoDir().resolve("metadata/timestamp.json")), 1 << 16);
        byte[] forged = MetadataSigner.sign(MetadataSigner.timestamp(ts.signed().version() + 1, NOW.plus(Duration.ofDays(1)),
                ts.signed().snapshotMeta().version(), Files.readAllBytes(f.repoDir().resolve("metadata/"
                        + ts.signed().snapshotMeta().version() + ".snapshot.json"))), List.of(compromised));
        Files.write(f.repoDir().resolve("metadata/timestamp.json"), forged);
        assertThatThrownBy(client::refresh).isInstanceOf(TufException.class)
                .hasMessageContaining("timestamp: signature threshold not met (0 of 1");
        assertThatThrownBy(() -> f.client("d2").refresh()).isInstanceOf(TufException.class)
                .hasMessageContaining("timestamp: signature threshold not met");

        // reopening with the old key only cannot sign any more: it fails closed
        assertThatThrownBy(() -> TufRepository.open(f.repoDir(), f.online.all(), RepoFixture.config()))
                .hasMessageContaining("cannot sign timestamp");
        // with the new key, it repairs the forged timestamp
        List<SigningKey> all = new ArrayList<>(f.online.all());
        all.add(fresh);
        TufRepository.open(f.repoDir(), all, RepoFixture.config());
        client.refresh();
    }

    @Test
    void staleAndExpiredTimestampIsReportedAndRefreshFixesIt() throws Exception {
        RepoFixture f = new RepoFixture(tmp, 1, 1);
        f.add("fw/1.bin", "one".getBytes(StandardCharsets.UTF_8));
        assertThat(f.repo.status(NOW.plus(Duration.ofHours(6))).stale()).isFalse();
        RepoStatus soon = f.repo.status(NOW.plus(Duration.ofHours(13)));
        assertThat(soon.stale()).isTrue();
        assertThat(soon.role("timestamp").needsRefresh()).isTrue();
        assertThat(soon.role("timestamp").expired()).isFalse();
        assertThat(soon.role("snapshot").needsRefresh()).isFalse();
        Instant later = NOW.plus(Duration.ofDays(5));
        RepoStatus expired = f.repo.status(later);
        assertThat(expired.role("timestamp").expired()).isTrue();
        assertThat(expired.role("snapshot").needsRefresh()).isTrue();
        assertThat(expired.problems()).anyMatch(p -> p.startsWith("timestamp version 2 expired"));

        RepoFixture.Client client = f.client("d1");
        client.now = later;
        assertThatThrownBy(client::refresh).hasMessageContaining("timestamp: version 2 expired");

        long snapshotBefore = f.repo.status(later).role("snapshot").version();
        RepoStatus after = f.repo.refreshTimestamp(later);
        assertThat(after.stale()).isFalse();
        assertThat(after.role("timestamp").version()).isEqualTo(3);
        assertThat(after.role("snapshot").version()).isEqualTo(snapshotBefore + 1);
        assertThat(after.role("timestamp").expires()).isEqualTo(later.plus(Duration.ofDays(1)));
        assertThat(client.download("fw/1.bin")).asString(StandardCharsets.UTF_8).isEqualTo("one");
        // root near its end is reported as needing an offline signature
        assertThat(f.repo.status(NOW.plus(Duration.ofDays(340))).role("root").needsRefresh()).isTrue();
    }

    @Test
    void addTargetEnforcesItsLimitsAndIsIdempotent() throws Exception {
        RepoFixture f = new RepoFixture(tmp, 1, 1);
        byte[] data = new byte[100];
        assertThatThrownBy(() -> f.repo.addTarget("big.bin", new ByteArrayInputStream(data), 99, Map.of()))
                .hasMessageContaining("larger than the limit of 99");
        for (String bad : new String[] {"../x", "/abs", "a//b", "a/./b", ".hidden", "a\\b", "a b", ""}) {
            assertThatThrownBy(() -> f.repo.addTarget(bad, new ByteArrayInputStream(data), 1000, Map.of()))
                    .as(bad).isInstanceOf(TufException.class);
        }
        assertThatThrownBy(() -> f.repo.addTarget("x.bin", new ByteArrayInputStream(data), 1000,
                Map.of("model", "m", "version", "1.0", "hardware", ">=banana"))).hasMessageContaining("version range");
        assertThatThrownBy(() -> f.repo.addTarget("x.bin", new ByteArrayInputStream(data), 1000,
                Map.of("weight", 1.5))).hasMessageContaining("floating point");
        assertThatThrownBy(() -> f.repo.addTarget("x.bin", new ByteArrayInputStream(data), 1000,
                FirmwareCustom.of("m", "1.0", "*", false).withSbom("missing/bom.json"))).hasMessageContaining("SBOM target");
        assertThat(f.repo.status(NOW).role("targets").version()).isEqualTo(1);

        TargetEntry first = f.add("x.bin", data);
        long version = f.repo.status(NOW).role("targets").version();
        assertThat(f.add("x.bin", data)).isEqualTo(first);
        assertThat(f.repo.status(NOW).role("targets").version()).isEqualTo(version);
        assertThatThrownBy(() -> f.add("x.bin", new byte[101])).hasMessageContaining("already published");
        try (var s = Files.list(f.repoDir().resolve(".incoming"))) {
            assertThat(s).isEmpty();
        }
    }

    @Test
    void keysAreStoredOwnerOnlyAndEncryptedWithAPassphrase() throws Exception {
        RootKeys rk = RootKeys.generate(tmp.resolve("offline"), 2, 2, KeyType.ED25519, "correct horse".toCharArray());
        Path k1 = tmp.resolve("offline/root-key-1.pem");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(k1))).isEqualTo("rw-------");
        String pem = Files.readString(k1, StandardCharsets.US_ASCII);
        assertThat(pem).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
        RootKeys loaded = RootKeys.load(tmp.resolve("offline"), "correct horse".toCharArray());
        assertThat(loaded.publicRole()).isEqualTo(rk.publicRole());
        assertThat(loaded.threshold()).isEqualTo(2);
        assertThatThrownBy(() -> RootKeys.load(tmp.resolve("offline"), "wrong".toCharArray()))
                .hasMessageContaining("wrong passphrase");
        assertThatThrownBy(() -> RootKeys.generate(tmp.resolve("offline"), 2, 2, KeyType.ED25519, null))
                .hasMessageContaining("refusing to overwrite");
        assertThat(rk.keys().get(0).toString()).doesNotContain(pem.substring(40, 60)).contains("keyid=");

        SigningKey ec = SigningKey.generate(KeyType.ECDSA_P256);
        SigningKey back = SigningKey.fromPem(ec.toPem(null), null);
        assertThat(back.keyId()).isEqualTo(ec.keyId());
        assertThat(back.publicKey()).isEqualTo(ec.publicKey());
        assertThatThrownBy(() -> SigningKey.fromPem("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", null))
                .isInstanceOf(TufException.class);
        assertThatThrownBy(() -> SigningKey.fromPem(ec.toPem("x".toCharArray()), null)).hasMessageContaining("passphrase is required");
        assertThatThrownBy(() -> SigningKey.fromPem("x".repeat(SigningKey.MAX_PEM_CHARS + 1), null)).hasMessageContaining("longer");
    }

    @Test
    void keyIdIsTheSha256OfTheCanonicalPublicKeyObject() throws Exception {
        SigningKey k = SigningKey.generate(KeyType.ED25519);
        String canonical = "{\"keytype\":\"ed25519\",\"keyval\":{\"public\":\"" + k.publicKey().publicValue().orElseThrow()
                + "\"},\"scheme\":\"ed25519\"}";
        String expected = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(canonical.getBytes(StandardCharsets.UTF_8)));
        assertThat(k.keyId()).isEqualTo(expected);
        byte[] root = Files.readAllBytes(writeRoot(k));
        var parsed = MetadataParser.parseRoot(root, 1 << 20);
        assertThat(parsed.signed().keys()).containsKey(k.keyId());
    }

    private Path writeRoot(SigningKey k) throws Exception {
        RoleKeys one = new RoleKeys(List.of(k.publicKey()), 1);
        byte[] root = MetadataSigner.sign(MetadataSigner.root(1, NOW.plus(Duration.ofDays(1)), one,
                new OnlineRoleKeys(one, one, one)), List.of(k));
        Path p = tmp.resolve("root.json");
        Files.write(p, root);
        return p;
    }

    @Test
    void concurrentPublishersAllLandAndTheClientSeesThemAll() throws Exception {
        RepoFixture f = new RepoFixture(tmp, 1, 1);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<TargetEntry>> futures = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                int n = i;
                futures.add(pool.submit(() -> f.add("fw/" + n + ".bin", ("image " + n).getBytes(StandardCharsets.UTF_8))));
            }
            for (Future<TargetEntry> fu : futures) {
                fu.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(f.repo.targets()).hasSize(12);
        assertThat(f.repo.status(NOW).role("targets").version()).isEqualTo(13);
        RepoFixture.Client c = f.client("d");
        for (int i = 0; i < 12; i++) {
            assertThat(c.download("fw/" + i + ".bin")).asString(StandardCharsets.UTF_8).isEqualTo("image " + i);
        }
        assertThat(JSON.readTree(Files.readAllBytes(f.repoDir().resolve("metadata/timestamp.json")))
                .at("/signed/meta/snapshot.json/version").asLong()).isEqualTo(13);
    }
}
