package io.palisade.server.vuln;

import io.palisade.core.PalisadeException;
import io.palisade.core.device.DeviceModel;
import io.palisade.core.registry.DeviceRegistry;
import io.palisade.core.store.Store;
import io.palisade.detect.alert.Severity;
import io.palisade.detect.alert.Signal;
import io.palisade.vuln.advisory.Advisory;
import io.palisade.vuln.disclosure.Alert;
import io.palisade.vuln.disclosure.CraClock;
import io.palisade.vuln.disclosure.SafeText;
import io.palisade.vuln.disclosure.SupportPeriods;
import io.palisade.vuln.disclosure.VulnCase;
import io.palisade.vuln.match.AdvisoryExposure;
import io.palisade.vuln.match.ExposureMatcher;
import io.palisade.vuln.match.ExposureReport;
import io.palisade.vuln.match.FirmwareExposure;
import io.palisade.vuln.match.FirmwareKey;
import io.palisade.vuln.match.FirmwareVersion;
import io.palisade.vuln.match.VexStatus;
import io.palisade.vuln.publish.CsafWriter;
import io.palisade.vuln.publish.CycloneDxVexWriter;
import io.palisade.vuln.publish.ProductRef;
import io.palisade.vuln.publish.Publication;
import io.palisade.vuln.publish.VexStatement;
import io.palisade.vuln.publish.VulnerabilityEntry;
import io.palisade.vuln.sbom.Component;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.Period;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exposure of the fleet to the ingested advisories, our own advisories / VEX from it, end-of-life and the
 * case clocks, each raising alerts through {@code signals}. Device counts come from one GROUP BY
 * ({@code DeviceRepository.countByModelAndFirmware}); devices are never loaded one by one.
 */
public final class VulnService {
    private static final Logger LOG = LoggerFactory.getLogger(VulnService.class);
    private static final Pattern CVE = Pattern.compile("CVE-\\d{4}-\\d{4,}");
    private static final Pattern SAFE_ID = Pattern.compile("[^A-Za-z0-9._:+-]");

    private final Store store;
    private final DeviceRegistry registry;
    private final AdvisoryStore advisories;
    private final SbomStore sboms;
    private final RecordCaseStore cases;
    private final Consumer<Signal> signals;
    private final Clock clock;
    private final String publicHost;

    public VulnService(Store store, DeviceRegistry registry, AdvisoryStore advisories, SbomStore sboms, RecordCaseStore cases,
                       Consumer<Signal> signals, Clock clock, String publicHost) {
        this.store = store;
        this.registry = registry;
        this.advisories = advisories;
        this.sboms = sboms;
        this.cases = cases;
        this.signals = signals;
        this.clock = clock;
        this.publicHost = publicHost;
    }

    // ---- exposure ------------------------------------------------------------------------------------------

    /** Live device counts per (model, firmware) from one aggregate query; an unknown version is left out. */
    public Map<FirmwareKey, Long> fleetCounts() {
        Map<String, Map<String, Long>> grouped = store.read(r -> r.devices().countByModelAndFirmware());
        Map<FirmwareKey, Long> out = new HashMap<>();
        grouped.forEach((model, byFw) -> byFw.forEach((fw, n) -> {
            if (!fw.isEmpty()) {
                out.put(new FirmwareKey(model, fw), n);
            }
        }));
        return out;
    }

    /** Devices per model (all firmware versions), from the same aggregate. */
    public Map<String, Long> devicesPerModel() {
        Map<String, Long> out = new HashMap<>();
        store.read(r -> r.devices().countByModelAndFirmware()).forEach((model, byFw) ->
                out.put(model, byFw.values().stream().mapToLong(Long::longValue).sum()));
        return out;
    }

    /** The firmware catalogue: every (model, version) running in the fleet or carrying an SBOM, with its components. */
    public List<FirmwareVersion> catalogue(Map<FirmwareKey, Long> counts) {
        Map<String, DeviceModel> models = new HashMap<>();
        registry.models().forEach(m -> models.put(m.name(), m));
        Map<FirmwareKey, SbomStore.StoredSbom> bySbom = new LinkedHashMap<>();
        for (SbomStore.StoredSbom s : sboms.all()) {
            bySbom.put(new FirmwareKey(s.model(), s.version()), s);
        }
        java.util.Set<FirmwareKey> keys = new java.util.TreeSet<>(java.util.Comparator.comparing(FirmwareKey::model).thenComparing(FirmwareKey::version));
        keys.addAll(counts.keySet());
        keys.addAll(bySbom.keySet());
        List<FirmwareVersion> out = new ArrayList<>();
        for (FirmwareKey k : keys) {
            DeviceModel m = models.get(k.model());
            SbomStore.StoredSbom s = bySbom.get(k);
            Component subject = s == null ? null : s.subject();
            out.add(new FirmwareVersion(k.model(), m == null ? null : m.manufacturer(), k.version(),
                    subject == null ? null : subject.purl(), subject == null ? null : subject.cpe(), s == null ? List.of() : s.components()));
        }
        return out;
    }

    /** Matches every advisory (or one) against the catalogue and raises {@code vuln.exploited} for exploited exposures. */
    public ExposureReport exposure(String advisoryId) {
        List<Advisory> all = advisories.advisories();
        if (advisoryId != null) {
            all = all.stream().filter(a -> a.id().equals(advisoryId)).toList();
            if (all.isEmpty()) {
                throw PalisadeException.notFound("no advisory " + advisoryId + ": ingest it with 'palisade vuln ingest'");
            }
        }
        Map<FirmwareKey, Long> counts = fleetCounts();
        ExposureReport report = new ExposureMatcher(all).match(catalogue(counts), () -> counts, clock.instant());
        raiseExploited(report);
        return report;
    }

    private void raiseExploited(ExposureReport report) {
        for (AdvisoryExposure a : report.advisories()) {
            if (!a.activelyExploited()) {
                continue;
            }
            for (FirmwareExposure f : a.firmware()) {
                if ((f.status() == VexStatus.AFFECTED || f.status() == VexStatus.UNDER_INVESTIGATION) && f.devices() > 0) {
                    Map<String, Object> sample = new LinkedHashMap<>();
                    sample.put("advisory", a.advisoryId());
                    sample.put("cves", String.join(",", a.cves()));
                    sample.put("firmware", f.firmwareVersion());
                    sample.put("devices", f.devices());
                    sample.put("status", f.status().name().toLowerCase(Locale.ROOT));
                    sample.put("confidence", f.confidence().name().toLowerCase(Locale.ROOT));
                    sample.put("matchedBy", f.matchedBy().name().toLowerCase(Locale.ROOT));
                    raise(new Signal("vuln.exploited", f.model(), f.model(), Severity.CRITICAL,
                            "actively exploited " + a.advisoryId() + " affects " + f.model() + " firmware " + f.firmwareVersion(),
                            f.devices() + " device(s) of " + f.model() + " on firmware " + f.firmwareVersion() + " are exposed to "
                                    + a.advisoryId() + (f.fixedVersions().isEmpty() ? "; no fixed version is known" : "; fixed in "
                                    + String.join(", ", f.fixedVersions())), sample, clock.instant())
                            .withKey("vuln.exploited|" + f.model() + "|" + f.firmwareVersion() + "|" + a.advisoryId()));
                }
            }
        }
    }

    /** Released firmware with an actively exploited vulnerability, devices on it and no known fix (conformity evidence). */
    public long unfixedExploitable() {
        long n = 0;
        List<Advisory> exploited = advisories.advisories().stream().filter(Advisory::activelyExploited).toList();
        if (exploited.isEmpty()) {
            return 0;
        }
        Map<FirmwareKey, Long> counts = fleetCounts();
        for (AdvisoryExposure a : new ExposureMatcher(exploited).match(catalogue(counts), () -> counts, clock.instant()).advisories()) {
            for (FirmwareExposure f : a.firmware()) {
                if (f.status() == VexStatus.AFFECTED && f.devices() > 0 && f.fixedVersions().isEmpty()) {
                    n++;
                }
            }
        }
        return n;
    }

    // ---- our own advisories / VEX ---------------------------------------------------------------------------

    public enum Format {
        CSAF, CSAF_VEX, CYCLONEDX_VEX;

        public static Format parse(String s) {
            return switch (s == null ? "csaf" : s.toLowerCase(Locale.ROOT)) {
                case "csaf" -> CSAF;
                case "csaf-vex" -> CSAF_VEX;
                case "cyclonedx-vex" -> CYCLONEDX_VEX;
                default -> throw PalisadeException.invalid("format must be csaf, csaf-vex or cyclonedx-vex");
            };
        }
    }

    /** Our CSAF advisory, CSAF VEX or CycloneDX VEX for the firmware versions an ingested advisory matched. */
    public byte[] publish(String advisoryId, Format format, String publisherName, String namespace) {
        Advisory adv = advisories.advisories().stream().filter(a -> a.id().equals(advisoryId)).findFirst()
                .orElseThrow(() -> PalisadeException.notFound("no advisory " + advisoryId));
        Map<FirmwareKey, Long> counts = fleetCounts();
        ExposureReport report = new ExposureMatcher(List.of(adv)).match(catalogue(counts), () -> counts, clock.instant());
        if (report.advisories().isEmpty()) {
            throw PalisadeException.conflict("advisory " + advisoryId + " matches none of our firmware versions: nothing to publish");
        }
        List<VexStatement> statements = new ArrayList<>();
        String firstVendor = null;
        for (FirmwareExposure f : report.advisories().get(0).firmware()) {
            String vendor = f.manufacturer() == null ? "unknown" : f.manufacturer();
            firstVendor = firstVendor == null ? vendor : firstVendor;
            ProductRef p = new ProductRef(vendor, f.model(), f.firmwareVersion(), null, null);
            String via = f.component() == null || f.component().equals(f.model()) ? "the firmware itself"
                    : "component " + f.component() + (f.componentVersion() == null ? "" : " " + f.componentVersion());
            String fixedIn = f.fixedVersions().isEmpty() ? null : f.fixedVersions().get(0);
            statements.add(switch (f.status()) {
                case NOT_AFFECTED -> new VexStatement(p, VexStatus.NOT_AFFECTED, null, "The upstream advisory " + adv.id()
                        + " states that " + via + " is not affected.", null, null);
                case AFFECTED -> new VexStatement(p, VexStatus.AFFECTED, null, null, fixedIn == null ? null
                        : "Update " + via + " to " + fixedIn + " or later (upstream fix); a firmware update for " + f.model() + " follows.", fixedIn);
                default -> new VexStatement(p, f.status(), null, null, null, null);
            });
        }
        String description = (adv.title() == null || adv.title().isBlank() ? "Vulnerability " + adv.id() : adv.title().strip())
                + " (upstream advisory " + adv.id() + ").";
        List<VulnerabilityEntry> vulns = new ArrayList<>();
        List<String> cves = adv.cves().stream().filter(c -> CVE.matcher(c).matches()).toList();
        if (cves.isEmpty()) {
            vulns.add(new VulnerabilityEntry(null, adv.id(), null, description, null, null, null, statements));
        } else {
            for (String cve : cves) {
                vulns.add(new VulnerabilityEntry(cve, null, null, description, null, null, null, statements));
            }
        }
        Instant now = clock.instant();
        if (format == Format.CYCLONEDX_VEX) {
            return new CycloneDxVexWriter().writeBytes(vulns, UUID.randomUUID(), now);
        }
        String tracking = "PALISADE-" + SAFE_ID.matcher(adv.id()).replaceAll("-");
        if (tracking.length() > 100) {
            tracking = tracking.substring(0, 100);
        }
        Publication pub = new Publication(format == Format.CSAF ? Publication.Profile.SECURITY_ADVISORY : Publication.Profile.VEX,
                tracking, "Impact of " + adv.id() + " on our products", publisherName == null || publisherName.isBlank() ? firstVendor : publisherName,
                URI.create(namespace == null || namespace.isBlank() ? "https://" + publicHost : namespace), "en", now, now, List.of(), false,
                "Assessment of " + adv.id() + " for our firmware versions, from the components each version ships (SBOM) and its"
                        + " version, computed by Palisade.", vulns);
        return new CsafWriter().writeBytes(pub);
    }

    // ---- end of life -----------------------------------------------------------------------------------------

    public List<SupportPeriods.Status> endOfLife(Period window, boolean raise) {
        List<SupportPeriods.ModelSupport> models = registry.models().stream().map(SupportPeriods.ModelSupport::of).toList();
        List<SupportPeriods.Status> statuses = SupportPeriods.check(models, devicesPerModel(), clock.instant(), window);
        if (raise) {
            for (Alert a : SupportPeriods.alerts(statuses)) {
                boolean ended = a.kind() == Alert.Kind.SUPPORT_ENDED;
                raise(new Signal(ended ? "vuln.support-ended" : "vuln.support-ending", a.subject(), a.subject(),
                        ended ? Severity.HIGH : Severity.MEDIUM, ended ? "model " + a.subject() + " is past its support period"
                                : "model " + a.subject() + " reaches the end of its support period soon", a.message(),
                        Map.of("supportEndsAt", a.due().toString()), clock.instant()));
            }
        }
        return statuses;
    }

    // ---- case clocks -----------------------------------------------------------------------------------------

    /** Overdue stage deadlines and CRA Art. 14 steps of open cases; each raises an alert. */
    public List<Alert> checkClocks() {
        Instant now = clock.instant();
        List<Alert> out = new ArrayList<>();
        for (VulnCase c : cases.open()) {
            for (Alert a : c.overdue(now)) {
                out.add(a);
                boolean cra = a.kind() != Alert.Kind.CASE_STAGE_OVERDUE;
                Map<String, Object> sample = new LinkedHashMap<>();
                sample.put("case", c.trackingId());
                sample.put("step", a.step());
                sample.put("due", a.due().toString());
                sample.put("stage", c.stage().name().toLowerCase(Locale.ROOT));
                sample.put("product", SafeText.plain(c.report().affectedProduct()));
                raise(new Signal(cra ? "vuln.cra-overdue" : "vuln.case-overdue", c.trackingId(), null, cra ? Severity.CRITICAL : Severity.MEDIUM,
                        (cra ? "CRA Art. 14 " : "") + a.step().toLowerCase(Locale.ROOT).replace('_', '-') + " overdue for " + c.trackingId(),
                        a.message(), sample, now).withKey((cra ? "vuln.cra-overdue|" : "vuln.case-overdue|") + c.trackingId() + "|" + a.step()));
            }
        }
        return out;
    }

    /** Steps of a case's CRA clock with due times, for display. */
    public static List<CraClock.StepStatus> craSteps(VulnCase c) {
        return c.cra().map(CraClock::steps).orElse(List.of());
    }

    private void raise(Signal s) {
        try {
            signals.accept(s);
        } catch (RuntimeException e) {
            LOG.warn("could not raise {} for {}: {}", s.type(), s.subject(), e.toString());
        }
    }
}
