package io.palisade.device;

import io.palisade.device.internal.DeviceIds;
import io.palisade.device.internal.SimulatedPayloads;
import io.palisade.device.update.UpdateAgent;
import io.palisade.wire.Topics;
import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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
     *
     * @param baseDir              state directory per device: {@code baseDir/<device id>/} (tuf/, download/, slots/)
     * @param tufRoot              the TUF root.json every device is provisioned with
     * @param tufBaseUrl           https base of the repository ({@code metadata/} and {@code targets/} below it)
     * @param hardwareRevision     hardware revision of a device, by device id (e.g. {@code id -> "1.0"})
     * @param bootFails            (device id, version) → true when the new image must fail to boot on that device
     * @param maxConcurrentUpdates threads running updates, 1-256
     */
    public record UpdateOptions(Path baseDir, byte[] tufRoot, URI tufBaseUrl, Function<String, String> hardwareRevision,
            BiPredicate<String, String> bootFails, int maxConcurrentUpdates) {
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
        }

        /** Every device hardware 1.0, every image boots, 16 concurrent updates. */
        public static UpdateOptions of(Path baseDir, byte[] tufRoot, URI tufBaseUrl) {
            return new UpdateOptions(baseDir, tufRoot, tufBaseUrl, null, null, 16);
        }

        @Override
        public byte[] tufRoot() {
            return tufRoot.clone();
        }
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
    private ExecutorService updatePool;

    public FleetSimulator(Config config) {
        this(config, null);
    }

    /** A simulator whose devices also run firmware updates ({@code updates} may be null: no updates). */
    public FleetSimulator(Config config, UpdateOptions updates) {
        this.config = Objects.requireNonNull(config, "config");
        this.updates = Optional.ofNullable(updates);
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
        if (updateAgent != null) {
            UpdateAgent ua = updateAgent;
            String updateTopic = Topics.command(d.id(), "update");
            try {
                agent.onCommand((topic, payload) -> {
                    if (updateTopic.equals(topic)) {
                        ua.handle(payload);
                    }
                });
            } catch (RuntimeException e) {
                error(d.id(), "command subscription failed: " + e.getMessage());
                return;
            }
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
        return UpdateAgent.builder()
                .deviceId(d.id())
                .model(d.model().isBlank() ? "unknown" : d.model())
                .hardwareRevision(u.hardwareRevision().apply(d.id()))
                .stateDir(u.baseDir().resolve(d.id()))
                .tufBaseUrl(u.tufBaseUrl())
                .provisionedRoot(u.tufRoot())
                .initialFirmware(DeviceAgent.DEFAULT_FIRMWARE)
                .bootCheck((id, version, image) -> !fails.test(id, version))
                .http(UpdateAgent.mutualTls(key, chain, config.trustedRoot(), Duration.ofSeconds(20), null))
                .publisher((topic, json) -> {
                    DeviceAgent a = agentRef.get();
                    return a == null ? CompletableFuture.failedFuture(new DeviceException(d.id() + ": not connected"))
                            : a.publish(topic, json);
                })
                .executor(updatePool)
                .build();
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
