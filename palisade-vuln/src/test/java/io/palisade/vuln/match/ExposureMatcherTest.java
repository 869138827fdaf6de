package io.palisade.vuln.match;

import static org.assertj.core.api.Assertions.assertThat;

import io.palisade.vuln.TestFiles;
import io.palisade.vuln.advisory.Advisory;
import io.palisade.vuln.advisory.AffectedProduct;
import io.palisade.vuln.advisory.CsafParser;
import io.palisade.vuln.advisory.OsvParser;
import io.palisade.vuln.advisory.ProductStatus;
import io.palisade.vuln.sbom.Component;
import io.palisade.vuln.sbom.SbomParser;
import io.palisade.vuln.version.Confidence;
import io.palisade.vuln.version.VersionRange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ExposureMatcherTest {
    static final Instant NOW = Instant.parse("2026-11-01T00:00:00Z");

    static AffectedProduct name(String vendor, String product, String range, ProductStatus st) {
        return new AffectedProduct("p", vendor, product, null, null, VersionRange.parse(range), st, List.of("CVE-2026-0001"),
                List.of(), List.of(), null);
    }

    static Advisory advisory(String id, boolean exploited, AffectedProduct... products) {
        return new Advisory(id, Advisory.Format.CSAF, List.of(), List.of("CVE-2026-0001"), "t", "pub", NOW, NOW, 9.8, null,
                exploited, List.of(products));
    }

    @Test
    void icsStyleNameAndFreeTextMatch() {
        Advisory a = advisory("ICSA-26-001", true,
                name("Example Corp.", "Smart Plug", "prior to 2.0", ProductStatus.KNOWN_AFFECTED),
                name("Example Corp.", "Smart Plug", "2.0", ProductStatus.FIXED));
        FirmwareVersion old = new FirmwareVersion("smart-plug", "Example", "1.4", null, null, List.of());
        FirmwareVersion fixed = new FirmwareVersion("smart-plug", "Example", "2.0", null, null, List.of());
        FirmwareVersion other = new FirmwareVersion("smart-plug", "Another Vendor", "1.0", null, null, List.of());
        FleetCounts counts = FleetCounts.of(Map.of(old.key(), 700L, fixed.key(), 300L));
        ExposureReport r = new ExposureMatcher(List.of(a)).match(List.of(old, fixed, other), counts, NOW);
        assertThat(r.exposedDevices()).isEqualTo(700);
        AdvisoryExposure e = r.advisories().get(0);
        assertThat(e.activelyExploited()).isTrue();
        assertThat(e.affectedModels()).containsExactly("smart-plug");
        assertThat(e.affectedDevices()).isEqualTo(700);
        assertThat(e.firmware()).hasSize(2);
        FirmwareExposure f14 = e.firmware().get(0);
        assertThat(f14.firmwareVersion()).isEqualTo("1.4");
        assertThat(f14.status()).isEqualTo(VexStatus.AFFECTED);
        assertThat(f14.matchedBy()).isEqualTo(MatchedBy.NAME);
        assertThat(f14.confidence()).isEqualTo(Confidence.LOW);
        assertThat(e.firmware().get(1).status()).isEqualTo(VexStatus.FIXED);
    }

    @Test
    void versRangeByNameIsMedium() {
        Advisory a = advisory("A", false, name("Example", "PLC Gateway", "vers:generic/>=3.0|<3.4", ProductStatus.KNOWN_AFFECTED));
        FirmwareVersion fw = new FirmwareVersion("plc-gateway", "Example GmbH", "3.2", null, null, List.of());
        ExposureReport r = new ExposureMatcher(List.of(a)).match(List.of(fw), FleetCounts.of(Map.of(fw.key(), 5L)), NOW);
        assertThat(r.advisories().get(0).firmware().get(0).confidence()).isEqualTo(Confidence.MEDIUM);
    }

    @Test
    void sbomComponentByPurlFromRealOsvAndCycloneDx() {
        Advisory ghsa = new OsvParser().parse(TestFiles.bytes("osv/osv-schema/tools/ghsa/testdata/full_ranges.osv.json"));
        List<Component> comps = new ArrayList<>(new SbomParser()
                .parse(TestFiles.bytes("sbom/cyclonedx-bom-examples/SBOM/dropwizard-1.3.15/bom.json")).components());
        comps.add(new Component("akka-actor_2.12", "2.5.3", "pkg:maven/com.typesafe.akka/akka-actor_2.12@2.5.3", null, null, "library"));
        FirmwareVersion vulnerable = new FirmwareVersion("camera", "Example", "5.0", null, null, comps);
        FirmwareVersion patched = new FirmwareVersion("camera", "Example", "5.1", null, null,
                List.of(new Component("akka-actor_2.12", "2.5.16", "pkg:maven/com.typesafe.akka/akka-actor_2.12@2.5.16", null, null, null)));
        ExposureReport r = new ExposureMatcher(List.of(ghsa)).match(List.of(vulnerable, patched),
                FleetCounts.of(Map.of(vulnerable.key(), 10L, patched.key(), 90L)), NOW);
        assertThat(r.advisories()).hasSize(1);
        FirmwareExposure f = r.advisories().get(0).firmware().get(0);
        assertThat(f.firmwareVersion()).isEqualTo("5.0");
        assertThat(f.matchedBy()).isEqualTo(MatchedBy.PURL);
        assertThat(f.confidence()).isEqualTo(Confidence.HIGH);
        assertThat(f.fixedVersions()).containsExactly("2.5.16");
        assertThat(r.exposedDevices()).isEqualTo(10);
    }

    @Test
    void cpeMatchFromRealCsaf() {
        Advisory bsi = new CsafParser().parse(TestFiles.bytes("csaf/csaf_2.0/examples/csaf/bsi-2022-0001.json"));
        FirmwareVersion fw = new FirmwareVersion("gateway", "Example", "1.0", null, null, List.of(
                new Component("converter", "1.0.0-dev2", null, "cpe:2.3:a:csaf-tools:cvrf-csaf-converter:1.0.0-dev2:*:*:*:*:*:*:*", null, null)));
        FirmwareVersion fw2 = new FirmwareVersion("gateway", "Example", "1.1", null, null, List.of(
                new Component("converter", "1.0.0-rc2", null, "cpe:/a:csaf-tools:cvrf-csaf-converter:1.0.0-rc2", null, null)));
        ExposureReport r = new ExposureMatcher(List.of(bsi)).match(List.of(fw, fw2), FleetCounts.of(Map.of()), NOW);
        List<FirmwareExposure> f = r.advisories().get(0).firmware();
        assertThat(f).extracting(FirmwareExposure::status).containsExactly(VexStatus.AFFECTED, VexStatus.FIXED);
        assertThat(f).extracting(FirmwareExposure::matchedBy).containsOnly(MatchedBy.CPE);
    }

    @Test
    void unknownVersionIsPossibleExposureWithLowConfidence() {
        Advisory a = advisory("A", false, new AffectedProduct("p", "Example", "Cam", null, null,
                new VersionRange.Unspecified("none"), ProductStatus.KNOWN_AFFECTED, List.of("X"), List.of(), List.of(), null));
        FirmwareVersion fw = new FirmwareVersion("cam", "Example", "1.0", null, null, List.of());
        FirmwareExposure f = new ExposureMatcher(List.of(a)).match(List.of(fw), FleetCounts.of(Map.of()), NOW)
                .advisories().get(0).firmware().get(0);
        assertThat(f.versionUndetermined()).isTrue();
        assertThat(f.confidence()).isEqualTo(Confidence.LOW);
    }

    /** 1,000 advisories x 100 firmware versions with SBOMs, 1,000,000 devices supplied as GROUP BY counts. */
    @Test
    void syntheticFleet() {
        List<Advisory> advisories = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            AffectedProduct byPurl = new AffectedProduct("p" + i, null, "lib" + (i % 200), "pkg:generic/acme/lib" + (i % 200), null,
                    VersionRange.parse("vers:semver/>=1.0.0|<1." + (i % 10) + ".0"), ProductStatus.KNOWN_AFFECTED,
                    List.of("CVE-2026-" + (10000 + i)), List.of("1." + (i % 10) + ".0"), List.of(), null);
            AffectedProduct byName = name("Acme Inc.", "Model " + (i % 50), "prior to " + (i % 7) + ".0", ProductStatus.KNOWN_AFFECTED);
            advisories.add(new Advisory("ADV-" + i, Advisory.Format.CSAF, List.of(), List.of("CVE-2026-" + (10000 + i)), "t", null,
                    NOW, NOW, 5.0, null, i % 100 == 0, List.of(byPurl, byName)));
        }
        List<FirmwareVersion> catalogue = new ArrayList<>();
        Map<FirmwareKey, Long> counts = new HashMap<>();
        for (int m = 0; m < 20; m++) {
            for (int v = 0; v < 5; v++) {
                List<Component> comps = new ArrayList<>();
                for (int c = 0; c < 50; c++) {
                    int lib = (m * 7 + c * 3) % 260;
                    comps.add(new Component("lib" + lib, "1." + v + ".0", "pkg:generic/acme/lib" + lib + "@1." + v + ".0", null, "Acme", null));
                }
                FirmwareVersion fw = new FirmwareVersion("model-" + m, "ACME", v + ".0", null, null, comps);
                catalogue.add(fw);
                counts.put(fw.key(), 10_000L);
            }
        }
        ExposureReport r = new ExposureMatcher(advisories).match(catalogue, FleetCounts.of(counts), NOW);
        assertThat(r.advisoriesChecked()).isEqualTo(1000);
        assertThat(r.firmwareVersionsChecked()).isEqualTo(100);
        assertThat(r.exposedDevices()).isBetween(1L, 1_000_000L);
        assertThat(r.advisories()).isNotEmpty();
        assertThat(r.advisories().get(0).activelyExploited()).isTrue();
        // spot check one pair by hand: ADV-5 = lib5 >=1.0.0 <1.5.0; model-0 has lib5? c*3 % 260 == 5 → no; model-0 lib 0,3,6..
        AdvisoryExposure adv3 = r.advisories().stream().filter(a -> a.advisoryId().equals("ADV-3")).findFirst().orElseThrow();
        assertThat(adv3.firmware()).allMatch(f -> !f.firmwareVersion().equals("0.0") || f.matchedBy() == MatchedBy.PURL
                || f.status() != VexStatus.FIXED);
        assertThat(adv3.firmware()).filteredOn(f -> f.matchedBy() == MatchedBy.PURL)
                .allMatch(f -> f.componentVersion().compareTo("1.3.0") < 0 && f.confidence() == Confidence.HIGH);
    }
}
