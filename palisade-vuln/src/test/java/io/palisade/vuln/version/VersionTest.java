package io.palisade.vuln.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.palisade.core.PalisadeException;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class VersionTest {
    static int cmp(String a, String b) {
        return Integer.signum(Version.of(a).compareTo(Version.of(b)));
    }

    @Test
    void semverPrecedence() {
        List<String> ordered = List.of("1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2",
                "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.2.0", "1.10.0", "2.0.0");
        for (int i = 0; i + 1 < ordered.size(); i++) {
            assertThat(cmp(ordered.get(i), ordered.get(i + 1))).as(ordered.get(i) + " < " + ordered.get(i + 1)).isEqualTo(-1);
        }
        assertThat(cmp("1.0.0+build.1", "1.0.0+build.2")).isZero();
    }

    @Test
    void dottedAndVendorVersions() {
        assertThat(cmp("1.2.3.4", "1.10")).isEqualTo(-1);
        assertThat(cmp("1.0", "1.0.0")).isZero();
        assertThat(cmp("V3.2", "3.2")).isZero();
        assertThat(cmp("3.2", "V3.2 SP1")).isEqualTo(-1);
        assertThat(cmp("V3.2 SP1", "V3.2 SP2")).isEqualTo(-1);
        assertThat(cmp("V3.2 SP2", "3.3")).isEqualTo(-1);
        assertThat(cmp("4.0-rc1", "4.0")).isEqualTo(-1);
        assertThat(cmp("2.3b", "2.3")).isEqualTo(-1);
        assertThat(cmp("2020.01.15", "2020.1.16")).isEqualTo(-1);
        assertThat(cmp("007", "7")).isZero();
        assertThat(cmp("99999999999999999999999", "100000000000000000000000")).isEqualTo(-1);
        assertThat(Version.of("1.0").hashCode()).isEqualTo(Version.of("1.0.0").hashCode());
    }

    @Test
    void rejectsBadInput() {
        assertThatThrownBy(() -> Version.of("")).isInstanceOf(PalisadeException.class);
        assertThatThrownBy(() -> Version.of("1.0\n2")).isInstanceOf(PalisadeException.class);
        assertThatThrownBy(() -> Version.of("1".repeat(200))).isInstanceOf(PalisadeException.class);
    }

    @Provide
    Arbitrary<String> dotted() {
        return Arbitraries.integers().between(0, 30).list().ofMinSize(1).ofMaxSize(5)
                .map(l -> String.join(".", l.stream().map(String::valueOf).toList()));
    }

    @Provide
    Arbitrary<String> semver() {
        Arbitrary<String> core = Arbitraries.integers().between(0, 12).list().ofSize(3)
                .map(l -> l.get(0) + "." + l.get(1) + "." + l.get(2));
        Arbitrary<String> pre = Arbitraries.of("", "-alpha", "-alpha.1", "-beta.2", "-rc.1", "-rc.10", "-0.3.7", "-x.7.z.92");
        return net.jqwik.api.Combinators.combine(core, pre).as((c, p) -> c + p);
    }

    @Provide
    Arbitrary<String> vendor() {
        return Arbitraries.strings().withChars("0123456789.-_ abcrsSPVv").ofMinLength(1).ofMaxLength(12)
                .filter(s -> !s.isBlank());
    }

    @Property(tries = 300)
    void dottedOrderIsTotal(@ForAll("dotted") String a, @ForAll("dotted") String b, @ForAll("dotted") String c) {
        checkTotalOrder(a, b, c);
    }

    @Property(tries = 300)
    void semverOrderIsTotal(@ForAll("semver") String a, @ForAll("semver") String b, @ForAll("semver") String c) {
        checkTotalOrder(a, b, c);
    }

    @Property(tries = 300)
    void genericOrderIsTotal(@ForAll("vendor") String a, @ForAll("vendor") String b, @ForAll("vendor") String c) {
        checkTotalOrder(a, b, c);
    }

    static void checkTotalOrder(String a, String b, String c) {
        assertThat(cmp(a, a)).isZero();
        assertThat(cmp(a, b)).isEqualTo(-cmp(b, a));
        if (cmp(a, b) <= 0 && cmp(b, c) <= 0) {
            assertThat(cmp(a, c)).isLessThanOrEqualTo(0);
        }
        if (cmp(a, b) == 0) {
            assertThat(Version.of(a)).isEqualTo(Version.of(b));
            assertThat(Version.of(a).hashCode()).isEqualTo(Version.of(b).hashCode());
        }
    }

    @Property(tries = 500)
    void arbitraryStringsOnlyFailCleanly(@ForAll @StringLength(max = 300) String s) {
        try {
            Version v = Version.of(s);
            assertThat(v.compareTo(Version.of("1.0"))).isBetween(-1_000_000, 1_000_000);
        } catch (PalisadeException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }
}
