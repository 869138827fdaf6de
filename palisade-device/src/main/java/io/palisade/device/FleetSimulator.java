package io.palisade.device;

import io.palisade.device.internal.DeviceIds;
import io.palisade.device.internal.SimulatedPayloads;
import io.palisade.device.update.InstallCheck;
import io.palisade.device.update.UpdateAgent;
import io.palisade.device.update.UpdateCommand;
import io.palisade.device.update.UpdateStatus;
import io.palisade.device.update.UpdateStep;
import io.palisade.wire.Topics;
import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet simulator: N simulated devices enroll over EST with one-time tokens (each with its own fresh in-memory
 * EC P-256 key, with bounded concurrency), connect over mutual TLS, publish a boot event and then telemetry (QoS 1)
 * at the configured rate. All agents share one Netty event loop, so a thousand devices fit on two cores.
 *
 * <p>The run lasts until every device has finished its enrollment and connection attempt and the configured duration
 * (measured from the start) has passed, or until {@link #stop()}.
 */
public final class FleetSimulator {
    private static final Logger LOG = LoggerFactory.getLogger(FleetSimulator.class);
    private static final int MAX_ERROR_SAMPLES = 10;
    private static final long MAX_IN_FLIGHT_PER_DEVICE = 100;
    private static final Duration DRAIN = Duration.ofSeconds(5);

    /** One simulated device. The token is a secret and never appears in {@link #toString()}. */
    public record SimDevice(String id, String model, String oneTimeToken) {
        public SimDevice {
            DeviceIds.requireValid(id);
            model = model == null ? "" : model;
            if (oneTimeToken == null || oneTimeToken.isEmpty()) {
                throw new IllegalArgumentException("device " + id + ": one-time token is required");
            }
        }

        @Override
        public String toString() {
            return "SimDevice[id=" + id + ", model=" + model + ", oneTimeToken=***]";
        }
    }

    public record Config(URI estBase, String mqttHost, int mqttPort, X509Certificate trustedRoot,
            List<SimDevice> devices, double messagesPerSecondPerDevice, Duration duration, int concurrency) {
        public Config {
            Objects.requireNonNull(estBase, "estBase");
            if (!"https".equalsIgnoreCase(estBase.getScheme()) || estBase.getHost() == null) {
                throw new IllegalArgumentException("estBase must be an https:// URI with a host");
            }
            Objects.requireNonNull(trustedRoot, "trustedRoot");
            if (mqttHost == null || mqttHost.isBlank()) {
                throw new IllegalArgumentException("mqttHost is required");
            }
            if (mqttPort < 1 || mqttPort > 65535) {
                throw new IllegalArgumentException("mqttPort must be 1-65535");
            }
            devices = List.copyOf(Objects.requireNonNull(devices, "devices"));
            Set<String> ids = new HashSet<>();
            for (SimDevice d : devices) {
                if (!ids.add(d.id())) {
                    throw new IllegalArgumentException("duplicate simulated device id " + d.id());
                }
            }
            if (!(messagesPerSecondPerDevice >= 0 && messagesPerSecondPerDevice <= 1000)) {
                throw new IllegalArgumentException("messagesPerSecondPerDevice must be 0-1000");
            }
            if (duration != null && (duration.isNegative() || duration.isZero())) {
                throw new IllegalArgumentException("duration must be positive (or null to run until stop())");
            }
            if (concurrency < 1 || concurrency > 1024) {
                throw new IllegalArgumentException("concurrency must be 1-1024");
            }
        }
    }

    /**
     * Attaches an {@link UpdateAgent} to every simulated device: it handles {@code cmd/update} commands, fetches
     * signed metadata and images over mutual TLS with the device's own certificate, installs into simulated A/B slots
     * and reports on {@code update/status}. Updates of all devices run on one executor of
     * {@code maxConcurrentUpdates} threads (no thread per device); each running update has its own HTTPS client.
     * Without update options a device still answers every update command, with {@code failed} ("no update
     * repository provisioned"), so that a rollout against it ends instead of waiting for ever.
     *
     * @param baseDir              state directory per device: {@code baseDir/<device id>/} (tuf/, download/, slots/)
     * @param tufRoot              the TUF root.json every device is provisioned with
     * @param tufBaseUrl           https base of the repository ({@code metadata/} and {@code targets/} below it)
     * @param hardwareRevision     hardware revision of a device, by device id (e.g. {@code id -> "1.0"})
     * @param bootFails            (device id, version) → true when the new image must fail to boot on that device
     * @param maxConcurrentUpdates threads running updates, 1-256
     * @param failures             failure injection (see {@link Failures}); {@link Failures#none()} for none
     */
    public record UpdateOptions(Path baseDir, byte[] tufRoot, URI tufBaseUrl, Function<String, String> hardwareRevision,
            BiPredicate<String, String> bootFails, int maxConcurrentUpdates, Failures failures) {
        public UpdateOptions {
            Objects.requireNonNull(baseDir, "baseDir");
            Objects.requireNonNull(tufRoot, "tufRoot");
            tufRoot = tufRoot.clone();
            Objects.requireNonNull(tufBaseUrl, "tufBaseUrl");
            if (!"https".equalsIgnoreCase(tufBaseUrl.getScheme()) || tufBaseUrl.getHost() == null) {
                throw new IllegalArgumentException("tufBaseUrl must be an https:// URI with a host");
            }
            hardwareRevision = hardwareRevision == null ? id -> "1.0" : hardwareRevision;
            bootFails = bootFails == null ? (id, v) -> false : bootFails;
            if (maxConcurrentUpdates < 1 || maxConcurrentUpdates > 256) {
                throw new IllegalArgumentException("maxConcurrentUpdates must be 1-256");
            }
            failures = failures == null ? Failures.none() : failures;
        }

        /** Without failure injection. */
        public UpdateOptions(Path baseDir, byte[] tufRoot, URI tufBaseUrl, Function<String, String> hardwareRevision,
                BiPredicate<String, String> bootFails, int maxConcurrentUpdates) {
            this(baseDir, tufRoot, tufBaseUrl, hardwareRevision, bootFails, maxConcurrentUpdates, Failures.none());
        }

        /** Every device hardware 1.0, every image boots, 16 concurrent updates. */
        public static UpdateOptions of(Path baseDir, byte[] tufRoot, URI tufBaseUrl) {
            return new UpdateOptions(baseDir, tufRoot, tufBaseUrl, null, null, 16);
        }

        /**
         * For {@code palisade simulate}: device state under {@code workDir/devices/<device id>/}, hardware 1.0, 16
         * concurrent updates, and the given failure injection.
         */
        public static UpdateOptions forWorkDir(Path workDir, byte[] tufRoot, URI tufBaseUrl, Failures failures) {
            Objects.requireNonNull(workDir, "workDir");
            return new UpdateOptions(workDir.resolve("devices"), tufRoot, tufBaseUrl, null, null, 16, failures);
        }

        /** A copy with other failure injection. */
        public UpdateOptions withFailures(Failures f) {
            return new UpdateOptions(baseDir, tufRoot, tufBaseUrl, hardwareRevision, bootFails, maxConcurrentUpdates, f);
        }

        @Override
        public byte[] tufRoot() {
            return tufRoot.clone();
        }
    }

    /** What a simulated device does with an update command (see {@link Failures}). */
    public enum UpdateRole {
        /** Runs the update; the new image boots. */
        NORMAL,
        /** Runs the TUF workflow and downloads and verifies the image, then the install fails (reported failed). */
        FAIL_INSTALL,
        /** Installs, but the new image does not boot: falls back to the old slot and reports rolled-back. */
        BAD_BOOT,
        /** Never answers update commands (still connected, still publishing telemetry). */
        SILENT
    }

    /**
     * Failure injection for simulated updates, chosen deterministically from the seed: the device list is shuffled
     * with {@code new Random(seed)}; the first {@code silent} devices become {@link UpdateRole#SILENT}, the next
     * {@code badBoot} {@link UpdateRole#BAD_BOOT}, the next {@code round(failRate × devices)}
     * {@link UpdateRole#FAIL_INSTALL}; the rest are {@link UpdateRole#NORMAL}. The same seed and device list give the
     * same roles.
     *
     * @param failRate fraction of all devices whose install fails, 0-1 (see {@link #parseRate} for "10%")
     * @param badBoot  devices whose new image fails to boot
     * @param silent   devices that never answer update commands
     * @param seed     chooses the devices
     */
    public record Failures(double failRate, int badBoot, int silent, long seed) {
        public Failures {
            if (!(failRate >= 0 && failRate <= 1)) {
                throw new IllegalArgumentException("failure rate must be between 0% and 100%");
            }
            if (badBoot < 0) {
                throw new IllegalArgumentException("bad-boot device count must not be negative");
            }
            if (silent < 0) {
                throw new IllegalArgumentException("silent device count must not be negative");
            }
        }

        /** No failure injection. */
        public static Failures none() {
            return new Failures(0, 0, 0, 0);
        }

        /** Whether any failure is injected. */
        public boolean any() {
            return failRate > 0 || badBoot > 0 || silent > 0;
        }

        /**
         * Parses a percentage such as {@code "10%"}, {@code "2.5%"}, {@code "0%"} or {@code "100%"} into a fraction
         * (0.10, 0.025, 0, 1); plain {@code "0"} is accepted too. Anything else is refused with a message that can be
         * shown to the user as is.
         *
         * @throws IllegalArgumentException naming the bad value
         */
        public static double parseRate(String text) {
            if (text == null || text.isBlank()) {
                throw new IllegalArgumentException("failure rate is empty: give a percentage such as 10%");
            }
            String t = text.strip();
            if (t.equals("0")) {
                return 0;
            }
            if (!t.endsWith("%")) {
                throw new IllegalArgumentException("failure rate '" + shorten(t) + "' must be a percentage such as 10%"
                        + " (with the % sign)");
            }
            String number = t.substring(0, t.length() - 1).strip();
            if (!number.matches("\\d{1,3}(\\.\\d{1,4})?")) {
                throw new IllegalArgumentException("failure rate '" + shorten(t) + "' is not a percentage such as 10%"
                        + " or 2.5%");
            }
            double p = Double.parseDouble(number);
            if (p > 100) {
                throw new IllegalArgumentException("failure rate '" + shorten(t) + "' is above 100%");
            }
            return p / 100;
        }

        private static String shorten(String s) {
            return s.length() > 20 ? s.substring(0, 20) + "..." : s;
        }

        /** Devices whose install fails in a fleet of {@code devices}: {@code round(failRate × devices)}. */
        public int failingInstalls(int devices) {
            return (int) Math.round(failRate * devices);
        }

        /**
         * The role of each device, in list order.
         *
         * @throws IllegalArgumentException if the fleet has fewer devices than the failures need
         */
        public Map<String, UpdateRole> assign(List<String> deviceIds) {
            int n = deviceIds.size();
            int fail = failingInstalls(n);
            long needed = (long) silent + badBoot + fail;
            if (needed > n) {
                throw new IllegalArgumentException("failure injection needs " + needed + " devices (" + silent
                        + " silent + " + badBoot + " bad boot + " + fail + " failing installs) but the fleet has " + n);
            }
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                order.add(i);
            }
            Collections.shuffle(order, new Random(seed));
            UpdateRole[] roles = new UpdateRole[n];
            Arrays.fill(roles, UpdateRole.NORMAL);
            int k = 0;
            for (int i = 0; i < silent; i++) {
                roles[order.get(k++)] = UpdateRole.SILENT;
            }
            for (int i = 0; i < badBoot; i++) {
                roles[order.get(k++)] = UpdateRole.BAD_BOOT;
            }
            for (int i = 0; i < fail; i++) {
                roles[order.get(k++)] = UpdateRole.FAIL_INSTALL;
            }
            Map<String, UpdateRole> out = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                out.put(deviceIds.get(i), roles[i]);
            }
            return Collections.unmodifiableMap(out);
        }
    }

    /**
     * Update commands seen by the simulated devices and how they ended: {@code ignored} counts commands to
     * {@link UpdateRole#SILENT} devices; {@code unprovisioned} those answered {@code failed} because the simulator
     * has no update options.
     */
    public record UpdateCounts(long commands, long succeeded, long failed, long rolledBack, long ignored,
            long unprovisioned) {
    }

    /** The repository base the platform serves next to its EST endpoint: {@code https://<host>:<port>/tuf/}. */
    public static URI defaultTufBaseUrl(URI estBase) {
        Objects.requireNonNull(estBase, "estBase");
        return estBase.resolve("/tuf/");
    }

    public record Progress(int total, int enrolled, int connected, long sent, long acknowledged, long errors) {
    }

    public record Summary(int total, int enrolled, int connected, long sent, long acknowledged, long errors,
            List<String> errorSamples, Duration elapsed) {
        public Summary {
            errorSamples = List.copyOf(errorSamples);
            Objects.requireNonNull(elapsed, "elapsed");
        }
    }

    private final Config config;
    private final AtomicBoolean started = new AtomicBoolean();
    private final CountDownLatch stopSignal = new CountDownLatch(1);
    private volatile boolean stopping;
    private final AtomicInteger enrolled = new AtomicInteger();
    private final AtomicInteger connected = new AtomicInteger();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong inFlight = new AtomicLong();
    private final List<String> errorSamples = new CopyOnWriteArrayList<>();
    private final List<DeviceAgent> agents = new CopyOnWriteArrayList<>();
    private final Optional<UpdateOptions> updates;
    private final Map<String, UpdateAgent> updateAgents = new ConcurrentHashMap<>();
    private final Map<String, UpdateRole> roles;
    private final AtomicLong updateCommands = new AtomicLong();
    private final AtomicLong updatesSucceeded = new AtomicLong();
    private final AtomicLong updatesFailed = new AtomicLong();
    private final AtomicLong updatesRolledBack = new AtomicLong();
    private final AtomicLong updatesIgnored = new AtomicLong();
    private final AtomicLong updatesUnprovisioned = new AtomicLong();
    private ExecutorService updatePool;

    public FleetSimulator(Config config) {
        this(config, null);
    }

    /**
     * A simulator whose devices also run firmware updates ({@code updates} may be null: no updates; the devices then
     * answer update commands with {@code failed}).
     *
     * @throws IllegalArgumentException if the failure injection needs more devices than the fleet has
     */
    public FleetSimulator(Config config, UpdateOptions updates) {
        this.config = Objects.requireNonNull(config, "config");
        this.updates = Optional.ofNullable(updates);
        List<String> ids = config.devices().stream().map(SimDevice::id).toList();
        this.roles = updates == null ? Map.of() : updates.failures().assign(ids);
    }

    /** The update role of a device ({@link UpdateRole#NORMAL} without update options or failure injection). */
    public UpdateRole role(String deviceId) {
        return roles.getOrDefault(deviceId, UpdateRole.NORMAL);
    }

    /** Every device's update role, in fleet order (empty without update options). */
    public Map<String, UpdateRole> roles() {
        return roles;
    }

    /** Update commands received so far and their outcomes. */
    public UpdateCounts updateCounts() {
        return new UpdateCounts(updateCommands.get(), updatesSucceeded.get(), updatesFailed.get(),
                updatesRolledBack.get(), updatesIgnored.get(), updatesUnprovisioned.get());
    }

    /** The update agent of a connected simulated device (when updates are enabled). */
    public Optional<UpdateAgent> updateAgent(String deviceId) {
        return Optional.ofNullable(updateAgents.get(deviceId));
    }

    /** Runs the simulation; blocks until the duration has ended (see class doc) or {@link #stop()}. Runs once. */
    public Summary run(Consumer<Progress> progress) {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("a FleetSimulator runs once");
        }
        Consumer<Progress> report = p -> {
            if (progress != null) {
                try {
                    progress.accept(p);
                } catch (RuntimeException e) {
                    LOG.warn("Fleet progress callback failed: {}", e.toString());
                }
            }
        };
        long start = System.nanoTime();
        List<SimDevice> devices = config.devices();
        CountDownLatch setUp = new CountDownLatch(devices.size());
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(config.concurrency(), Math.max(1,
                devices.size())), daemon("palisade-sim-enroll-"));
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(daemon("palisade-sim-tick-"));
        updatePool = updates.map(u -> Executors.newFixedThreadPool(u.maxConcurrentUpdates(), daemon("palisade-sim-update-")))
                .orElse(null);
        try (EstClient est = new EstClient(config.estBase(), config.trustedRoot())) {
            for (SimDevice d : devices) {
                pool.execute(() -> {
                    try {
                        if (!stopping) {
                            startDevice(d, est, ticker);
                        }
                    } finally {
                        setUp.countDown();
                    }
                });
            }
            waitForEnd(start, setUp, report);
            stopping = true;
            ticker.shutdownNow();
            pool.shutdownNow();
            awaitQuietly(pool);
            drain();
        } finally {
            stopping = true;
            ticker.shutdownNow();
            pool.shutdownNow();
            if (updatePool != null) {
                updatePool.shutdownNow();
            }
            closeAgents();
        }
        Progress last = progress();
        report.accept(last);
        LOG.info("Fleet simulation finished: {} devices, {} enrolled, {} connected, {} sent, {} acknowledged,"
                + " {} errors", last.total(), last.enrolled(), last.connected(), last.sent(), last.acknowledged(),
                last.errors());
        return new Summary(last.total(), last.enrolled(), last.connected(), last.sent(), last.acknowledged(),
                last.errors(), List.copyOf(errorSamples), Duration.ofNanos(System.nanoTime() - start));
    }

    /** Ends a running simulation (from any thread); {@link #run} then returns its summary. */
    public void stop() {
        stopping = true;
        stopSignal.countDown();
    }

    /** Current counters. */
    public Progress progress() {
        return new Progress(config.devices().size(), enrolled.get(), connected.get(), sent.get(),
                acknowledged.get(), errors.get());
    }

    private void waitForEnd(long start, CountDownLatch setUp, Consumer<Progress> report) {
        Duration duration = config.duration();
        long nextReport = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        while (true) {
            long now = System.nanoTime();
            boolean setUpDone = setUp.getCount() == 0;
            if (setUpDone && duration != null && now - start >= duration.toNanos()) {
                return;
            }
            long wait = nextReport - now;
            if (duration != null && setUpDone) {
                wait = Math.min(wait, start + duration.toNanos() - now);
            }
            try {
                if (stopSignal.await(Math.max(1, wait), TimeUnit.NANOSECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (System.nanoTime() >= nextReport) {
                report.accept(progress());
                nextReport += TimeUnit.SECONDS.toNanos(1);
            }
        }
    }

    private void startDevice(SimDevice d, EstClient est, ScheduledExecutorService ticker) {
        List<X509Certificate> chain;
        KeyStorage key = KeyStorage.generateInMemory();
        try {
            chain = est.simpleEnroll(d.id(), d.oneTimeToken(), key.csr(d.id()));
        } catch (RuntimeException e) {
            if (!stopping) {
                error(d.id(), "enrollment failed: " + e.getMessage());
            }
            return;
        }
        enrolled.incrementAndGet();
        java.util.concurrent.atomic.AtomicReference<DeviceAgent> agentRef = new java.util.concurrent.atomic.AtomicReference<>();
        UpdateAgent updateAgent = null;
        if (updates.isPresent()) {
            try {
                updateAgent = newUpdateAgent(d, key, chain, agentRef);
            } catch (RuntimeException e) {
                error(d.id(), "update agent: " + e.getMessage());
                return;
            }
        }
        DeviceAgent agent = DeviceAgent.builder()
                .deviceId(d.id())
                .keyStorage(key)
                .chain(chain)
                .trustedRoot(config.trustedRoot())
                .mqttHost(config.mqttHost())
                .mqttPort(config.mqttPort())
                .firmwareVersion(updateAgent == null ? null : updateAgent.runningVersion())
                .build();
        agentRef.set(agent);
        try {
            agent.connect();
        } catch (RuntimeException e) {
            agent.close();
            if (!stopping) {
                error(d.id(), e.getMessage());
            }
            return;
        }
        connected.incrementAndGet();
        agents.add(agent);
        String updateTopic = Topics.command(d.id(), "update");
        UpdateRole role = role(d.id());
        UpdateAgent ua = updateAgent;
        try {
            agent.onCommand((topic, payload) -> {
                if (!updateTopic.equals(topic)) {
                    return;
                }
                updateCommands.incrementAndGet();
                if (ua == null) {
                    answerUnprovisioned(d.id(), agent, payload);
                } else if (role == UpdateRole.SILENT) {
                    updatesIgnored.incrementAndGet();
                    LOG.debug("Simulated device {} (silent) ignores an update command", d.id());
                } else {
                    ua.handle(payload).thenAccept(this::countOutcome);
                }
            });
        } catch (RuntimeException e) {
            error(d.id(), "command subscription failed: " + e.getMessage());
            return;
        }
        if (ua != null) {
            updateAgents.put(d.id(), ua);
        }
        if (stopping) {
            return;
        }
        AtomicLong mine = new AtomicLong();
        track(d.id(), mine, agent.publishEvent(SimulatedPayloads.bootEvent(agent.firmwareVersion())));
        double rate = config.messagesPerSecondPerDevice();
        if (rate <= 0) {
            return;
        }
        Runnable tick = () -> {
            if (!stopping && mine.get() < MAX_IN_FLIGHT_PER_DEVICE) {
                track(d.id(), mine, agent.publishTelemetry(SimulatedPayloads.telemetry(d.model(),
                        System.currentTimeMillis(), ThreadLocalRandom.current())));
            }
        };
        tick.run();
        long periodNanos = Math.max(1_000_000L, (long) (1_000_000_000L / rate));
        try {
            ticker.scheduleAtFixedRate(tick, ThreadLocalRandom.current().nextLong(periodNanos) + periodNanos / 2,
                    periodNanos, TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // the simulation is ending
        }
    }

    private UpdateAgent newUpdateAgent(SimDevice d, KeyStorage key, List<X509Certificate> chain,
            java.util.concurrent.atomic.AtomicReference<DeviceAgent> agentRef) {
        UpdateOptions u = updates.orElseThrow();
        BiPredicate<String, String> fails = u.bootFails();
        UpdateRole role = role(d.id());
        return UpdateAgent.builder()
                .deviceId(d.id())
                .model(d.model().isBlank() ? "unknown" : d.model())
                .hardwareRevision(u.hardwareRevision().apply(d.id()))
                .stateDir(u.baseDir().resolve(d.id()))
                .tufBaseUrl(u.tufBaseUrl())
                .provisionedRoot(u.tufRoot())
                .initialFirmware(DeviceAgent.DEFAULT_FIRMWARE)
                .bootCheck((id, version, image) -> role != UpdateRole.BAD_BOOT && !fails.test(id, version))
                .installCheck(role != UpdateRole.FAIL_INSTALL ? InstallCheck.NONE : (id, version) -> {
                    throw new java.io.IOException("simulated install failure (fault injection: flash write error)");
                })
                .http(UpdateAgent.mutualTls(key, chain, config.trustedRoot(), Duration.ofSeconds(20), null))
                .publisher((topic, json) -> {
                    DeviceAgent a = agentRef.get();
                    return a == null ? CompletableFuture.failedFuture(new DeviceException(d.id() + ": not connected"))
                            : a.publish(topic, json);
                })
                .executor(updatePool)
                .build();
    }

    private void countOutcome(UpdateStatus s) {
        switch (s.step()) {
            case SUCCEEDED -> updatesSucceeded.incrementAndGet();
            case ROLLED_BACK -> updatesRolledBack.incrementAndGet();
            case FAILED -> updatesFailed.incrementAndGet();
            default -> { } // a redelivered command: its first delivery counts
        }
    }

    /** Without update options: answer {@code failed} so that the rollout ends. */
    private void answerUnprovisioned(String id, DeviceAgent agent, byte[] payload) {
        updatesUnprovisioned.incrementAndGet();
        String rollout = "invalid";
        String version = "0";
        try {
            UpdateCommand cmd = UpdateCommand.parse(payload);
            rollout = cmd.rollout();
            version = cmd.version();
        } catch (IllegalArgumentException e) {
            // answered as an invalid command, like the update agent does
        }
        UpdateStatus s = new UpdateStatus(rollout, version, agent.firmwareVersion(), UpdateStep.FAILED,
                Optional.of("no update repository provisioned on this simulated device"), 0, Instant.now());
        agent.publish(Topics.updateStatus(id), s.toJson()).whenComplete((v, e) -> {
            if (e != null) {
                LOG.debug("Simulated device {}: update answer not delivered: {}", id, e.toString());
            }
        });
    }

    private void track(String id, AtomicLong deviceInFlight, CompletableFuture<Void> publish) {
        sent.incrementAndGet();
        inFlight.incrementAndGet();
        deviceInFlight.incrementAndGet();
        publish.whenComplete((v, e) -> {
            if (e == null) {
                acknowledged.incrementAndGet();
            } else {
                error(id, e.getMessage());
            }
            deviceInFlight.decrementAndGet();
            inFlight.decrementAndGet();
        });
    }

    private void error(String id, String reason) {
        errors.incrementAndGet();
        LOG.debug("Simulated device {}: {}", id, reason);
        if (errorSamples.size() < MAX_ERROR_SAMPLES) {
            synchronized (errorSamples) {
                if (errorSamples.size() < MAX_ERROR_SAMPLES) {
                    errorSamples.add(id + ": " + reason);
                }
            }
        }
    }

    private void drain() {
        long deadline = System.nanoTime() + DRAIN.toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void closeAgents() {
        List<DeviceAgent> all = new ArrayList<>(agents);
        ExecutorService closer = Executors.newFixedThreadPool(Math.max(1, Math.min(config.concurrency(), 16)),
                daemon("palisade-sim-close-"));
        for (DeviceAgent a : all) {
            closer.execute(a::close);
        }
        closer.shutdown();
        awaitQuietly(closer);
    }

    private static void awaitQuietly(ExecutorService pool) {
        try {
            pool.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
