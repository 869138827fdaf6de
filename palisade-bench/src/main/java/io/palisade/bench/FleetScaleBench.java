package io.palisade.bench;

import io.palisade.conformity.assess.AssessmentResult;
import io.palisade.conformity.report.JsonReport;
import io.palisade.core.device.DeviceModel;
import io.palisade.core.registry.DeviceRegistry;
import io.palisade.core.device.RiskProfile;
import io.palisade.core.event.InProcessEventBus;
import io.palisade.core.store.CertificateRepository;
import io.palisade.server.config.ServerConfig;
import io.palisade.server.config.PlatformContext;
import io.palisade.server.conformity.ConformityService;
import io.palisade.server.conformity.LivePlatformFacts;
import io.palisade.server.vuln.AdvisoryStore;
import io.palisade.server.vuln.DisclosureConfig;
import io.palisade.server.vuln.RecordCaseStore;
import io.palisade.server.vuln.SbomStore;
import io.palisade.server.vuln.VulnService;
import io.palisade.store.JdbcStore;
import io.palisade.vuln.advisory.Advisory;
import io.palisade.vuln.ingest.AdvisoryIngestor;
import io.palisade.vuln.advisory.AffectedProduct;
import io.palisade.vuln.advisory.ProductStatus;
import io.palisade.vuln.match.ExposureMatcher;
import io.palisade.vuln.match.ExposureReport;
import io.palisade.vuln.match.FirmwareKey;
import io.palisade.vuln.match.FirmwareVersion;
import io.palisade.vuln.match.FleetCounts;
import io.palisade.vuln.sbom.Component;
import io.palisade.vuln.validate.Validator;
import io.palisade.vuln.version.VersionRange;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Fleet-scale evidence benchmarks on an embedded H2 store (the server's default):
 * <ol>
 * <li>load N devices over 20 models and 5 firmware versions per model (100 (model, firmware) pairs), one valid
 * certificate each, {@code shared} devices paired on shared keys, with JDBC batch inserts;</li>
 * <li>(A) the conformity assessment for profile {@code consumer} through the server's own code
 * ({@code ConformityService.assess} → {@code LivePlatformFacts} → {@code Assessor}): wall time and heap;</li>
 * <li>(B) exposure of the fleet to 1,000 synthetic advisories: the GROUP BY ({@code countByModelAndFirmware})
 * and the matching ({@code ExposureMatcher}) timed separately.</li>
 * </ol>
 * Usage: {@code FleetScaleBench [devices=1000000] [sharedDevices=400] [repeats=3] [dir]}. Run with a fixed -Xmx.
 */
public final class FleetScaleBench {
    static final int MODELS = 20;
    static final int VERSIONS_PER_MODEL = 5;
    static final int ADVISORIES = 1000;

    private FleetScaleBench() {
    }

    public static void main(String[] args) throws Exception {
        int devices = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int shared = args.length > 1 ? Integer.parseInt(args[1]) : 400;
        int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Path dir = args.length > 3 ? Path.of(args[3]) : Files.createTempDirectory("palisade-fleet");
        PrintStream out = System.out;
        out.printf("fleet-scale: %,d devices, %d models x %d versions, %d devices on shared keys, dir %s, max heap %d MiB%n",
                devices, MODELS, VERSIONS_PER_MODEL, shared, dir, Runtime.getRuntime().maxMemory() >> 20);
        Instant now = Instant.now();
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        try (JdbcStore store = JdbcStore.h2(dir.resolve("db"), "palisade", "pw")) {
            boolean fresh = store.read(r -> r.models().list()).isEmpty();
            if (fresh) {
                long t0 = System.nanoTime();
                load(store, dir.resolve("db"), devices, shared, now);
                out.printf("load: %,d devices + %,d certificates in %.1f s (JDBC batches of 5,000)%n", devices, devices, secs(t0));
            } else {
                out.println("load: reusing the existing database in " + dir);
            }
            gc();
            long heapAfterLoad = usedHeap();
            out.printf("heap after load + GC: %d MiB%n", heapAfterLoad >> 20);

            // ---- (A) conformity ----
            Path data = Files.createDirectories(dir.resolve("data"));
            DeviceRegistry registry = new DeviceRegistry(store, (id, key, model, at) -> {
                throw new IllegalStateException("the benchmark issues no certificate");
            }, new InProcessEventBus(), clock, Duration.ofHours(1));
            ServerConfig config = ServerConfig.defaults(data);
            PlatformContext ctx = new PlatformContext(config, data, store, registry, null, s -> { }, Optional::empty, List.of(), id -> Optional.empty(), clock);
            Validator validator = new Validator();
            DisclosureConfig disclosure = new DisclosureConfig(data, registry);
            RecordCaseStore cases = new RecordCaseStore(store, clock);
            AdvisoryStore advisories = new AdvisoryStore(store, new AdvisoryIngestor(validator), clock);
            SbomStore sboms = new SbomStore(store, registry, validator, clock);
            VulnService vuln = new VulnService(store, registry, advisories, sboms, cases, s -> { }, clock, "localhost");
            ConformityService conformity = new ConformityService(registry, store, io.palisade.conformity.assess.Assessor.withDefaults(),
                    () -> new LivePlatformFacts(ctx, disclosure, cases, vuln), clock);
            for (int i = 0; i < repeats; i++) {
                gc();
                resetPeaks();
                long base = usedHeap();
                long c0 = cpu();
                long t0 = System.nanoTime();
                AssessmentResult r = conformity.assess("consumer", null, null);
                double wall = secs(t0);
                double cpu = (cpu() - c0) / 1e9;
                long peak = peakHeap();
                int bytes = JsonReport.write(r).getBytes(StandardCharsets.UTF_8).length;
                out.printf("A conformity[%d]: %.3f s wall, %.3f s CPU (this thread), peak heap %d MiB (%d MiB before), report %,d bytes%n",
                        i, wall, cpu, peak >> 20, base >> 20, bytes);
            }
            for (int i = 0; i < repeats; i++) {
                long t0 = System.nanoTime();
                CertificateRepository.KeyStats k = store.read(r -> r.certificates().keyStats(Optional.empty(), now));
                double all = secs(t0);
                t0 = System.nanoTime();
                CertificateRepository.KeyStats m = store.read(r -> r.certificates().keyStats(Optional.of("model-07"), now));
                double one = secs(t0);
                out.printf("A keyStats[%d]: fleet %.3f s %s%n               model-07 %.3f s devices=%d shared=%d%n", i, all, brief(k), one,
                        m.devices(), m.sharedKeyGroups());
            }

            // ---- (B) exposure ----
            List<Advisory> corpus = advisories(now);
            for (int i = 0; i < repeats; i++) {
                long t0 = System.nanoTime();
                Map<String, Map<String, Long>> grouped = store.read(r -> r.devices().countByModelAndFirmware());
                double groupBy = secs(t0);
                t0 = System.nanoTime();
                Map<FirmwareKey, Long> counts = new HashMap<>();
                grouped.forEach((model, byFw) -> byFw.forEach((fw, n) -> {
                    if (!fw.isEmpty()) {
                        counts.put(new FirmwareKey(model, fw), n);
                    }
                }));
                List<FirmwareVersion> catalogue = catalogue(counts);
                ExposureReport report = new ExposureMatcher(corpus).match(catalogue, FleetCounts.of(counts), now);
                double match = secs(t0);
                long affectedPairs = report.advisories().stream().mapToLong(a -> a.firmware().size()).sum();
                out.printf("B exposure[%d]: GROUP BY %.3f s (%d pairs), index+match %.3f s; %d advisories x %d firmware versions, %d advisories"
                        + " with findings, %d (advisory, firmware) findings, %,d exposed devices%n", i, groupBy, counts.size(), match,
                        report.advisoriesChecked(), report.firmwareVersionsChecked(), report.advisories().size(), affectedPairs,
                        report.exposedDevices());
            }
        }
        for (GarbageCollectorMXBean g : ManagementFactory.getGarbageCollectorMXBeans()) {
            out.printf("gc %s: %d collections, %d ms%n", g.getName(), g.getCollectionCount(), g.getCollectionTime());
        }
    }

    static String brief(CertificateRepository.KeyStats k) {
        return "devices=" + k.devices() + " valid=" + k.devicesWithValidCert() + " keys=" + k.distinctKeys() + " sharedGroups="
                + k.sharedKeyGroups() + " onShared=" + k.devicesOnSharedKeys() + " expired=" + k.expiredInUse();
    }

    static String model(int m) {
        return String.format("model-%02d", m);
    }

    static String version(int v) {
        return "1." + v + ".0";
    }

    /** Models through the repository; devices and certificates with raw JDBC batches on a second connection to the same H2 file. */
    static void load(JdbcStore store, Path dbDir, int devices, int shared, Instant now) throws Exception {
        store.transaction(r -> {
            for (int m = 0; m < MODELS; m++) {
                r.models().insert(new DeviceModel(model(m), "Acme " + (m % 4), YearMonth.of(2032, 12), null, RiskProfile.CONSUMER, now));
            }
            return null;
        });
        String url = "jdbc:h2:file:" + dbDir.toAbsolutePath().normalize().resolve("palisade") + ";DB_CLOSE_ON_EXIT=FALSE";
        Timestamp nb = Timestamp.from(now.minus(Duration.ofDays(30)));
        OffsetDateTime created = OffsetDateTime.ofInstant(now.minus(Duration.ofDays(60)), ZoneOffset.UTC);
        OffsetDateTime notBefore = OffsetDateTime.ofInstant(nb.toInstant(), ZoneOffset.UTC);
        OffsetDateTime notAfter = notBefore.plusDays(397);
        String pem = "-----BEGIN CERTIFICATE-----\nMIIBsynthetic\n-----END CERTIFICATE-----\n";
        HexFormat hex = HexFormat.of();
        java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
        try (Connection c = DriverManager.getConnection(url, "palisade", "pw")) {
            c.setAutoCommit(false);
            try (PreparedStatement d = c.prepareStatement("INSERT INTO devices (id, model, state, owner_name, firmware, created_at, updated_at)"
                    + " VALUES (?, ?, ?, NULL, ?, ?, ?)");
                    PreparedStatement k = c.prepareStatement("INSERT INTO certificates (serial, device_id, key_fingerprint, not_before,"
                            + " not_after, status, revoked_at, reason, pem) VALUES (?, ?, ?, ?, ?, 'VALID', NULL, NULL, ?)")) {
                for (int i = 0; i < devices; i++) {
                    String id = String.format("dev-%07d", i);
                    int m = i % MODELS;
                    d.setString(1, id);
                    d.setString(2, model(m));
                    d.setString(3, i % 50 == 0 ? "ENROLLED" : "ACTIVE");
                    d.setString(4, version((i / MODELS) % VERSIONS_PER_MODEL));
                    d.setObject(5, created);
                    d.setObject(6, created);
                    d.addBatch();
                    // devices 0..shared-1 pair up: 2j and 2j+1 hold the same key
                    int keyOf = i < shared ? i / 2 : i;
                    String fp = hex.formatHex(sha.digest(("key-" + keyOf).getBytes(StandardCharsets.US_ASCII)));
                    k.setBigDecimal(1, java.math.BigDecimal.valueOf(1_000_000_000L + i));
                    k.setString(2, id);
                    k.setString(3, fp);
                    k.setObject(4, notBefore);
                    k.setObject(5, notAfter);
                    k.setString(6, pem);
                    k.addBatch();
                    if ((i + 1) % 5000 == 0 || i == devices - 1) {
                        d.executeBatch();
                        k.executeBatch();
                        c.commit();
                    }
                }
            }
            try (var st = c.createStatement()) {
                st.execute("ANALYZE");
            }
            c.commit();
        }
    }

    /** 1,000 advisories: each names one of 260 SBOM libraries by purl with a semver range and one model by name with a free-text range. */
    static List<Advisory> advisories(Instant now) {
        List<Advisory> out = new ArrayList<>();
        for (int i = 0; i < ADVISORIES; i++) {
            AffectedProduct byPurl = new AffectedProduct("p" + i, null, "lib" + (i % 260), "pkg:generic/acme/lib" + (i % 260), null,
                    VersionRange.parse("vers:semver/>=1.0.0|<1." + (i % 10) + ".0"), ProductStatus.KNOWN_AFFECTED,
                    List.of("CVE-2026-" + (10000 + i)), List.of("1." + (i % 10) + ".0"), List.of(), null);
            AffectedProduct byName = new AffectedProduct("n" + i, "Acme " + (i % 4), "Model " + String.format("%02d", i % MODELS), null, null,
                    VersionRange.parse("prior to 1." + (i % 7) + ".0"), ProductStatus.KNOWN_AFFECTED, List.of("CVE-2026-" + (10000 + i)),
                    List.of(), List.of(), null);
            out.add(new Advisory("ADV-" + i, Advisory.Format.CSAF, List.of(), List.of("CVE-2026-" + (10000 + i)), "synthetic " + i, "bench",
                    now, now, 5.0 + (i % 50) / 10.0, null, i % 100 == 0, List.of(byPurl, byName)));
        }
        return out;
    }

    /** Every (model, firmware) in the fleet, each with a 50-component SBOM drawn from 260 libraries. */
    static List<FirmwareVersion> catalogue(Map<FirmwareKey, Long> counts) {
        List<FirmwareVersion> out = new ArrayList<>();
        for (FirmwareKey k : counts.keySet().stream().sorted(java.util.Comparator.comparing(FirmwareKey::model)
                .thenComparing(FirmwareKey::version)).toList()) {
            int m = Integer.parseInt(k.model().substring(6));
            String v = k.version();
            List<Component> comps = new ArrayList<>();
            for (int c = 0; c < 50; c++) {
                int lib = (m * 7 + c * 3) % 260;
                comps.add(new Component("lib" + lib, v, "pkg:generic/acme/lib" + lib + "@" + v, null, "Acme", null));
            }
            out.add(new FirmwareVersion(k.model(), "Acme " + (m % 4), v, null, null, comps));
        }
        return out;
    }

    static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    static long cpu() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    static void gc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
    }

    static long usedHeap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static void resetPeaks() {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                p.resetPeakUsage();
            }
        }
    }

    /**
     * Sum of the heap pools' peak usage since {@link #resetPeaks}. The pools peak at different moments, so this
     * is an upper bound of the real peak (with G1: eden peaks before a young GC, old gen afterwards).
     */
    static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                sum += p.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}
