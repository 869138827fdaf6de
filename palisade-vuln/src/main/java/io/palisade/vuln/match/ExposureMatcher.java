package io.palisade.vuln.match;

import io.palisade.vuln.advisory.Advisory;
import io.palisade.vuln.advisory.AffectedProduct;
import io.palisade.vuln.advisory.Cpe;
import io.palisade.vuln.advisory.ProductStatus;
import io.palisade.vuln.advisory.Purl;
import io.palisade.vuln.sbom.Component;
import io.palisade.vuln.version.Confidence;
import io.palisade.vuln.version.Verdict;
import io.palisade.vuln.version.VersionRange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Matches advisories to the firmware catalogue and, through {@link FleetCounts}, to live device counts.
 *
 * <p>Advisory statements are indexed once by purl key (type/namespace/name), CPE vendor:product and normalized
 * product name, so each firmware version and SBOM component costs a few hash lookups, whatever the number of
 * advisories. Matching a subject (the firmware itself, or one SBOM component):
 * <ul>
 * <li>identity: purl key → {@link MatchedBy#PURL}; CPE vendor:product → {@link MatchedBy#CPE}; normalized product
 * name with a compatible vendor → {@link MatchedBy#NAME} (vendor unknown on either side → LOW);</li>
 * <li>version: the statement's {@link VersionRange} decides; an undecidable range still reports the subject as
 * possibly affected (LOW confidence, {@code versionUndetermined});</li>
 * <li>status: an exact-version FIXED/NOT_AFFECTED statement beats an affected range, then KNOWN_AFFECTED, then a
 * FIXED/NOT_AFFECTED range, then UNDER_INVESTIGATION;</li>
 * <li>confidence: purl/CPE with an exact or structured range → HIGH; name with a structured range → MEDIUM;
 * free text or undecidable → LOW.</li>
 * </ul>
 */
public final class ExposureMatcher {
    private record Entry(int advisory, AffectedProduct product, String vendorKey) {
    }

    private final List<Advisory> advisories;
    private final Map<String, List<Entry>> byPurl = new HashMap<>();
    private final Map<String, List<Entry>> byCpe = new HashMap<>();
    private final Map<String, List<Entry>> byName = new HashMap<>();

    public ExposureMatcher(List<Advisory> advisories) {
        this.advisories = List.copyOf(advisories);
        for (int i = 0; i < this.advisories.size(); i++) {
            for (AffectedProduct p : this.advisories.get(i).products()) {
                index(i, p);
            }
        }
    }

    private void index(int advisory, AffectedProduct p) {
        String vendor = Names.vendor(p.vendor());
        Set<String> names = new HashSet<>();
        if (p.product() != null) {
            names.add(Names.product(p.product()));
        }
        if (p.purl() != null) {
            Purl.tryParse(p.purl()).ifPresent(u -> {
                byPurl.computeIfAbsent(u.key(), k -> new ArrayList<>()).add(new Entry(advisory, p, vendor));
                names.add(Names.product(u.name()));
            });
        }
        String cpeVendor = vendor;
        if (p.cpe() != null) {
            var cpe = Cpe.tryParse(p.cpe());
            if (cpe.isPresent()) {
                byCpe.computeIfAbsent(cpe.get().key(), k -> new ArrayList<>()).add(new Entry(advisory, p, vendor));
                names.add(Names.product(cpe.get().product()));
                if (cpeVendor.isEmpty()) {
                    cpeVendor = Names.vendor(cpe.get().vendor());
                }
            }
        }
        for (String n : names) {
            if (!n.isEmpty()) {
                byName.computeIfAbsent(n, k -> new ArrayList<>()).add(new Entry(advisory, p, cpeVendor));
            }
        }
    }

    /** Computes the exposure of the whole catalogue; device counts come from the port in one call. */
    public ExposureReport match(List<FirmwareVersion> catalogue, FleetCounts counts, Instant now) {
        Map<FirmwareKey, Long> devices = counts.devicesByModelAndFirmware();
        Map<Integer, List<FirmwareExposure>> perAdvisory = new LinkedHashMap<>();
        Set<FirmwareKey> exposedFirmware = new HashSet<>();
        for (FirmwareVersion fw : catalogue) {
            long n = devices.getOrDefault(fw.key(), 0L);
            Map<Integer, FirmwareExposure> best = new HashMap<>();
            List<Component> subjects = new ArrayList<>(fw.components().size() + 1);
            subjects.add(new Component(fw.model(), fw.version(), fw.modelPurl(), fw.modelCpe(), fw.manufacturer(), "firmware"));
            subjects.addAll(fw.components());
            for (Component c : subjects) {
                for (Map.Entry<Integer, FirmwareExposure> e : matchSubject(fw, c, n).entrySet()) {
                    best.merge(e.getKey(), e.getValue(), ExposureMatcher::better);
                }
            }
            for (Map.Entry<Integer, FirmwareExposure> e : best.entrySet()) {
                perAdvisory.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue());
                if (counts(e.getValue().status())) {
                    exposedFirmware.add(fw.key());
                }
            }
        }
        List<AdvisoryExposure> out = new ArrayList<>();
        for (Map.Entry<Integer, List<FirmwareExposure>> e : perAdvisory.entrySet()) {
            Advisory a = advisories.get(e.getKey());
            List<FirmwareExposure> fws = new ArrayList<>(e.getValue());
            fws.sort(Comparator.comparing(FirmwareExposure::model).thenComparing(FirmwareExposure::firmwareVersion));
            TreeSet<String> models = new TreeSet<>();
            long affected = 0;
            for (FirmwareExposure f : fws) {
                if (counts(f.status())) {
                    models.add(f.model());
                    affected += f.devices();
                }
            }
            out.add(new AdvisoryExposure(a.id(), a.cves(), a.title(), a.cvssBaseScore(), a.activelyExploited(),
                    List.copyOf(models), affected, fws));
        }
        out.sort(Comparator.comparing(AdvisoryExposure::activelyExploited).reversed()
                .thenComparing(AdvisoryExposure::affectedDevices, Comparator.reverseOrder())
                .thenComparing(AdvisoryExposure::advisoryId));
        long exposed = 0;
        for (FirmwareKey k : exposedFirmware) {
            exposed += devices.getOrDefault(k, 0L);
        }
        return new ExposureReport(now, advisories.size(), catalogue.size(), exposed, out);
    }

    private static boolean counts(VexStatus s) {
        return s == VexStatus.AFFECTED || s == VexStatus.UNDER_INVESTIGATION;
    }

    private Map<Integer, FirmwareExposure> matchSubject(FirmwareVersion fw, Component c, long devices) {
        Map<Integer, List<Entry>> byAdvisory = new HashMap<>();
        Map<Integer, MatchedBy> how = new HashMap<>();
        String version = c.version();
        if (c.purl() != null) {
            var purl = Purl.tryParse(c.purl());
            if (purl.isPresent()) {
                if (version == null) {
                    version = purl.get().version();
                }
                collect(byPurl.get(purl.get().key()), MatchedBy.PURL, byAdvisory, how, null);
            }
        }
        if (c.cpe() != null) {
            var cpe = Cpe.tryParse(c.cpe());
            if (cpe.isPresent()) {
                if (version == null && cpe.get().hasVersion()) {
                    version = cpe.get().version();
                }
                collect(byCpe.get(cpe.get().key()), MatchedBy.CPE, byAdvisory, how, null);
            }
        }
        String vendor = Names.vendor(c.supplier());
        collect(byName.get(Names.product(c.name())), MatchedBy.NAME, byAdvisory, how, vendor);
        if (byAdvisory.isEmpty()) {
            return Map.of();
        }
        Map<Integer, FirmwareExposure> out = new HashMap<>();
        for (Map.Entry<Integer, List<Entry>> e : byAdvisory.entrySet()) {
            FirmwareExposure x = decide(fw, c, version, e.getValue(), how.get(e.getKey()), vendor, devices);
            if (x != null) {
                out.put(e.getKey(), x);
            }
        }
        return out;
    }

    private static void collect(List<Entry> entries, MatchedBy by, Map<Integer, List<Entry>> acc, Map<Integer, MatchedBy> how,
            String subjectVendor) {
        if (entries == null) {
            return;
        }
        for (Entry e : entries) {
            if (by == MatchedBy.NAME && !subjectVendor.isEmpty() && !e.vendorKey().isEmpty()
                    && !Names.sameVendor(subjectVendor, e.vendorKey())) {
                continue;
            }
            MatchedBy prev = how.get(e.advisory());
            if (prev != null && prev.ordinal() < by.ordinal()) {
                continue; // a stronger identity already linked this advisory; don't mix in weaker statements
            }
            if (prev != null && prev.ordinal() > by.ordinal()) {
                acc.remove(e.advisory());
            }
            how.put(e.advisory(), by);
            List<Entry> list = acc.computeIfAbsent(e.advisory(), k -> new ArrayList<>());
            if (!list.contains(e)) {
                list.add(e);
            }
        }
    }

    private static FirmwareExposure decide(FirmwareVersion fw, Component c, String version, List<Entry> entries, MatchedBy by,
            String subjectVendor, long devices) {
        Entry exactClear = null;
        Entry affected = null;
        Entry rangeClear = null;
        Entry investigating = null;
        Entry possible = null;
        for (Entry e : entries) {
            VersionRange r = e.product().versions();
            Verdict v = version == null ? Verdict.UNKNOWN : r.test(version);
            ProductStatus s = e.product().status();
            boolean clear = s == ProductStatus.FIXED || s == ProductStatus.NOT_AFFECTED;
            if (v == Verdict.AFFECTED) {
                if (clear && r instanceof VersionRange.Exact) {
                    exactClear = exactClear == null ? e : exactClear;
                } else if (s == ProductStatus.KNOWN_AFFECTED) {
                    affected = affected == null ? e : affected;
                } else if (clear) {
                    rangeClear = rangeClear == null ? e : rangeClear;
                } else {
                    investigating = investigating == null ? e : investigating;
                }
            } else if (v == Verdict.UNKNOWN && (s == ProductStatus.KNOWN_AFFECTED || s == ProductStatus.UNDER_INVESTIGATION)) {
                possible = possible == null ? e : possible;
            }
        }
        Entry chosen;
        VexStatus status;
        boolean undetermined = false;
        if (exactClear != null) {
            chosen = exactClear;
            status = exactClear.product().status() == ProductStatus.FIXED ? VexStatus.FIXED : VexStatus.NOT_AFFECTED;
        } else if (affected != null) {
            chosen = affected;
            status = VexStatus.AFFECTED;
        } else if (rangeClear != null) {
            chosen = rangeClear;
            status = rangeClear.product().status() == ProductStatus.FIXED ? VexStatus.FIXED : VexStatus.NOT_AFFECTED;
        } else if (investigating != null) {
            chosen = investigating;
            status = VexStatus.UNDER_INVESTIGATION;
        } else if (possible != null) {
            chosen = possible;
            status = possible.product().status() == ProductStatus.KNOWN_AFFECTED ? VexStatus.AFFECTED : VexStatus.UNDER_INVESTIGATION;
            undetermined = true;
        } else {
            return null;
        }
        Confidence rangeConfidence = undetermined ? Confidence.LOW : chosen.product().versions().confidence();
        Confidence confidence;
        if (by != MatchedBy.NAME) {
            confidence = rangeConfidence == Confidence.LOW ? Confidence.LOW : Confidence.HIGH;
        } else {
            Confidence identity = subjectVendor.isEmpty() || chosen.vendorKey().isEmpty() ? Confidence.LOW : Confidence.MEDIUM;
            confidence = identity.min(rangeConfidence);
        }
        return new FirmwareExposure(fw.model(), fw.manufacturer(), fw.version(), status, by, confidence, c.name(), version,
                chosen.product().versions().expression(), undetermined, chosen.product().fixedVersions(), devices);
    }

    /** Merges two exposures of the same advisory and firmware (different components): affected first, then surer. */
    private static FirmwareExposure better(FirmwareExposure a, FirmwareExposure b) {
        int ra = rank(a.status());
        int rb = rank(b.status());
        if (ra != rb) {
            return ra > rb ? a : b;
        }
        return b.confidence().compareTo(a.confidence()) > 0 ? b : a;
    }

    private static int rank(VexStatus s) {
        return switch (s) {
            case AFFECTED -> 3;
            case UNDER_INVESTIGATION -> 2;
            case FIXED -> 1;
            case NOT_AFFECTED -> 0;
        };
    }
}
