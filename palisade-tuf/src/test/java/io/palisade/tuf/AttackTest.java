package io.palisade.tuf;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One test (or more) per attack listed in the TUF specification (§1.5.2 "Goals to protect against specific
 * attacks"), each against a repository signed with keys generated in the test.
 *
 * <p>Slow retrieval is out of scope for unit tests: it needs a server that trickles bytes for longer than the
 * fetcher timeout. {@link io.palisade.tuf.fetch.HttpFetcher} bounds every request by its timeout
 * ({@code HttpRequest.timeout}, connect timeout) and every body by the listed length; the endless-data test over a
 * real HTTP server is in {@code FetcherTest}.
 */
@Timeout(60)
class AttackTest {
    @TempDir
    Path tmp;

    private static void assertRefreshFails(TestRepo.Client client, String message) {
        assertThatThrownBy(client::refresh).isInstanceOf(TufException.class).hasMessageContaining(message);
    }

    // ---- arbitrary software installation ----

    @Test
    void arbitrarySoftwareInstallation_targetWithWrongContentIsRefused() throws Exception {
        TestRepo repo = new TestRepo();
        repo.addTarget("targets", "app.bin", "good firmware");
        repo.bumpAndPublish();
        repo.files.put("targets/app.bin", "evil firmware".getBytes(StandardCharsets.UTF_8));
        TestRepo.Client client = repo.client(tmp);
        assertThatThrownBy(() -> client.download("app.bin")).isInstanceOf(TufException.class)
                .hasMessageContaining("sha256 hash does not match");
        assertThat(Files.exists(client.targetDir.resolve("app.bin"))).isFalse();
    }

    @Test
    void arbitrarySoftwareInstallation_everyListedHashIsChecked() throws Exception {
        TestRepo repo = new TestRepo();
        repo.addTarget("targets", "app.bin", "good firmware");
        repo.tweaks.put("targets", s -> {
            ((ObjectNode) s.get("targets").get("app.bin").get("hashes")).put("sha512", "00".repeat(64));
            return s;
        });
        repo.bumpAndPublish();
        TestRepo.Client client = repo.client(tmp);
        assertThatThrownBy(() -> client.download("app.bin")).isInstanceOf(TufException.class)
                .hasMessageContaining("sha512 hash does not match");
    }

    @Test
    void arbitrarySoftwareInstallation_unknownHashAlgorithmFailsClosed() throws Exception {
        TestRepo repo = new TestRepo();
        repo.addTarget("targets", "app.bin", "good firmware");
        repo.tweaks.put("targets", s -> {
            ((ObjectNode) s.get("targets").get("app.bin").get("hashes")).put("md5", "00".repeat(16));
            return s;
        });
        repo.bumpAndPublish();
        TestRepo.Client client = repo.client(tmp);
        assertThatThrownBy(() -> client.download("app.bin")).isInstanceOf(TufException.class)
                .hasMessageContaining("unsupported hash algorithm 'md5'");
    }

    @Test
    void arbitrarySoftwareInstallation_snapshotNotMatchingTimestampHashIsRefused() throws Exception {
        TestRepo repo = new TestRepo();
        repo.publish();
        byte[] snap = repo.files.get("metadata/snapshot.json");
        byte[] changed = new String(snap, StandardCharsets.UTF_8).replace("\"signatures\"", "\"signatures\" ").getBytes(StandardCharsets.UTF_8);
        repo.files.put("metadata/snapshot.json", java.util.Arrays.copyOf(changed, snap.length));
        TestRepo.Client client = repo.client(tmp);
        assertRefreshFails(client, "snapshot");
    }

    // ---- rollback attacks ----

    @Test
    void rollback_olderTimestampIsRefused() throws Exception {
        TestRepo repo = new TestRepo();
        repo.versions.put("timestamp", 5L);
        repo.publish();
        TestRepo.Client client = repo.client(tmp);
        client.refresh();
        repo.versions.put("timestamp", 4L);
        repo.publish();
        assertRefreshFails(client, "timestamp: rollback from version 5 to 4");
        assertThat(client.localVersion("timestamp")).isEqualTo(5);
    }

    @Test
    void rollback_timestampListingAnOlderSnapshotIsRefused() throws Exception {
        TestRepo repo = new TestRepo();
        repo.versions.put("snapshot", 3L);
        repo.publish();
        TestRepo.Client client = repo.client(tmp);
        client.refresh();
        repo.bump("timestamp");
        repo.versions.put("snapshot", 2L);
        repo.publish();
        assertRefreshFails(client, "snapshot version rollback from 3 to 2");
    }

    @Test
    void rollback_snapshotListingAnOlderTargetsIsRefused() throws Exception {
        TestRepo repo = new TestRepo();
        repo.versions.put("targets", 4L);
        repo.publish();
        TestRepo.Client client = repo.client(tmp);
        client.refresh();
        repo.bump("timestamp");
        repo.bump("snapshot");
        repo.versions.put("targets", 3L);
        repo.publish();
        assertRefreshFails(client, "rollback of targets.json from version 4 to 3");
        assertThat(client.localVersion("snapshot")).isEqualTo(1);
    }

    @Test
    void rollback_snapshotDroppingARoleIsRefused() throws Exception {
        TestRepo repo = new TestRepo();
        repo.delegate("targets", "team");
        repo.publish();
        TestRepo.Client client = repo.client(tmp);
        client.refresh();
        repo.delegations.clear();
        repo.bumpAndPublish();
        assertRefreshFails(client, "no longer lists team.json");
    }

    @Test
    void changedTimestampWithTheSameVersionIsIgnored() throws Exception {
        TestRepo repo = new TestRepo();
        TestRepo.Client client = repo.client(tmp);
        client.refresh();
        byte[] before = Files.readAllBytes(client.metadataDir.resolve("timestamp.json"));
        repo.tweaks.put("timestamp", s -> {
            ((ObjectNode) s.get("meta").get("snapshot.json")).put("version", 100);
            return s;
        });
        repo.publish();
        assertThat(repo.files.get("metadata/timestamp.json")).isNotEqualTo(before);
        client.refresh();
        assertThat(Files.readAllBytes(client.metadataDir.resolve("timestamp.json"))).isEqualTo(before);
    }

    // ---- indefinite freeze ----

    @Test
    void freeze_expiredTimestampIsRefused() throws Exception {
        TestRepo repo = new TestRepo();
        repo.expires.put("timestamp", TestRepo.NOW.minus(Duration.ofDays(1)));
        repo.publish();
        TestRepo.Client client = repo.client(tmp);
        assertRefreshFails(client, "timestamp: version 1 expired");
        assertThat(client.localVersion("timestamp")).isZero();
    }

    @Test
    void freeze_expiredSnapshotIsRefused() throws Exception {
        TestRepo repo = new TestRepo();
        repo.expires.put("snapshot", TestRepo.NOW);
        repo.publish();
        TestRepo.Client client = repo.client(tmp);
        assertRefreshFails(client, "snapshot: version 1 expired");
        assertThat(client.localVersion("snapshot")).isZero();
    }

    @Test
    void freeze_expiredTargetsIsRefused() throws Exception {
        TestRepo repo = new TestRepo();
        repo.expires.put("targets", TestRepo.NOW.minusSeconds(1));
        repo.publish();
        TestRepo.Client client = repo.client(tmp);
        assertRefreshFails(client, "targets: version 1 expired");
        assertThat(client.localVersion("targets")).isZero();
    }

    @Test
    void freeze_expiredRootIsRefusedAfterTheRootUpdate() throws Exception {
        TestRepo repo = new TestRepo();
        repo.expires.put("root", TestRepo.NOW.minus(Duration.ofDays(2)));
        repo.bump("root");
        repo.publishRoot();
        TestRepo.Client client = repo.client(tmp);
        assertRefreshFails(client, "root: version 2 expired");
        assertThat(client.localVersion("root")).isEqualTo(2);
        assertThat(client.localVersion("timestamp")).isZero();
    }

    @Test
    void freeze_clientWhoseClockPassedExpiryRefusesCachedMetadata() throws Exception {
        TestRepo repo = new TestRepo();
        TestRepo.Client client = repo.client(tmp);
        client.refresh();
        client.now = TestRepo.NOW.plus(Duration.ofDays(400));
        assertRefreshFails(client, "expired");
    }

    // ---- endless data ----

    @Test
    void endlessData_targetLongerThanListedIsRefused() throws Exception {
        TestRepo repo = new TestRepo();
        repo.addTarget("targets", "app.bin", "short");
        repo.bumpAndPublish();
        repo.files.put("targets/app.bin", "short and then a lot more".getBytes(StandardCharsets.UTF_8));
        TestRepo.Client client = repo.client(tmp);
        assertThatThrownBy(() -> client.download("app.bin")).isInstanceOf(TufException.class)
                .hasMessageContaining("more than the allowed 5 bytes");
    }

    @Test
    void endlessData_targetShorterThanListedIsRefused() throws Exception {
        TestRepo repo = new TestRepo();
        repo.addTarget("targets", "app.bin", "longer content");
        repo.bumpAndPublish();
        repo.files.put("targets/app.bin", "long".getBytes(StandardCharsets.UTF_8));
        TestRepo.Client client = repo.client(tmp);
        assertThatThrownBy(() -> client.download("app.bin")).isInstanceOf(TufException.class)
                .hasMessageContaining("length 4 does not match the expected 14");
    }

    @Test
    void endlessData_oversizedTimestampIsRefused() throws Exception {
        TestRepo repo = new TestRepo();
        repo.tweaks.put("timestamp", s -> {
            s.put("padding", "x".repeat((int) UpdaterConfig.DEFAULT_TIMESTAMP_MAX_LENGTH));
            return s;
        });
        repo.publish();
        TestRepo.Client client = repo.client(tmp);
        assertRefreshFails(client, "more than the allowed 16384 bytes");
    }

    @Test
    void endlessData_snapshotLongerThanTimestampSaysIsRefused() throws Exception {
        TestRepo repo = new TestRepo();
        repo.publish();
        byte[] snap = repo.files.get("metadata/snapshot.json");
        byte[] longer = java.util.Arrays.copyOf(snap, snap.length + 100);
        java.util.Arrays.fill(longer, snap.length, longer.length, (byte) ' ');
        repo.files.put("metadata/snapshot.json", longer);
        TestRepo.Client client = repo.client(tmp);
        assertRefreshFails(client, "more than the allowed " + snap.length + " bytes");
    }

    // ---- mix-and-match / extraneous dependencies ----

    @Test
    void mixAndMatch_snapshotVersionNotMatchingTimestampIsRefused() throws Exception {
        TestRepo repo = new TestRepo();
        repo.hashesInTimestamp = false;
        repo.versions.put("snapshot", 3L);
        repo.publish();
        byte[] snapshotV3 = repo.files.get("metadata/snapshot.json");
        repo.versions.put("snapshot", 4L);
        repo.bump("timestamp");
        repo.publish();
        repo.files.put("metadata/snapshot.json", snapshotV3);
        TestRepo.Client client = repo.client(tmp);
        assertRefreshFails(client, "snapshot: version 3 does not match version 4 listed in timestamp");
    }

    @Test
    void mixAndMatch_targetsVersionNotMatchingSnapshotIsRefused() throws Exception {
        TestRepo repo = new TestRepo();
        repo.addTarget("targets", "a", "old");
        repo.publish();
        byte[] targetsV1 = repo.files.get("metadata/targets.json");
        repo.bumpAndPublish();
        repo.files.put("metadata/targets.json", targetsV1);
        TestRepo.Client client = repo.client(tmp);
        assertRefreshFails(client, "targets: version 1 does not match version 2 listed in snapshot");
    }

    @Test
    void mixAndMatch_delegatedRoleNotInSnapshotIsRefused() throws Exception {
        TestRepo repo = new TestRepo();
        repo.delegate("targets", "team");
        repo.addTarget("team", "t", "x");
        repo.tweaks.put("snapshot", s -> {
            ((ObjectNode) s.get("meta")).remove("team.json");
            return s;
        });
        repo.publish();
        TestRepo.Client client = repo.client(tmp);
        assertThatThrownBy(() -> client.download("t")).isInstanceOf(TufException.class)
                .hasMessageContaining("team: not listed in snapshot");
    }

    // ---- malicious mirrors / invalid signatures ----

    @Test
    void maliciousMirror_metadataChangedAfterSigningIsRefused() throws Exception {
        TestRepo repo = new TestRepo();
        repo.addTarget("targets", "app.bin", "good");
        repo.hashesInSnapshot = false;
        repo.publish();
        String t = new String(repo.files.get("metadata/targets.json"), StandardCharsets.UTF_8);
        repo.files.put("metadata/targets.json", t.replace("\"length\" : 4", "\"length\" : 5").getBytes(StandardCharsets.UTF_8));
        assertThat(repo.files.get("metadata/targets.json")).isNotEqualTo(t.getBytes(StandardCharsets.UTF_8));
        TestRepo.Client client = repo.client(tmp);
        assertRefreshFails(client, "targets: signature threshold not met (0 of 1");
    }

    @Test
    void maliciousMirror_metadataSignedByAnUnlistedKeyIsRefused() throws Exception {
        TestRepo repo = new TestRepo();
        repo.signers.put("snapshot", List.of(TestKey.ed25519()));
        repo.publish();
        TestRepo.Client client = repo.client(tmp);
        assertRefreshFails(client, "snapshot: signature threshold not met");
    }

    @Test
    void maliciousMirror_signatureByAnotherRolesKeyIsRefused() throws Exception {
        TestRepo repo = new TestRepo();
        repo.signers.put("timestamp", repo.roleKeys.get("targets"));
        repo.publish();
        TestRepo.Client client = repo.client(tmp);
        assertRefreshFails(client, "timestamp: signature threshold not met");
    }

    // ---- fast-forward attack recovery ----

    @Test
    void fastForwardRecovery_afterTimestampKeyRotation() throws Exception {
        TestRepo repo = new TestRepo();
        TestRepo.Client client = repo.client(tmp);
        repo.versions.put("timestamp", 1000L);
        repo.publish();
        client.refresh();
        assertThat(client.localVersion("timestamp")).isEqualTo(1000);

        repo.roleKeys.put("timestamp", List.of(TestKey.ed25519()));
        repo.bump("root");
        repo.publishRoot();
        repo.versions.put("timestamp", 2L);
        repo.publish();
        client.refresh();
        assertThat(client.localVersion("timestamp")).isEqualTo(2);
        assertThat(client.localVersion("root")).isEqualTo(2);
    }

    @Test
    void fastForwardRecovery_afterSnapshotKeyRotation() throws Exception {
        TestRepo repo = new TestRepo();
        TestRepo.Client client = repo.client(tmp);
        repo.versions.put("snapshot", 1000L);
        repo.bump("timestamp");
        repo.publish();
        client.refresh();
        assertThat(client.localVersion("snapshot")).isEqualTo(1000);

        repo.roleKeys.put("snapshot", List.of(TestKey.ed25519()));
        repo.bump("root");
        repo.publishRoot();
        repo.versions.put("snapshot", 2L);
        repo.versions.put("timestamp", 3L);
        repo.publish();
        client.refresh();
        assertThat(client.localVersion("snapshot")).isEqualTo(2);
    }

    @Test
    void fastForwardRecovery_deletesTrustedTimestampEvenIfTheOldKeyStaysListed() throws Exception {
        TestRepo repo = new TestRepo();
        TestRepo.Client client = repo.client(tmp);
        repo.versions.put("timestamp", 1000L);
        repo.publish();
        client.refresh();
        TestKey old = repo.roleKeys.get("timestamp").get(0);
        TestKey fresh = TestKey.ed25519();
        repo.roleKeys.put("timestamp", List.of(old, fresh));
        repo.bump("root");
        repo.publishRoot();
        repo.signers.put("timestamp", List.of(fresh));
        repo.versions.put("timestamp", 2L);
        repo.publish();
        client.refresh();
        assertThat(client.localVersion("timestamp")).isEqualTo(2);
    }

    @Test
    void fastForwardIsNotRecoveredWithoutKeyRotation() throws Exception {
        TestRepo repo = new TestRepo();
        TestRepo.Client client = repo.client(tmp);
        repo.versions.put("timestamp", 1000L);
        repo.publish();
        client.refresh();
        repo.versions.put("timestamp", 2L);
        repo.publish();
        assertRefreshFails(client, "rollback from version 1000 to 2");
    }

    // ---- key compromise below threshold ----

    @Test
    void thresholdMinusOneValidSignaturesFail() throws Exception {
        TestRepo repo = new TestRepo();
        List<TestKey> keys = List.of(TestKey.ed25519(), TestKey.ecdsa(), TestKey.ed25519());
        repo.roleKeys.put("snapshot", keys);
        repo.thresholds.put("snapshot", 3);
        repo.bump("root");
        repo.publishRoot();
        repo.signers.put("snapshot", keys.subList(0, 2));
        repo.publish();
        TestRepo.Client client = repo.client(tmp);
        assertRefreshFails(client, "snapshot: signature threshold not met (2 of 3");

        repo.signers.remove("snapshot");
        repo.bump("snapshot");
        repo.bump("timestamp");
        repo.publish();
        client.refresh();
        assertThat(client.localVersion("snapshot")).isEqualTo(2);
    }

    @Test
    void rootThresholdMinusOneFails() throws Exception {
        TestRepo repo = new TestRepo();
        List<TestKey> old = repo.roleKeys.get("root");
        List<TestKey> next = List.of(TestKey.ed25519(), TestKey.ed25519());
        repo.roleKeys.put("root", next);
        repo.thresholds.put("root", 2);
        repo.bump("root");
        List<TestKey> signers = new ArrayList<>(old);
        signers.add(next.get(0));
        repo.publishRoot(signers);
        TestRepo.Client client = repo.client(tmp);
        assertRefreshFails(client, "root: signature threshold not met (1 of 2");
        assertThat(client.localVersion("root")).isEqualTo(1);
    }

    // ---- root rotation ----

    @Test
    void rootRotation_validChainIsAccepted() throws Exception {
        TestRepo repo = new TestRepo();
        TestRepo.Client client = repo.client(tmp);
        repo.rotateRoot(List.of(TestKey.ed25519()), 1);
        repo.rotateRoot(List.of(TestKey.ecdsa(), TestKey.ed25519()), 2);
        repo.rotateRoot(List.of(TestKey.rsa()), 1);
        client.refresh();
        assertThat(client.localVersion("root")).isEqualTo(4);
        assertThat(client.fetcher.requests).startsWith("metadata/2.root.json", "metadata/3.root.json",
                "metadata/4.root.json", "metadata/5.root.json");
    }

    @Test
    void rootRotation_signedOnlyByTheNewKeysIsRefused() throws Exception {
        TestRepo repo = new TestRepo();
        TestRepo.Client client = repo.client(tmp);
        List<TestKey> next = List.of(TestKey.ed25519());
        repo.roleKeys.put("root", next);
        repo.bump("root");
        repo.publishRoot(next);
        assertRefreshFails(client, "root: signature threshold not met (0 of 1");
        assertThat(client.localVersion("root")).isEqualTo(1);
    }

    @Test
    void rootRotation_signedOnlyByTheOldKeysIsRefused() throws Exception {
        TestRepo repo = new TestRepo();
        TestRepo.Client client = repo.client(tmp);
        List<TestKey> old = repo.roleKeys.get("root");
        repo.roleKeys.put("root", List.of(TestKey.ed25519()));
        repo.bump("root");
        repo.publishRoot(old);
        assertRefreshFails(client, "root: signature threshold not met (0 of 1");
    }

    @Test
    void rootRotation_versionSkipIsRefused() throws Exception {
        TestRepo repo = new TestRepo();
        TestRepo.Client client = repo.client(tmp);
        repo.versions.put("root", 3L);
        byte[] v3 = repo.publishRoot();
        repo.files.put("metadata/2.root.json", v3);
        assertRefreshFails(client, "root: expected version 2 but got 3");
        assertThat(client.localVersion("root")).isEqualTo(1);
    }

    @Test
    void rootRotation_isBoundedByMaxRootRotations() throws Exception {
        TestRepo repo = new TestRepo();
        TestRepo.Client client = repo.client(tmp);
        for (int i = 0; i < 4; i++) {
            repo.bump("root");
            repo.publishRoot();
        }
        client.maxRootRotations = 2;
        client.refresh();
        assertThat(client.localVersion("root")).isEqualTo(3);
        assertThat(client.fetcher.requests).doesNotContain("metadata/4.root.json");
    }

    // ---- wrong and unknown key types ----

    @Test
    void unknownKeyTypeIsNotCounted() throws Exception {
        TestRepo repo = new TestRepo();
        TestKey real = TestKey.ed25519();
        TestKey unknown = TestKey.relabeled(real, "sphincs-future", "sphincs-future");
        repo.roleKeys.put("timestamp", List.of(repo.roleKeys.get("timestamp").get(0), unknown));
        repo.thresholds.put("timestamp", 2);
        repo.bump("root");
        repo.publishRoot();
        repo.signers.put("timestamp", List.of(repo.roleKeys.get("timestamp").get(0), unknown));
        repo.publish();
        TestRepo.Client client = repo.client(tmp);
        assertRefreshFails(client, "timestamp: signature threshold not met (1 of 2");
        assertThat(client.localVersion("root")).isEqualTo(2);
    }

    @Test
    void keyDeclaredWithTheWrongTypeIsNotCounted() throws Exception {
        TestRepo repo = new TestRepo();
        TestKey ec = TestKey.ecdsa();
        TestKey mislabeled = TestKey.relabeled(ec, "ed25519", "ed25519");
        repo.roleKeys.put("snapshot", List.of(mislabeled));
        repo.bump("root");
        repo.publishRoot();
        repo.publish();
        TestRepo.Client client = repo.client(tmp);
        assertRefreshFails(client, "snapshot: signature threshold not met (0 of 1");
    }

    @Test
    void rsaKeyUsedWithAnUnsupportedSchemeIsNotCounted() throws Exception {
        TestRepo repo = new TestRepo();
        TestKey rsa = TestKey.relabeled(TestKey.rsa(), "rsa", "rsa-pkcs1v15-sha256");
        repo.roleKeys.put("targets", List.of(rsa));
        repo.bump("root");
        repo.publishRoot();
        repo.publish();
        TestRepo.Client client = repo.client(tmp);
        assertRefreshFails(client, "targets: signature threshold not met (0 of 1");
    }

    // ---- duplicate signatures ----

    @Test
    void duplicateSignaturesAreCountedOnce() throws Exception {
        TestRepo repo = new TestRepo();
        List<TestKey> keys = List.of(TestKey.ed25519(), TestKey.ed25519());
        repo.roleKeys.put("timestamp", keys);
        repo.thresholds.put("timestamp", 2);
        repo.bump("root");
        repo.publishRoot();
        repo.signers.put("timestamp", List.of(keys.get(0), keys.get(0), keys.get(0)));
        repo.publish();
        TestRepo.Client client = repo.client(tmp);
        assertRefreshFails(client, "timestamp: signature threshold not met (1 of 2");
    }

    @Test
    void sameKeyUnderTwoKeyIdsIsCountedOnce() throws Exception {
        TestRepo repo = new TestRepo();
        TestKey key = TestKey.ed25519();
        repo.roleKeys.put("timestamp", List.of(key));
        repo.thresholds.put("timestamp", 2);
        String aliasId = "alias-" + key.keyId();
        repo.tweaks.put("root", s -> {
            ((ObjectNode) s.get("keys")).set(aliasId, key.toJson());
            ((com.fasterxml.jackson.databind.node.ArrayNode) s.get("roles").get("timestamp").get("keyids")).add(aliasId);
            return s;
        });
        repo.bump("root");
        repo.publishRoot();
        repo.publish();
        byte[] ts = repo.files.get("metadata/timestamp.json");
        ObjectNode env = (ObjectNode) TestRepo.JSON.readTree(ts);
        ObjectNode dup = ((ObjectNode) env.get("signatures").get(0)).deepCopy();
        dup.put("keyid", aliasId);
        ((com.fasterxml.jackson.databind.node.ArrayNode) env.get("signatures")).add(dup);
        repo.files.put("metadata/timestamp.json", TestRepo.JSON.writeValueAsBytes(env));
        TestRepo.Client client = repo.client(tmp);
        assertRefreshFails(client, "timestamp: signature threshold not met (1 of 2");
    }

    // ---- delegations ----

    @Test
    void delegatedTargetIsFoundAndDownloaded() throws Exception {
        TestRepo repo = new TestRepo();
        TestRepo.Delegation team = repo.delegate("targets", "team");
        team.paths = List.of("apps/*");
        repo.addTarget("team", "apps/x.bin", "x");
        repo.publish();
        TestRepo.Client client = repo.client(tmp);
        assertThat(client.download("apps/x.bin")).hasContent("x");
        assertThat(Files.exists(client.metadataDir.resolve("team.json"))).isTrue();
    }

    @Test
    void delegationPathMismatchIsNotTrusted() throws Exception {
        TestRepo repo = new TestRepo();
        TestRepo.Delegation team = repo.delegate("targets", "team");
        team.paths = List.of("apps/*");
        repo.addTarget("team", "other/x.bin", "x");
        repo.addTarget("team", "apps/sub/x.bin", "x");
        repo.publish();
        TestRepo.Client client = repo.client(tmp);
        assertThat(client.updater().findTarget("other/x.bin")).isEmpty();
        assertThat(client.updater().findTarget("apps/sub/x.bin")).isEmpty();
        assertThat(client.fetcher.requests).doesNotContain("metadata/team.json");
    }

    @Test
    void terminatingDelegationStopsTheSearch() throws Exception {
        TestRepo repo = new TestRepo();
        TestRepo.Delegation first = repo.delegate("targets", "first");
        first.terminating = true;
        repo.delegate("targets", "second");
        repo.addTarget("second", "x", "from second");
        repo.publish();
        TestRepo.Client client = repo.client(tmp);
        assertThat(client.updater().findTarget("x")).isEmpty();
        assertThat(client.fetcher.requests).contains("metadata/first.json").doesNotContain("metadata/second.json");

        first.terminating = false;
        repo.bumpAndPublish();
        assertThat(client.download("x")).hasContent("from second");
    }

    @Test
    void searchIsPreOrderDepthFirst() throws Exception {
        TestRepo repo = new TestRepo(true);
        repo.delegate("targets", "a");
        repo.delegate("a", "a1");
        repo.delegate("targets", "b");
        repo.addTarget("a1", "x", "deep in a");
        repo.addTarget("b", "x", "in b");
        repo.publish();
        TestRepo.Client client = repo.client(tmp);
        assertThat(client.download("x")).hasContent("deep in a");
        assertThat(client.fetcher.requests).containsSubsequence("metadata/1.a.json", "metadata/1.a1.json")
                .doesNotContain("metadata/1.b.json");
    }

    @Test
    void hashedBinDelegation() throws Exception {
        TestRepo repo = new TestRepo();
        String hash = io.palisade.tuf.metadata.DelegatedRoleTestAccess.sha256Hex("pkg/x.bin");
        TestRepo.Delegation wrongBin = repo.delegate("targets", "bin-wrong");
        wrongBin.pathHashPrefixes = List.of(hash.charAt(0) == '0' ? "1" : "0");
        TestRepo.Delegation bin = repo.delegate("targets", "bin-right");
        bin.pathHashPrefixes = List.of(hash.substring(0, 2));
        repo.addTarget("bin-wrong", "pkg/x.bin", "wrong");
        repo.addTarget("bin-right", "pkg/x.bin", "right");
        repo.publish();
        TestRepo.Client client = repo.client(tmp);
        assertThat(client.download("pkg/x.bin")).hasContent("right");
        assertThat(client.fetcher.requests).doesNotContain("metadata/bin-wrong.json");
    }

    @Test
    void delegatedMetadataSignedByTheWrongKeyIsRefused() throws Exception {
        TestRepo repo = new TestRepo();
        repo.delegate("targets", "team");
        repo.addTarget("team", "x", "x");
        repo.signers.put("team", List.of(TestKey.ed25519()));
        repo.publish();
        TestRepo.Client client = repo.client(tmp);
        assertThatThrownBy(() -> client.download("x")).isInstanceOf(TufException.class)
                .hasMessageContaining("team: signature threshold not met");
        assertThat(Files.exists(client.metadataDir.resolve("team.json"))).isFalse();
    }

    @Test
    void delegationCyclesAndMaxDelegationsAreBounded() throws Exception {
        TestRepo repo = new TestRepo();
        repo.delegate("targets", "a");
        repo.delegate("a", "b");
        TestRepo.Delegation back = repo.delegate("b", "a");
        back.keys.clear();
        back.keys.addAll(repo.delegations.get(0).keys);
        repo.delegations.remove(back);
        repo.tweaks.put("b", s -> {
            ObjectNode d = s.putObject("delegations");
            TestKey k = repo.delegations.get(0).keys.get(0);
            d.putObject("keys").set(k.keyId(), k.toJson());
            ObjectNode r = d.putArray("roles").addObject();
            r.put("name", "a").put("threshold", 1).put("terminating", false);
            r.putArray("keyids").add(k.keyId());
            r.putArray("paths").add("*");
            return s;
        });
        repo.publish();
        TestRepo.Client client = repo.client(tmp);
        assertThat(client.updater().findTarget("missing")).isEmpty();
        assertThat(client.fetcher.requests.stream().filter(r -> r.equals("metadata/a.json")).count()).isEqualTo(1);
    }

    @Test
    void maxDelegationsBoundsTheSearch() throws Exception {
        TestRepo repo = new TestRepo();
        repo.delegate("targets", "d1");
        repo.delegate("d1", "d2");
        repo.delegate("d2", "d3");
        repo.addTarget("d3", "deep", "x");
        repo.publish();
        TestRepo.Client client = repo.client(tmp);
        client.maxDelegations = 2;
        assertThat(client.updater().findTarget("deep")).isEmpty();
        assertThat(client.fetcher.requests).contains("metadata/d1.json", "metadata/d2.json").doesNotContain("metadata/d3.json");
        client.maxDelegations = 3;
        assertThat(client.updater().findTarget("deep")).isPresent();
    }

    @Test
    void unusualRoleNamesAreQuotedInRequestsAndFiles() throws Exception {
        TestRepo repo = new TestRepo();
        repo.delegate("targets", "../evil");
        repo.delegate("targets", "?#");
        repo.publish();
        TestRepo.Client client = repo.client(tmp);
        assertThat(client.updater().findTarget("nothing")).isEmpty();
        assertThat(client.fetcher.requests).contains("metadata/..%2Fevil.json", "metadata/%3F%23.json");
        assertThat(Files.exists(client.metadataDir.resolve("..%2Fevil.json"))).isTrue();
        assertThat(Files.exists(tmp.resolve("evil.json"))).isFalse();
    }
}
