package io.palisade.vuln.advisory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.palisade.core.PalisadeException;
import io.palisade.vuln.TestFiles;
import io.palisade.vuln.version.Verdict;
import io.palisade.vuln.version.VersionRange;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ParsersTest {
    final CsafParser csaf = new CsafParser();
    final OsvParser osv = new OsvParser();

    @Test
    void bsiAdvisory() {
        Advisory a = csaf.parse(TestFiles.bytes("csaf/csaf_2.0/examples/csaf/bsi-2022-0001.json"));
        assertThat(a.id()).isEqualTo("BSI-2022-0001");
        assertThat(a.format()).isEqualTo(Advisory.Format.CSAF);
        assertThat(a.cves()).containsExactly("CVE-2022-27193");
        assertThat(a.cvssBaseScore()).isEqualTo(6.1);
        List<AffectedProduct> affected = a.products().stream().filter(p -> p.status() == ProductStatus.KNOWN_AFFECTED).toList();
        assertThat(affected).hasSize(5);
        AffectedProduct first = affected.get(0);
        assertThat(first.vendor()).isEqualTo("CSAF Tools");
        assertThat(first.cpe()).startsWith("cpe:/a:csaf-tools:cvrf-csaf-converter");
        assertThat(first.versions()).isInstanceOf(VersionRange.Exact.class);
        assertThat(first.versions().test("1.0.0-alpha")).isEqualTo(Verdict.AFFECTED);
        assertThat(first.remediations()).extracting(Remediation::category).containsExactly("vendor_fix");
        assertThat(first.fixedVersions()).containsExactly("1.0.0-rc2");
        assertThat(a.products()).anyMatch(p -> p.status() == ProductStatus.FIXED);
    }

    @Test
    void ciscoAdvisoryAndVex() {
        Advisory cisco = csaf.parse(TestFiles.bytes("csaf/csaf_2.0/examples/csaf/cisco-sa-20180328-smi2.json"));
        assertThat(cisco.products()).hasSizeGreaterThan(200).allMatch(p -> p.status() == ProductStatus.KNOWN_AFFECTED);
        assertThat(cisco.cvssBaseScore()).isEqualTo(9.8);
        Advisory vex = csaf.parse(TestFiles.bytes("csaf/csaf_2.0/examples/csaf/csaf_vex/2022-evd-uc-01-a-001.json"));
        assertThat(vex.cves()).containsExactly("CVE-2021-44228");
        assertThat(vex.products()).isNotEmpty();
    }

    @Test
    void everyCorpusCsafParses() {
        for (Path p : TestFiles.json("csaf/csaf_2.0/examples/csaf")) {
            Advisory a = csaf.parse(io.palisade.vuln.VulnJson.readLimited(p));
            assertThat(a.id()).as(p.toString()).isNotBlank();
        }
        for (Path p : TestFiles.json("osv/osv-schema/tools/redhat/testdata/CSAF")) {
            assertThat(csaf.parse(io.palisade.vuln.VulnJson.readLimited(p)).products()).as(p.toString()).isNotEmpty();
        }
    }

    @Test
    void ghsaOsv() {
        Advisory a = osv.parse(TestFiles.bytes("osv/osv-schema/tools/ghsa/testdata/full_ranges.osv.json"));
        assertThat(a.id()).isEqualTo("GHSA-mr95-9rr4-668f");
        assertThat(a.cves()).containsExactly("CVE-2018-16115");
        assertThat(a.products()).hasSize(2);
        AffectedProduct p = a.products().get(0);
        assertThat(p.purl()).isEqualTo("pkg:maven/com.typesafe.akka/akka-actor_2.12");
        assertThat(p.versions().test("2.5.3")).isEqualTo(Verdict.AFFECTED);
        assertThat(p.versions().test("2.5.16")).isEqualTo(Verdict.NOT_AFFECTED);
        assertThat(p.fixedVersions()).containsExactly("2.5.16");
    }

    @Test
    void allOsvCorpusFilesParse() {
        for (Path p : TestFiles.json("osv/osv-schema/tools")) {
            if (p.toString().contains("/CSAF/") || (p.toString().contains("/ghsa/") && !p.toString().endsWith(".osv.json"))) {
                continue;
            }
            Advisory a = osv.parse(io.palisade.vuln.VulnJson.readLimited(p));
            assertThat(a.id()).as(p.toString()).isNotBlank();
        }
        Advisory go = osv.parse(TestFiles.bytes("osv/osv-schema/tools/osv-linter/testdata/GO-2020-0001.json"));
        assertThat(go.products()).isNotEmpty().allMatch(x -> x.purl() == null || x.purl().startsWith("pkg:golang/"));
        Advisory withdrawn = osv.parse(TestFiles.bytes("osv/osv-schema/tools/ghsa/testdata/withdrawn.osv.json"));
        assertThat(withdrawn.products()).isEmpty();
    }

    @Test
    void cvssScoring() {
        assertThat(Cvss.baseScore(Cvss.parse("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H").orElseThrow())).isEqualTo(9.8);
        assertThat(Cvss.baseScore(Cvss.parse("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N").orElseThrow())).isEqualTo(6.1);
        assertThat(Cvss.baseScore(Cvss.parse("CVSS:3.0/AV:L/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N").orElseThrow())).isEqualTo(1.8);
        assertThat(Cvss.baseScore(Cvss.parse("AV:N/AC:L/Au:N/C:C/I:C/A:C").orElseThrow())).isEqualTo(10.0);
        assertThat(Cvss.baseScore(Cvss.parse("AV:N/AC:M/Au:N/C:P/I:N/A:N").orElseThrow())).isEqualTo(4.3);
        assertThat(Cvss.baseScore(Cvss.parse("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N").orElseThrow())).isZero();
        assertThat(Cvss.parse("CVSS:3.1/AV:X/AC:L")).isEmpty();
        assertThat(Cvss.parse("CVSS:3.1/AV:N/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")).isEmpty();
    }

    @Test
    void purlAndCpe() {
        Purl p = Purl.parse("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1?type=jar#sub");
        assertThat(p.key()).isEqualTo("maven/org.apache.logging.log4j/log4j-core");
        assertThat(p.version()).isEqualTo("2.14.1");
        assertThat(Purl.parse("pkg:npm/%40angular/core@1.0").namespace()).isEqualTo("@angular");
        assertThat(Purl.tryParse("pkg:/x")).isEmpty();
        assertThat(Purl.tryParse("pkg:npm/ x")).isEmpty();
        Cpe c = Cpe.tryParse("cpe:2.3:o:example:smart\\:plug_fw:1.2.3:*:*:*:*:*:*:*").orElseThrow();
        assertThat(c.vendor()).isEqualTo("example");
        assertThat(c.product()).isEqualTo("smart:plug_fw");
        assertThat(c.version()).isEqualTo("1.2.3");
        assertThat(Cpe.tryParse("cpe:/a:vendor:product").orElseThrow().hasVersion()).isFalse();
        assertThat(Cpe.tryParse("cpe:2.3:z:a:b")).isEmpty();
    }

    @Test
    void hostileDocuments() {
        assertThatThrownBy(() -> csaf.parse("{\"document\":{}}".getBytes(StandardCharsets.UTF_8))).isInstanceOf(PalisadeException.class);
        assertThatThrownBy(() -> osv.parse("{}".getBytes(StandardCharsets.UTF_8))).isInstanceOf(PalisadeException.class);
        StringBuilder deep = new StringBuilder("{\"document\":{\"tracking\":{\"id\":\"x\"}},\"product_tree\":{\"branches\":[");
        for (int i = 0; i < 40; i++) {
            deep.append("{\"category\":\"vendor\",\"name\":\"v\",\"branches\":[");
        }
        deep.append("]}".repeat(40)).append("]}}");
        assertThatThrownBy(() -> csaf.parse(deep.toString().getBytes(StandardCharsets.UTF_8))).isInstanceOf(PalisadeException.class);
    }

    @Property(tries = 200)
    void arbitraryJsonStringsFailCleanly(@ForAll @StringLength(max = 400) String s) {
        for (String doc : List.of(s, "{\"id\":\"" + s.replace("\"", "") + "\",\"modified\":\"x\",\"affected\":[{\"package\":{\"name\":\""
                + s.replace("\"", "").replace("\\", "") + "\"},\"ranges\":[{\"type\":\"SEMVER\",\"events\":[{\"introduced\":\"0\"}]}]}]}")) {
            try {
                osv.parse(doc.getBytes(StandardCharsets.UTF_8));
            } catch (PalisadeException | IllegalArgumentException e) {
                assertThat(e.getMessage()).isNotBlank();
            }
            try {
                csaf.parse(doc.getBytes(StandardCharsets.UTF_8));
            } catch (PalisadeException | IllegalArgumentException e) {
                assertThat(e.getMessage()).isNotBlank();
            }
        }
    }
}
