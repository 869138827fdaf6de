package io.palisade.device.update;

import io.palisade.core.version.FirmwareVersion;
import io.palisade.device.KeyStorage;
import io.palisade.device.internal.DeviceIds;
import io.palisade.device.internal.TrustAnchors;
import io.palisade.tuf.TufException;
import io.palisade.tuf.Updater;
import io.palisade.tuf.UpdaterConfig;
import io.palisade.tuf.firmware.FirmwareCustom;
import io.palisade.tuf.metadata.TargetFile;
import io.palisade.wire.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The device side of a firmware update (see the package documentation for the wire contract). State lives in one
 * directory per device: {@code tuf/} (trusted TUF metadata, initialized from the provisioned root),
 * {@code download/} (partial images, kept across failures for resuming) and {@code slots/} ({@link AbSlots}).
 *
 * <p>{@link #handle(byte[])} is the command handler: it never blocks and never throws; the work runs on the given
 * executor (share one bounded executor between many devices), one command at a time per device. Each update opens
 * its own HTTPS client from the supplier (the device's own TLS identity) and closes it at the end, so idle devices
 * hold no connections or threads.
 */
public final class UpdateAgent {
    private static final Logger LOG = LoggerFactory.getLogger(UpdateAgent.class);
    /** Default largest image a device accepts. */
    public static final long DEFAULT_MAX_IMAGE_BYTES = 256L * 1024 * 1024;

    private final String deviceId;
    private final String model;
    private final FirmwareVersion hardwareRevision;
    private final Path stateDir;
    private final URI tufBaseUrl;
    private final long maxImageBytes;
    private final Duration timeout;
    private final Duration updateTimeout;
    private final int downloadAttempts;
    private final BootCheck bootCheck;
    private final InstallCheck installCheck;
    private final Clock clock;
    private final Supplier<HttpClient> http;
    private final UpdatePublisher publisher;
    private final Executor executor;
    private final AbSlots slots;
    private final AtomicReference<UpdateCommand> running = new AtomicReference<>();

    private UpdateAgent(Builder b) throws IOException, TufException {
        this.deviceId = DeviceIds.requireValid(b.deviceId);
        if (b.model == null || b.model.isBlank()) {
            throw new IllegalArgumentException("model is required");
        }
        this.model = b.model;
        this.hardwareRevision = FirmwareVersion.parse(Objects.requireNonNull(b.hardwareRevision, "hardwareRevision"));
        this.stateDir = Objects.requireNonNull(b.stateDir, "stateDir");
        Objects.requireNonNull(b.tufBaseUrl, "tufBaseUrl");
        String base = b.tufBaseUrl.toString();
        this.tufBaseUrl = URI.create(base.endsWith("/") ? base : base + "/");
        if (!"https".equalsIgnoreCase(tufBaseUrl.getScheme())) {
            throw new IllegalArgumentException("tufBaseUrl must be https://");
        }
        this.maxImageBytes = b.maxImageBytes;
        this.timeout = Objects.requireNonNull(b.timeout, "timeout");
        this.updateTimeout = Objects.requireNonNull(b.updateTimeout, "updateTimeout");
        this.downloadAttempts = b.downloadAttempts;
        this.bootCheck = Objects.requireNonNull(b.bootCheck, "bootCheck");
        this.installCheck = Objects.requireNonNull(b.installCheck, "installCheck");
        this.clock = Objects.requireNonNull(b.clock, "clock");
        this.http = Objects.requireNonNull(b.http, "http client supplier");
        this.publisher = Objects.requireNonNull(b.publisher, "publisher");
        this.executor = Objects.requireNonNull(b.executor, "executor");
        Path tuf = stateDir.resolve("tuf");
        if (!Files.exists(tuf.resolve("root.json"))) {
            if (b.provisionedRoot == null) {
                throw new IllegalArgumentException("no trusted root in " + tuf + " and no provisioned root given");
            }
            Updater.initialize(tuf, b.provisionedRoot, clock);
        }
        Files.createDirectories(stateDir.resolve("download"));
        this.slots = AbSlots.open(stateDir.resolve("slots"), b.initialFirmware);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * An HTTPS client supplier presenting the device's own key and certificate chain, trusting only the platform root
     * (TLS 1.3/1.2, host name verified, no redirects).
     */
    public static Supplier<HttpClient> mutualTls(KeyStorage key, List<X509Certificate> chain, X509Certificate platformRoot,
                                                 Duration connectTimeout, Executor executor) {
        Objects.requireNonNull(key, "key");
        List<X509Certificate> c = List.copyOf(chain);
        Objects.requireNonNull(platformRoot, "platformRoot");
        return () -> {
            HttpClient.Builder b = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .connectTimeout(connectTimeout)
                    .sslContext(TrustAnchors.context(platformRoot, key.keyManagers(c)))
                    .sslParameters(TrustAnchors.parameters());
            if (executor != null) {
                b.executor(executor);
            }
            return b.build();
        };
    }

    public String deviceId() {
        return deviceId;
    }

    /** The version of the active slot. */
    public String runningVersion() {
        return slots.active().version();
    }

    public AbSlots slots() {
        return slots;
    }

    /** True while a command is queued or running. */
    public boolean busy() {
        return running.get() != null;
    }

    /**
     * Handles an update command payload: returns at once with the final status (completed when the update ends). A
     * malformed command is answered {@code failed} (rollout {@code "invalid"} when it has none); a different command
     * while busy {@code failed} "busy"; a redelivery of the running command is ignored (the future completes with
     * that command's {@code received} status, nothing is published).
     */
    public CompletableFuture<UpdateStatus> handle(byte[] payload) {
        UpdateCommand cmd;
        try {
            cmd = UpdateCommand.parse(payload);
        } catch (IllegalArgumentException e) {
            LOG.warn("Device {}: invalid update command: {}", deviceId, e.getMessage());
            return CompletableFuture.completedFuture(report("invalid", "0", runningVersion(), UpdateStep.FAILED,
                    "invalid command: " + e.getMessage(), 0));
        }
        return handle(cmd);
    }

    /** {@link #handle(byte[])} for a parsed command. */
    public CompletableFuture<UpdateStatus> handle(UpdateCommand cmd) {
        Objects.requireNonNull(cmd, "cmd");
        if (!running.compareAndSet(null, cmd)) {
            UpdateCommand current = running.get();
            if (cmd.equals(current)) {
                LOG.debug("Device {}: duplicate of the running command {} ignored", deviceId, cmd.rollout());
                return CompletableFuture.completedFuture(status(cmd, runningVersion(), UpdateStep.RECEIVED, null, 0));
            }
            return CompletableFuture.completedFuture(report(cmd.rollout(), cmd.version(), runningVersion(),
                    UpdateStep.FAILED, "busy", 0));
        }
        CompletableFuture<UpdateStatus> done = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                try {
                    done.complete(run(cmd));
                } catch (RuntimeException e) {
                    LOG.warn("Device {}: update {} failed unexpectedly", deviceId, cmd.rollout(), e);
                    done.complete(report(cmd.rollout(), cmd.version(), runningVersion(), UpdateStep.FAILED,
                            "internal error: " + e.getClass().getSimpleName(), 0));
                } finally {
                    running.set(null);
                }
            });
        } catch (RejectedExecutionException e) {
            running.set(null);
            done.complete(report(cmd.rollout(), cmd.version(), runningVersion(), UpdateStep.FAILED, "busy", 0));
        }
        return done;
    }

    private UpdateStatus run(UpdateCommand cmd) {
        String from = runningVersion();
        report(cmd, from, UpdateStep.RECEIVED, null, 0);
        AbSlots.Slot active = slots.active();
        if (active.target().equals(Optional.of(cmd.target())) && active.version().equals(cmd.version())) {
            return report(cmd, from, UpdateStep.SUCCEEDED, "already installed", 0);
        }
        long bytes = 0;
        AtomicBoolean finished = new AtomicBoolean();
        AtomicBoolean timedOut = new AtomicBoolean();
        try (HttpClient client = http.get()) {
            // slow retrieval: request timeouts do not bound a body that trickles, so the whole transfer is bounded
            CompletableFuture.delayedExecutor(updateTimeout.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
                if (!finished.get()) {
                    timedOut.set(true);
                    client.shutdownNow();
                }
            });
            Updater updater = new Updater(UpdaterConfig.of(stateDir.resolve("tuf"), tufBaseUrl.resolve("metadata/"))
                    .withTargetBaseUrl(tufBaseUrl.resolve("targets/")), new HttpsFetcher(client, timeout), clock);
            updater.refresh();
            TargetFile target = updater.findTarget(cmd.target())
                    .orElseThrow(() -> new TufException("target " + cmd.target() + " is not in the signed metadata"));
            checkFitsThisDevice(cmd, target, from);
            String sha256 = target.hashes().get("sha256");
            if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
                throw new TufException("the target lists no usable sha256 hash");
            }
            int slash = cmd.target().lastIndexOf('/');
            URI url = tufBaseUrl.resolve("targets/" + cmd.target().substring(0, slash + 1) + sha256 + "."
                    + cmd.target().substring(slash + 1));
            Path part = stateDir.resolve("download").resolve(sha256 + ".part");
            long already = Files.exists(part) ? Files.size(part) : 0;
            report(cmd, from, UpdateStep.DOWNLOADING, null, Math.min(already, target.length()));
            new ImageDownloader(client, timeout, downloadAttempts).download(url, part, target.length(), target.hashes(), n -> { });
            bytes = target.length();
            report(cmd, from, UpdateStep.VERIFIED, null, bytes);
            report(cmd, from, UpdateStep.INSTALLING, null, bytes);
            installCheck.beforeInstall(deviceId, cmd.version());
            slots.stage(part, cmd.version(), cmd.target(), cmd.rollout());
            Files.deleteIfExists(part);
            report(cmd, from, UpdateStep.REBOOTING, null, bytes);
            AbSlots.Slot trial = slots.beginTrial();
            boolean boots;
            try {
                boots = bootCheck.boots(deviceId, cmd.version(), slots.image(trial.name()));
            } catch (RuntimeException e) {
                boots = false;
            }
            if (!boots) {
                AbSlots.Slot back = slots.fallBack();
                return report(cmd, from, UpdateStep.ROLLED_BACK, "the new image failed to boot; running "
                        + back.version() + " again", bytes);
            }
            slots.confirm();
            UpdateStatus ok = report(cmd, from, UpdateStep.SUCCEEDED, null, bytes);
            publish(Topics.events(deviceId), "{\"type\":\"boot\",\"firmware\":\"" + cmd.version() + "\"}");
            return ok;
        } catch (TufException e) {
            if (timedOut.get()) {
                return report(cmd, from, UpdateStep.FAILED, "timed out after " + updateTimeout
                        + " (slow retrieval); downloaded bytes are kept for the next attempt", bytes);
            }
            LOG.info("Device {}: update {} refused: {}", deviceId, cmd.rollout(), e.getMessage());
            return report(cmd, from, UpdateStep.FAILED, e.getMessage(), bytes);
        } catch (IOException e) {
            recoverSlots();
            return report(cmd, from, UpdateStep.FAILED, "storage error: " + e.getMessage(), bytes);
        } finally {
            finished.set(true);
        }
    }

    private void checkFitsThisDevice(UpdateCommand cmd, TargetFile target, String running) throws TufException {
        FirmwareCustom fw = FirmwareCustom.parse(target.customJson()
                .orElseThrow(() -> new TufException("wrong software: the target has no firmware metadata")));
        if (!fw.model().equals(model)) {
            throw new TufException("wrong software: the image is for model " + fw.model() + ", this device is " + model);
        }
        if (!fw.hardware().contains(hardwareRevision)) {
            throw new TufException("wrong software: hardware revision " + hardwareRevision + " is outside the image's range "
                    + fw.hardware());
        }
        if (fw.version().compareTo(FirmwareVersion.parse(cmd.version())) != 0) {
            throw new TufException("the signed version " + fw.version() + " does not match the commanded version " + cmd.version());
        }
        if (!fw.version().isNewerThan(FirmwareVersion.parse(running))) {
            throw new TufException("rollback refused: " + fw.version() + " is not newer than the running " + running);
        }
        if (target.length() > maxImageBytes) {
            throw new TufException("the image (" + target.length() + " bytes) is larger than this device accepts ("
                    + maxImageBytes + ")");
        }
    }

    private void recoverSlots() {
        if (slots.inTrial()) {
            try {
                slots.fallBack();
            } catch (IOException e) {
                LOG.warn("Device {}: could not fall back: {}", deviceId, e.getMessage());
            }
        }
    }

    private UpdateStatus report(UpdateCommand cmd, String from, UpdateStep step, String reason, long bytes) {
        return report(cmd.rollout(), cmd.version(), from, step, reason, bytes);
    }

    private UpdateStatus report(String rollout, String version, String from, UpdateStep step, String reason, long bytes) {
        UpdateStatus s = new UpdateStatus(rollout, version, from, step, Optional.ofNullable(reason), bytes, clock.instant());
        publish(Topics.updateStatus(deviceId), s.toJson());
        return s;
    }

    private UpdateStatus status(UpdateCommand cmd, String from, UpdateStep step, String reason, long bytes) {
        return new UpdateStatus(cmd.rollout(), cmd.version(), from, step, Optional.ofNullable(reason), bytes, clock.instant());
    }

    private void publish(String topic, String json) {
        try {
            publisher.publish(topic, json).whenComplete((v, e) -> {
                if (e != null) {
                    LOG.debug("Device {}: report to {} not delivered: {}", deviceId, topic, e.toString());
                }
            });
        } catch (RuntimeException e) {
            LOG.debug("Device {}: report to {} not delivered: {}", deviceId, topic, e.toString());
        }
    }

    @Override
    public String toString() {
        return "UpdateAgent[" + deviceId + " " + model + " hw " + hardwareRevision + " running " + runningVersion() + "]";
    }

    /**
     * Builds an {@link UpdateAgent}. Required: deviceId, model, hardwareRevision, stateDir, tufBaseUrl, http,
     * publisher, executor; provisionedRoot the first time (when {@code stateDir/tuf/root.json} does not exist).
     */
    public static final class Builder {
        private String deviceId;
        private String model;
        private String hardwareRevision = "1.0";
        private Path stateDir;
        private URI tufBaseUrl;
        private byte[] provisionedRoot;
        private String initialFirmware = "1.0.0";
        private long maxImageBytes = DEFAULT_MAX_IMAGE_BYTES;
        private Duration timeout = Duration.ofSeconds(60);
        private Duration updateTimeout = Duration.ofMinutes(30);
        private int downloadAttempts = 3;
        private BootCheck bootCheck = BootCheck.ALWAYS;
        private InstallCheck installCheck = InstallCheck.NONE;
        private Clock clock = Clock.systemUTC();
        private Supplier<HttpClient> http;
        private UpdatePublisher publisher;
        private Executor executor;

        private Builder() {
        }

        public Builder deviceId(String v) {
            deviceId = v;
            return this;
        }

        /** The device model the signed custom metadata must name. */
        public Builder model(String v) {
            model = v;
            return this;
        }

        /** Dotted numeric hardware revision, checked against the target's hardware range (default 1.0). */
        public Builder hardwareRevision(String v) {
            hardwareRevision = v;
            return this;
        }

        public Builder stateDir(Path v) {
            stateDir = v;
            return this;
        }

        /** The repository base: metadata from {@code <base>/metadata/}, images from {@code <base>/targets/}. */
        public Builder tufBaseUrl(URI v) {
            tufBaseUrl = v;
            return this;
        }

        /** The root.json the device was provisioned with (used only when the state directory has none yet). */
        public Builder provisionedRoot(byte[] v) {
            provisionedRoot = v == null ? null : v.clone();
            return this;
        }

        /** The firmware version in slot a of a new device (default 1.0.0). */
        public Builder initialFirmware(String v) {
            initialFirmware = v;
            return this;
        }

        public Builder maxImageBytes(long v) {
            if (v < 1) {
                throw new IllegalArgumentException("maxImageBytes must be positive");
            }
            maxImageBytes = v;
            return this;
        }

        /** Bound of each HTTP request (default 60 s). */
        public Builder timeout(Duration v) {
            timeout = v;
            return this;
        }

        /** Bound of a whole update's network part: metadata and image (default 30 min; slow retrieval defence). */
        public Builder updateTimeout(Duration v) {
            if (v == null || v.isNegative() || v.isZero()) {
                throw new IllegalArgumentException("updateTimeout must be positive");
            }
            updateTimeout = v;
            return this;
        }

        /** How many transfers an image download may take, each resuming the previous one (default 3). */
        public Builder downloadAttempts(int v) {
            if (v < 1 || v > 100) {
                throw new IllegalArgumentException("downloadAttempts must be 1-100");
            }
            downloadAttempts = v;
            return this;
        }

        public Builder bootCheck(BootCheck v) {
            bootCheck = v;
            return this;
        }

        /** Called before each install (default {@link InstallCheck#NONE}); for fault injection. */
        public Builder installCheck(InstallCheck v) {
            installCheck = v;
            return this;
        }

        public Builder clock(Clock v) {
            clock = v;
            return this;
        }

        /** Where HTTPS clients come from, see {@link UpdateAgent#mutualTls}. */
        public Builder http(Supplier<HttpClient> v) {
            http = v;
            return this;
        }

        public Builder publisher(UpdatePublisher v) {
            publisher = v;
            return this;
        }

        /** Runs the updates; share one bounded executor between devices. */
        public Builder executor(Executor v) {
            executor = v;
            return this;
        }

        public UpdateAgent build() {
            try {
                return new UpdateAgent(this);
            } catch (IOException | TufException e) {
                throw new IllegalStateException("cannot set up the update agent of " + deviceId + ": " + e.getMessage(), e);
            }
        }
    }
}
