package io.palisade.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.palisade.device.update.AbSlots;
import io.palisade.device.update.BootCheck;
import io.palisade.device.update.UpdateAgent;
import io.palisade.device.update.UpdateCommand;
import io.palisade.device.update.UpdateStatus;
import io.palisade.device.update.UpdateStep;
import io.palisade.tuf.firmware.FirmwareCustom;
import io.palisade.tuf.metadata.MetadataParser;
import io.palisade.tuf.metadata.RoleType;
import io.palisade.tuf.repo.KeyType;
import io.palisade.tuf.repo.MetadataSigner;
import io.palisade.tuf.repo.OnlineKeys;
import io.palisade.tuf.repo.OnlineRoleKeys;
import io.palisade.tuf.repo.RootKeys;
import io.palisade.tuf.repo.RootSigner;
import io.palisade.tuf.repo.SigningKey;
import io.palisade.tuf.repo.TargetEntry;
import io.palisade.tuf.repo.TufRepository;
import io.palisade.wire.Topics;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The device's update workflow against a real mutual-TLS HTTPS server serving a real signed repository. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UpdateAgentTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TestPki PKI = TestPki.create("Palisade Test Root");

    @TempDir
    Path tmp;

    record Published(String topic, JsonNode json) {
    }

    RootKeys rootKeys;
    OnlineKeys online;
    TufRepository repo;
    byte[] root1;
    TufHttpsServer server;
    final List<Published> published = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        rootKeys = RootKeys.generate(tmp.resolve("offline"), 3, 2, KeyType.ED25519, null);
        online = OnlineKeys.generate(KeyType.ED25519);
        root1 = RootSigner.newRoot(Optional.empty(), online.publicRoles(), rootKeys,
                Instant.now().plus(Duration.ofDays(365)), Clock.systemUTC());
        repo = TufRepository.create(tmp.resolve("repo"), root1, online.all(), TufRepository.Config.defaults());
        server = TufHttpsServer.start(PKI, tmp.resolve("repo"));
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    TargetEntry publish(String model, String version, String hardware, byte[] image) throws Exception {
        return repo.addTarget(model + "/" + version + "/fw.bin", new ByteArrayInputStream(image), 10 << 20,
                FirmwareCustom.of(model, version, hardware, false));
    }

    static byte[] image(String version, int size) {
        byte[] b = new byte[size];
        byte[] v = ("firmware " + version + " ").getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < size; i++) {
            b[i] = v[i % v.length];
        }
        return b;
    }

    UpdateAgent agent(String id, String model, String hw, BootCheck boot) {
        return agent(id, model, hw, boot, PKI, Runnable::run);
    }

    UpdateAgent agent(String id, String model, String hw, BootCheck boot, TestPki issuer, java.util.concurrent.Executor ex) {
        KeyStorage key = KeyStorage.generateInMemory();
        X509Certificate cert = issuer.issueClient(id, key.publicKey());
        return UpdateAgent.builder()
                .deviceId(id).model(model).hardwareRevision(hw)
                .stateDir(tmp.resolve("devices").resolve(id))
                .tufBaseUrl(server.base())
                .provisionedRoot(root1)
                .bootCheck(boot)
                .timeout(Duration.ofSeconds(10))
                .http(UpdateAgent.mutualTls(key, List.of(cert), PKI.root, Duration.ofSeconds(10), null))
                .publisher((topic, json) -> {
                    try {
                        published.add(new Published(topic, JSON.readTree(json)));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    return CompletableFuture.completedFuture(null);
                })
                .executor(ex)
                .build();
    }

    static UpdateCommand cmd(String rollout, String model, String version) {
        return new UpdateCommand(rollout, model + "/" + version + "/fw.bin", version);
    }

    UpdateStatus run(UpdateAgent a, UpdateCommand c) throws Exception {
        return a.handle(c.toJson().getBytes(StandardCharsets.UTF_8)).get(30, TimeUnit.SECONDS);
    }

    List<String> steps(String rollout) {
        return published.stream().filter(p -> p.topic().endsWith("/update/status"))
                .filter(p -> p.json().get("rollout").asText().equals(rollout))
                .map(p -> p.json().get("step").asText()).toList();
    }

    @Test
    void happyPathInstallsReportsEveryStepAndIsIdempotent() throws Exception {
        byte[] img = image("1.4.2", 50_000);
        publish("acme-plug", "1.4.2", ">=1.0,<3.0", img);
        UpdateAgent a = agent("dev-1", "acme-plug", "2.0", BootCheck.ALWAYS);
        assertThat(a.runningVersion()).isEqualTo("1.0.0");

        UpdateStatus s = run(a, cmd("ro-1", "acme-plug", "1.4.2"));

        assertThat(s.step()).isEqualTo(UpdateStep.SUCCEEDED);
        assertThat(steps("ro-1")).containsExactly("received", "downloading", "verified", "installing", "rebooting", "succeeded");
        JsonNode last = published.stream().filter(p -> p.topic().equals(Topics.updateStatus("dev-1")))
                .reduce((x, y) -> y).orElseThrow().json();
        assertThat(last.get("version").asText()).isEqualTo("1.4.2");
        assertThat(last.get("from").asText()).isEqualTo("1.0.0");
        assertThat(last.get("bytes").asLong()).isEqualTo(50_000);
        assertThat(Instant.parse(last.get("at").asText())).isNotNull();
        assertThat(last.has("reason")).isFalse();
        assertThat(published).anySatisfy(p -> {
            assertThat(p.topic()).isEqualTo(Topics.events("dev-1"));
            assertThat(p.json().toString()).isEqualTo("{\"type\":\"boot\",\"firmware\":\"1.4.2\"}");
        });
        assertThat(a.runningVersion()).isEqualTo("1.4.2");
        assertThat(Files.readAllBytes(a.slots().image(a.slots().active().name()))).isEqualTo(img);
        assertThat(server.clientNames).isNotEmpty().allMatch(n -> n.equals("CN=dev-1"));
        assertThat(server.targetRequests).hasSize(1);

        published.clear();
        UpdateStatus again = run(a, cmd("ro-1", "acme-plug", "1.4.2"));
        assertThat(again.step()).isEqualTo(UpdateStep.SUCCEEDED);
        assertThat(again.reason()).contains("already installed");
        assertThat(steps("ro-1")).containsExactly("received", "succeeded");
        assertThat(server.targetRequests).hasSize(1);
    }

    @Test
    void brokenTransferIsResumedFromTheBytesOnDisk() throws Exception {
        byte[] img = image("1.5.0", 400_000);
        publish("acme-plug", "1.5.0", "*", img);
        UpdateAgent a = agent("dev-2", "acme-plug", "1.0", BootCheck.ALWAYS);
        server.breakNextTargetAfter.set(150_000);

        UpdateStatus s = run(a, cmd("ro-2", "acme-plug", "1.5.0"));

        assertThat(s.step()).as(s.toString()).isEqualTo(UpdateStep.SUCCEEDED);
        assertThat(server.targetRequests).hasSize(2);
        assertThat(server.targetRequests.get(0)).doesNotContain("bytes=");
        // the second request continues from what reached the disk (up to the 150000 bytes sent before the cut)
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(".* bytes=(\\d+)-").matcher(server.targetRequests.get(1));
        assertThat(m.matches()).as(server.targetRequests.get(1)).isTrue();
        assertThat(Long.parseLong(m.group(1))).isBetween(1L, 150_000L);
        assertThat(Files.readAllBytes(a.slots().image(a.slots().active().name()))).isEqualTo(img);
    }

    @Test
    void stalledTransferIsBoundedByTheUpdateTimeoutAndResumedLater() throws Exception {
        byte[] img = image("1.5.1", 200_000);
        publish("acme-plug", "1.5.1", "*", img);
        KeyStorage key = KeyStorage.generateInMemory();
        X509Certificate cert = PKI.issueClient("dev-s", key.publicKey());
        UpdateAgent a = UpdateAgent.builder().deviceId("dev-s").model("acme-plug").hardwareRevision("1.0")
                .stateDir(tmp.resolve("devices/dev-s")).tufBaseUrl(server.base()).provisionedRoot(root1)
                .timeout(Duration.ofSeconds(10)).updateTimeout(Duration.ofSeconds(2))
                .http(UpdateAgent.mutualTls(key, List.of(cert), PKI.root, Duration.ofSeconds(10), null))
                .publisher((t, j) -> CompletableFuture.completedFuture(null)).executor(Runnable::run).build();
        server.stallNextTargetAfter.set(70_000);
        UpdateStatus s = run(a, cmd("ro-s", "acme-plug", "1.5.1"));
        assertThat(s.step()).isEqualTo(UpdateStep.FAILED);
        assertThat(s.reason()).hasValueSatisfying(r -> assertThat(r).contains("timed out after PT2S"));
        assertThat(a.runningVersion()).isEqualTo("1.0.0");
        UpdateStatus retry = run(a, cmd("ro-s", "acme-plug", "1.5.1"));
        assertThat(retry.step()).as(retry.toString()).isEqualTo(UpdateStep.SUCCEEDED);
        assertThat(server.targetRequests.get(server.targetRequests.size() - 1)).contains("bytes=");
    }

    @Test
    void wrongModelIsRefusedBeforeAnyDownload() throws Exception {
        publish("acme-cam", "2.0.0", "*", image("cam", 1000));
        UpdateAgent a = agent("dev-3", "acme-plug", "1.0", BootCheck.ALWAYS);
        UpdateStatus s = run(a, cmd("ro-3", "acme-cam", "2.0.0"));
        assertFailedAndUnchanged(a, s, "wrong software: the image is for model acme-cam, this device is acme-plug");
        assertThat(server.targetRequests).isEmpty();
    }

    @Test
    void hardwareOutsideTheRangeIsRefused() throws Exception {
        publish("acme-plug", "2.0.0", ">=2.0,<3.0", image("2.0.0", 1000));
        UpdateAgent a = agent("dev-4", "acme-plug", "1.5", BootCheck.ALWAYS);
        UpdateStatus s = run(a, cmd("ro-4", "acme-plug", "2.0.0"));
        assertFailedAndUnchanged(a, s, "hardware revision 1.5 is outside the image's range >=2.0,<3.0");
    }

    @Test
    void imageVersionRollbackIsRefused() throws Exception {
        publish("acme-plug", "1.4.1", "*", image("1.4.1", 1000));
        publish("acme-plug", "1.4.2", "*", image("1.4.2", 1000));
        UpdateAgent a = agent("dev-5", "acme-plug", "1.0", BootCheck.ALWAYS);
        assertThat(run(a, cmd("ro-5a", "acme-plug", "1.4.2")).step()).isEqualTo(UpdateStep.SUCCEEDED);

        UpdateStatus s = run(a, cmd("ro-5b", "acme-plug", "1.4.1"));
        assertThat(s.step()).isEqualTo(UpdateStep.FAILED);
        assertThat(s.reason()).hasValueSatisfying(r -> assertThat(r).contains("rollback refused: 1.4.1 is not newer than the running 1.4.2"));
        assertThat(a.runningVersion()).isEqualTo("1.4.2");
        // a command claiming another version than the signed one
        UpdateStatus lie = run(a, new UpdateCommand("ro-5c", "acme-plug/1.4.1/fw.bin", "9.9.9"));
        assertThat(lie.reason()).hasValueSatisfying(r -> assertThat(r).contains("does not match the commanded version"));
    }

    @Test
    void tamperedImageBytesAreRefused() throws Exception {
        TargetEntry t = publish("acme-plug", "1.6.0", "*", image("1.6.0", 20_000));
        Path file = tmp.resolve("repo").resolve(t.file());
        byte[] b = Files.readAllBytes(file);
        b[12_345] ^= 1;
        Files.write(file, b);
        UpdateAgent a = agent("dev-6", "acme-plug", "1.0", BootCheck.ALWAYS);
        UpdateStatus s = run(a, cmd("ro-6", "acme-plug", "1.6.0"));
        assertFailedAndUnchanged(a, s, "hash does not match the signed metadata");
        try (var files = Files.list(tmp.resolve("devices/dev-6/download"))) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void swappedImageOfTheRightLengthIsRefused() throws Exception {
        TargetEntry t = publish("acme-plug", "1.7.0", "*", image("1.7.0", 20_000));
        Files.write(tmp.resolve("repo").resolve(t.file()), image("evil!", 20_000));
        UpdateAgent a = agent("dev-7", "acme-plug", "1.0", BootCheck.ALWAYS);
        UpdateStatus s = run(a, cmd("ro-7", "acme-plug", "1.7.0"));
        assertFailedAndUnchanged(a, s, "sha256 hash does not match");
    }

    @Test
    void endlessImageIsRefused() throws Exception {
        TargetEntry t = publish("acme-plug", "1.8.0", "*", image("1.8.0", 20_000));
        Files.write(tmp.resolve("repo").resolve(t.file()), new byte[5000], java.nio.file.StandardOpenOption.APPEND);
        UpdateAgent a = agent("dev-8", "acme-plug", "1.0", BootCheck.ALWAYS);
        UpdateStatus s = run(a, cmd("ro-8", "acme-plug", "1.8.0"));
        assertFailedAndUnchanged(a, s, "endless data");
    }

    @Test
    void metadataSignedByARevokedKeyAfterRotationIsRefused() throws Exception {
        publish("acme-plug", "1.4.2", "*", image("1.4.2", 1000));
        UpdateAgent a = agent("dev-9", "acme-plug", "1.0", BootCheck.ALWAYS);
        assertThat(run(a, cmd("ro-9a", "acme-plug", "1.4.2")).step()).isEqualTo(UpdateStep.SUCCEEDED);

        SigningKey compromised = online.timestamp();
        OnlineRoleKeys proposal = repo.rotateOnlineKey(RoleType.TIMESTAMP, SigningKey.generate(KeyType.ED25519));
        repo.installRoot(RootSigner.newRoot(Optional.of(repo.rootBytes()), proposal, rootKeys,
                Instant.now().plus(Duration.ofDays(365)), Clock.systemUTC()));
        publish("acme-plug", "1.5.0", "*", image("1.5.0", 1000));
        // the attacker holding the revoked key serves its own newer timestamp
        Path tsFile = tmp.resolve("repo/metadata/timestamp.json");
        var ts = MetadataParser.parseTimestamp(Files.readAllBytes(tsFile), 1 << 16);
        long sv = ts.signed().snapshotMeta().version();
        Files.write(tsFile, MetadataSigner.sign(MetadataSigner.timestamp(ts.signed().version() + 1,
                Instant.now().plus(Duration.ofDays(1)), sv, Files.readAllBytes(tmp.resolve("repo/metadata/" + sv + ".snapshot.json"))),
                List.of(compromised)));

        UpdateStatus s = run(a, cmd("ro-9b", "acme-plug", "1.5.0"));
        assertThat(s.step()).isEqualTo(UpdateStep.FAILED);
        assertThat(s.reason()).hasValueSatisfying(r -> assertThat(r).contains("timestamp: signature threshold not met"));
        assertThat(a.runningVersion()).isEqualTo("1.4.2");
    }

    @Test
    void imageThatDoesNotBootIsRolledBackAndTheOldOneKeepsRunning() throws Exception {
        byte[] bad = image("1.4.2", 4000);
        System.arraycopy("BRICK".getBytes(StandardCharsets.US_ASCII), 0, bad, 2000, 5);
        publish("acme-plug", "1.4.2", "*", bad);
        publish("acme-plug", "1.4.3", "*", image("1.4.3", 4000));
        UpdateAgent a = agent("dev-10", "acme-plug", "1.0", BootCheck.failIfImageContains("BRICK".getBytes(StandardCharsets.US_ASCII)));
        String before = a.slots().active().name();

        UpdateStatus s = run(a, cmd("ro-10", "acme-plug", "1.4.2"));

        assertThat(s.step()).isEqualTo(UpdateStep.ROLLED_BACK);
        assertThat(s.reason()).hasValueSatisfying(r -> assertThat(r).contains("failed to boot; running 1.0.0 again"));
        assertThat(steps("ro-10")).endsWith("rebooting", "rolled-back");
        assertThat(a.runningVersion()).isEqualTo("1.0.0");
        assertThat(a.slots().active().name()).isEqualTo(before);
        assertThat(published).noneMatch(p -> p.topic().endsWith("/events"));
        // the fixed release installs
        assertThat(run(a, cmd("ro-11", "acme-plug", "1.4.3")).step()).isEqualTo(UpdateStep.SUCCEEDED);
        assertThat(a.runningVersion()).isEqualTo("1.4.3");
    }

    @Test
    void deviceWithACertificateOfAnotherCaIsRejectedByTheRepository() throws Exception {
        publish("acme-plug", "1.4.2", "*", image("1.4.2", 1000));
        UpdateAgent a = agent("dev-x", "acme-plug", "1.0", BootCheck.ALWAYS, TestPki.create("Rogue CA"), Runnable::run);
        UpdateStatus s = run(a, cmd("ro-x", "acme-plug", "1.4.2"));
        assertThat(s.step()).isEqualTo(UpdateStep.FAILED);
        assertThat(s.reason()).hasValueSatisfying(r -> assertThat(r).containsIgnoringCase("could not fetch"));
        assertThat(a.runningVersion()).isEqualTo("1.0.0");
    }

    @Test
    void secondCommandWhileBusyIsRefusedAndARedeliveryIgnored() throws Exception {
        publish("acme-plug", "1.4.2", "*", image("1.4.2", 1000));
        List<Runnable> queued = new ArrayList<>();
        UpdateAgent a = agent("dev-12", "acme-plug", "1.0", BootCheck.ALWAYS, PKI, queued::add);
        CompletableFuture<UpdateStatus> first = a.handle(cmd("ro-12", "acme-plug", "1.4.2"));
        assertThat(a.busy()).isTrue();
        UpdateStatus other = a.handle(cmd("ro-13", "acme-plug", "1.4.2")).get(1, TimeUnit.SECONDS);
        assertThat(other.step()).isEqualTo(UpdateStep.FAILED);
        assertThat(other.reason()).contains("busy");
        UpdateStatus dup = a.handle(cmd("ro-12", "acme-plug", "1.4.2")).get(1, TimeUnit.SECONDS);
        assertThat(dup.step()).isEqualTo(UpdateStep.RECEIVED);
        assertThat(steps("ro-12")).isEmpty();
        queued.get(0).run();
        assertThat(first.get(30, TimeUnit.SECONDS).step()).isEqualTo(UpdateStep.SUCCEEDED);
        assertThat(a.busy()).isFalse();
        UpdateStatus invalid = a.handle("{\"rollout\":\"ro-14\"}".getBytes(StandardCharsets.UTF_8)).get(1, TimeUnit.SECONDS);
        assertThat(invalid.step()).isEqualTo(UpdateStep.FAILED);
        assertThat(invalid.reason()).hasValueSatisfying(r -> assertThat(r).startsWith("invalid command"));
    }

    @Test
    void slotSwitchIsCrashSafe() throws Exception {
        Path dir = tmp.resolve("slots");
        AbSlots s = AbSlots.open(dir, "1.0.0");
        Path img = Files.write(tmp.resolve("img"), "new image".getBytes(StandardCharsets.UTF_8));
        s.stage(img, "1.1.0", "m/1.1.0/fw.bin", "ro-1");
        assertThat(s.active().version()).isEqualTo("1.0.0");
        // crash after staging: still the old image
        assertThat(AbSlots.open(dir, "1.0.0").active().version()).isEqualTo("1.0.0");
        s = AbSlots.open(dir, "1.0.0");
        s.beginTrial();
        assertThat(s.active().version()).isEqualTo("1.1.0");
        // power loss during the trial boot, before confirmation: the bootloader falls back
        Files.writeString(dir.resolve(".state-leftover.part"), "{\"active\":\"garbage", StandardCharsets.UTF_8);
        AbSlots afterCrash = AbSlots.open(dir, "1.0.0");
        assertThat(afterCrash.active().version()).isEqualTo("1.0.0");
        assertThat(afterCrash.inTrial()).isFalse();
        // a confirmed trial survives a restart
        afterCrash.stage(img, "1.2.0", "m/1.2.0/fw.bin", "ro-2");
        afterCrash.beginTrial();
        afterCrash.confirm();
        assertThat(AbSlots.open(dir, "1.0.0").active().version()).isEqualTo("1.2.0");
        assertThat(Files.readString(AbSlots.open(dir, "1.0.0").image(afterCrash.active().name()), StandardCharsets.UTF_8))
                .isEqualTo("new image");
        // a corrupt state file fails closed
        Files.writeString(dir.resolve("state.json"), "{\"active\":\"c\"}", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> AbSlots.open(dir, "1.0.0")).hasMessageContaining("corrupt");
    }

    private void assertFailedAndUnchanged(UpdateAgent a, UpdateStatus s, String reason) {
        assertThat(s.step()).as(s.toString()).isEqualTo(UpdateStep.FAILED);
        assertThat(s.reason()).hasValueSatisfying(r -> assertThat(r).contains(reason));
        assertThat(a.runningVersion()).isEqualTo("1.0.0");
        assertThat(a.slots().inTrial()).isFalse();
        assertThat(steps(s.rollout())).last().isEqualTo("failed");
        assertThat(Arrays.asList(a.slots().active().target().orElse(""))).containsExactly("");
    }
}
