package io.palisade.vuln.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.palisade.core.PalisadeException;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(30)
class RangesTest {

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "vers:semver/>=1.0.0|<2.0.0; 1.5.0; AFFECTED",
        "vers:semver/>=1.0.0|<2.0.0; 2.0.0; NOT_AFFECTED",
        "vers:semver/>=1.0.0|<2.0.0; 1.0.0; AFFECTED",
        "vers:semver/>=1.0.0|<2.0.0; 1.0.0-rc.1; NOT_AFFECTED",
        "vers:npm/1.2.3|>=2.0.0|<5.0.0; 1.2.3; AFFECTED",
        "vers:npm/1.2.3|>=2.0.0|<5.0.0; 1.2.4; NOT_AFFECTED",
        "vers:npm/1.2.3|>=2.0.0|<5.0.0; 4.9; AFFECTED",
        "vers:generic/<4.0; 3.9.9; AFFECTED",
        "vers:generic/<=2.3.1; 2.3.1; AFFECTED",
        "vers:generic/>2.3.1; 2.3.1; NOT_AFFECTED",
        "vers:all/*; 99; AFFECTED",
        "vers:generic/<1.0|>=2.0|<3.0|>=4.0; 3.5; NOT_AFFECTED",
        "vers:generic/<1.0|>=2.0|<3.0|>=4.0; 4.1; AFFECTED",
        "vers:generic/<1.0|>=2.0|<3.0|>=4.0; 0.5; AFFECTED",
        "vers:generic/>=1.0|<3.0|!=2.0; 2.0; NOT_AFFECTED",
        "vers:generic/!=2.0; 2.1; AFFECTED",
        "VERS: Generic / >= 1.0 | < 2.0; 1.1; AFFECTED",
    })
    void versEvaluation(String range, String version, Verdict expected) {
        assertThat(VersionRange.parse(range)).isInstanceOf(VersRange.class);
        assertThat(VersionRange.parse(range).test(version)).isEqualTo(expected);
    }

    @Test
    void versRejectsMalformed() {
        for (String bad : List.of("vers:", "vers:semver", "vers:semver/", "vers:semver/>=", "vers:semver/1.0||2.0",
                "vers:semver/*|1.0", "vers:se mver!/1.0", "vers:semver/>=<1.0", "vers:semver/%zz")) {
            assertThatThrownBy(() -> VersRange.parse(bad)).as(bad).isInstanceOf(PalisadeException.class);
        }
    }

    static OsvRange osv(String type, String... kv) {
        List<OsvRange.Event> events = new java.util.ArrayList<>();
        for (int i = 0; i < kv.length; i += 2) {
            events.add(new OsvRange.Event(OsvRange.Kind.parse(kv[i]), kv[i + 1]));
        }
        return new OsvRange(type, events);
    }

    @Test
    void osvEvents() {
        OsvRange r = osv("ECOSYSTEM", "introduced", "2.5.0", "fixed", "2.5.16");
        assertThat(r.test("2.4.9")).isEqualTo(Verdict.NOT_AFFECTED);
        assertThat(r.test("2.5.0")).isEqualTo(Verdict.AFFECTED);
        assertThat(r.test("2.5.15")).isEqualTo(Verdict.AFFECTED);
        assertThat(r.test("2.5.16")).isEqualTo(Verdict.NOT_AFFECTED);
        assertThat(r.fixedVersions()).containsExactly("2.5.16");

        OsvRange last = osv("SEMVER", "introduced", "0", "last_affected", "1.4.2");
        assertThat(last.test("0.0.1")).isEqualTo(Verdict.AFFECTED);
        assertThat(last.test("1.4.2")).isEqualTo(Verdict.AFFECTED);
        assertThat(last.test("1.4.3")).isEqualTo(Verdict.NOT_AFFECTED);

        OsvRange multi = osv("SEMVER", "introduced", "1.0.0", "fixed", "1.2.0", "introduced", "2.0.0", "fixed", "2.1.0");
        assertThat(multi.test("1.1.0")).isEqualTo(Verdict.AFFECTED);
        assertThat(multi.test("1.5.0")).isEqualTo(Verdict.NOT_AFFECTED);
        assertThat(multi.test("2.0.5")).isEqualTo(Verdict.AFFECTED);
        assertThat(multi.test("3.0.0")).isEqualTo(Verdict.NOT_AFFECTED);

        OsvRange limited = osv("SEMVER", "introduced", "0", "limit", "3.0.0");
        assertThat(limited.test("2.9.9")).isEqualTo(Verdict.AFFECTED);
        assertThat(limited.test("3.0.0")).isEqualTo(Verdict.NOT_AFFECTED);

        OsvRange git = osv("GIT", "introduced", "0", "fixed", "9f2c3e1");
        assertThat(git.test("1.0")).isEqualTo(Verdict.UNKNOWN);
        assertThat(git.confidence()).isEqualTo(Confidence.LOW);

        assertThatThrownBy(() -> osv("SEMVER", "fixed", "1.0")).isInstanceOf(PalisadeException.class);
        assertThatThrownBy(() -> osv("SEMVER", "introduced", "0", "bogus", "1")).isInstanceOf(PalisadeException.class);
        assertThatThrownBy(() -> osv("RPM", "introduced", "0")).isInstanceOf(PalisadeException.class);
    }

    @Property(tries = 300)
    void osvIntroducedFixedIsHalfOpenInterval(@ForAll @IntRange(max = 20) int a, @ForAll @IntRange(max = 20) int b,
            @ForAll @IntRange(max = 25) int v) {
        if (a >= b) {
            return;
        }
        OsvRange r = osv("SEMVER", "introduced", a + ".0.0", "fixed", b + ".0.0");
        boolean inside = a <= v && v < b;
        assertThat(r.test(v + ".0.0")).isEqualTo(inside ? Verdict.AFFECTED : Verdict.NOT_AFFECTED);
        VersRange vers = VersRange.parse("vers:semver/>=" + a + ".0.0|<" + b + ".0.0");
        assertThat(vers.test(v + ".0.0")).isEqualTo(r.test(v + ".0.0"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "<= 2.3.1 | 2.3.1 | AFFECTED",
        "<= 2.3.1 | 2.3.2 | NOT_AFFECTED",
        "prior to 4.0 | 3.99 | AFFECTED",
        "prior to 4.0 | 4.0 | NOT_AFFECTED",
        "versions 1.0 through 1.4 | 1.4 | AFFECTED",
        "versions 1.0 through 1.4 | 1.4.1 | NOT_AFFECTED",
        "versions 1.0 through 1.4 | 0.9 | NOT_AFFECTED",
        "all versions | 12.7 | AFFECTED",
        "All versions before V3.2 SP1 | V3.2 | AFFECTED",
        "All versions before V3.2 SP1 | V3.2 SP1 | NOT_AFFECTED",
        "3.x | 3.9.1 | AFFECTED",
        "3.x | 4.0 | NOT_AFFECTED",
        "2.0 and later | 2.1 | AFFECTED",
        "2.0 and later | 1.9 | NOT_AFFECTED",
        "V2.1.0 and prior | 2.1.0 | AFFECTED",
        ">=1.0, <2.0 | 1.5 | AFFECTED",
        ">=1.0, <2.0 | 2.0 | NOT_AFFECTED",
        "1.2.3 | 1.2.3 | AFFECTED",
        "1.2.3 | 1.2.4 | NOT_AFFECTED",
        "Firmware versions prior to 1.5.2 | 1.5.1 | AFFECTED",
        "≤ 5.1 | 5.1 | AFFECTED",
        "1.0; 2.0 through 2.2 | 1.0 | AFFECTED",
        "1.0; 2.0 through 2.2 | 2.1 | AFFECTED",
        "1.0; 2.0 through 2.2 | 1.5 | NOT_AFFECTED",
        "the newest ones | 1.0 | UNKNOWN",
    })
    void freeTextEvaluation(String range, String version, Verdict expected) {
        VersionRange r = VersionRange.parse(range);
        assertThat(r).isInstanceOf(FreeTextRange.class);
        assertThat(r.confidence()).isEqualTo(Confidence.LOW);
        assertThat(r.test(version)).as(range + " vs " + version).isEqualTo(expected);
    }

    @Property(tries = 500)
    void parsersFailCleanlyOnArbitraryInput(@ForAll @StringLength(max = 1100) String s) {
        for (String candidate : List.of(s, "vers:" + s, "vers:generic/" + s)) {
            try {
                VersionRange r = VersionRange.parse(candidate);
                r.test("1.0");
                r.test("not a version \u202e");
                assertThat(r.expression()).isNotNull();
            } catch (PalisadeException e) {
                assertThat(e.getMessage()).isNotBlank();
            }
        }
    }

    @Test
    void oversizedExpressionRejected() {
        assertThatThrownBy(() -> VersionRange.parse("<" + "1.".repeat(600) + "0")).isInstanceOf(PalisadeException.class);
    }

    @Test
    void exactAndUnspecified() {
        assertThat(new VersionRange.Exact(List.of("1.0", "2.0")).test("2.0.0")).isEqualTo(Verdict.AFFECTED);
        assertThat(new VersionRange.Exact(List.of("1.0")).test("1.1")).isEqualTo(Verdict.NOT_AFFECTED);
        assertThat(VersionRange.parse(null).test("1.0")).isEqualTo(Verdict.UNKNOWN);
    }
}
