package io.palisade.tuf.metadata;

import io.palisade.tuf.TufException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Real TUF metadata from python-tuf's test data (Apache-2.0 OR MIT, see the NOTICE next to the files): RSA-PSS root
 * keys, ed25519 role keys, delegations, unusual role names. Every signature here was made by securesystemslib over
 * its canonical JSON, so these tests also check our canonical JSON.
 */
@Timeout(30)
class CorpusTest {
    static final String BASE = "/tuf/python-tuf-repository-data/";

    static byte[] resource(String path) {
        try (InputStream in = CorpusTest.class.getResourceAsStream(BASE + path)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "repository_data/repository/metadata/",
            "repository_data/client/test_repository1/metadata/current/",
            "repository_data/client/test_repository1/metadata/previous/",
            "repository_data/client/test_repository2/metadata/current/",
            "repository_data/client/test_repository2/metadata/previous/"})
    void repositoryVerifiesEndToEnd(String dir) throws TufException {
        Metadata<Root> root = MetadataParser.parseRoot(resource(dir + "root.json"), 512_000);
        assertThat(root.signed().keys().get(root.signed().role(RoleType.ROOT).keyIds().get(0)).keyType()).isEqualTo("rsa");
        SignatureVerifier.verifyWithRoot(root, root.signed(), RoleType.ROOT);
        Metadata<Root> root1 = MetadataParser.parseRoot(resource(dir + "1.root.json"), 512_000);
        SignatureVerifier.verifyWithRoot(root1, root1.signed(), RoleType.ROOT);

        Metadata<Timestamp> ts = MetadataParser.parseTimestamp(resource(dir + "timestamp.json"), 16_384);
        SignatureVerifier.verifyWithRoot(ts, root.signed(), RoleType.TIMESTAMP);
        Metadata<Snapshot> snap = MetadataParser.parseSnapshot(resource(dir + "snapshot.json"), 2_000_000);
        SignatureVerifier.verifyWithRoot(snap, root.signed(), RoleType.SNAPSHOT);
        assertThat(snap.signed().version()).isEqualTo(ts.signed().snapshotMeta().version());
        Metadata<Targets> targets = MetadataParser.parseTargets(resource(dir + "targets.json"), 5_000_000);
        SignatureVerifier.verifyWithRoot(targets, root.signed(), RoleType.TARGETS);

        Delegations d1 = targets.signed().delegations().orElseThrow();
        Metadata<Targets> role1 = MetadataParser.parseTargets(resource(dir + "role1.json"), 5_000_000);
        SignatureVerifier.verifyDelegated(role1, d1, "role1");
        assertThat(d1.findRole("role1").orElseThrow().isDelegatedPath("file3.txt")).isTrue();
        assertThat(d1.findRole("role1").orElseThrow().isDelegatedPath("file1.txt")).isFalse();
        Metadata<Targets> role2 = MetadataParser.parseTargets(resource(dir + "role2.json"), 5_000_000);
        SignatureVerifier.verifyDelegated(role2, role1.signed().delegations().orElseThrow(), "role2");
        assertThat(targets.signed().findTarget("file1.txt").orElseThrow().customJson()).contains("{\"file_permissions\":\"0644\"}");
    }

    @Test
    void ed25519GeneratedMetadataVerifies() throws TufException {
        String dir = "generated_data/ed25519_metadata/";
        Metadata<Root> root = MetadataParser.parseRoot(resource(dir + "root_with_ed25519.json"), 512_000);
        assertThat(root.signed().consistentSnapshot()).isTrue();
        SignatureVerifier.verifyWithRoot(root, root.signed(), RoleType.ROOT);
        SignatureVerifier.verifyWithRoot(MetadataParser.parseTimestamp(resource(dir + "timestamp_with_ed25519.json"), 16_384), root.signed(), RoleType.TIMESTAMP);
        SignatureVerifier.verifyWithRoot(MetadataParser.parseSnapshot(resource(dir + "snapshot_with_ed25519.json"), 2_000_000), root.signed(), RoleType.SNAPSHOT);
        SignatureVerifier.verifyWithRoot(MetadataParser.parseTargets(resource(dir + "targets_with_ed25519.json"), 5_000_000), root.signed(), RoleType.TARGETS);
    }

    @Test
    void fishyRoleNamesParseAndVerify() throws TufException {
        String dir = "repository_data/fishy_rolenames/";
        Metadata<Root> root = MetadataParser.parseRoot(resource(dir + "metadata/1.root.json"), 512_000);
        SignatureVerifier.verifyWithRoot(root, root.signed(), RoleType.ROOT);
        Metadata<Targets> targets = MetadataParser.parseTargets(resource(dir + "metadata/1.targets.json"), 5_000_000);
        SignatureVerifier.verifyWithRoot(targets, root.signed(), RoleType.TARGETS);
        Delegations d = targets.signed().delegations().orElseThrow();
        assertThat(d.roles()).extracting(DelegatedRole::name).containsExactly("../a", ".", "\u00f6");
        SignatureVerifier.verifyDelegated(MetadataParser.parseTargets(resource(dir + "metadata/1...json"), 5_000_000), d, ".");
        SignatureVerifier.verifyDelegated(MetadataParser.parseTargets(resource(dir + "1.a.json"), 5_000_000), d, "../a");
    }

    @Test
    void oneChangedByteInTheSignedPortionBreaksTheRealSignature() throws TufException {
        byte[] original = resource("repository_data/repository/metadata/root.json");
        Metadata<Root> root = MetadataParser.parseRoot(original, 512_000);
        byte[] tampered = new String(original, java.nio.charset.StandardCharsets.UTF_8)
                .replace("\"expires\": \"2030-01-01T00:00:00Z\"", "\"expires\": \"2030-01-01T00:00:01Z\"")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(Arrays.equals(original, tampered)).isFalse();
        Metadata<Root> forged = MetadataParser.parseRoot(tampered, 512_000);
        assertThatThrownBy(() -> SignatureVerifier.verifyWithRoot(forged, root.signed(), RoleType.ROOT))
                .isInstanceOf(TufException.class).hasMessageContaining("threshold not met (0 of 1");
    }

    @Test
    void metadataOfTheWrongTypeIsRefused() {
        assertThatThrownBy(() -> MetadataParser.parseTimestamp(resource("repository_data/repository/metadata/root.json"), 512_000))
                .isInstanceOf(TufException.class).hasMessageContaining("expected _type 'timestamp' but found 'root'");
    }
}
