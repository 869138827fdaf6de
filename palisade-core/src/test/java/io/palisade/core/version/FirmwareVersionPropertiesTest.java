package io.palisade.core.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;

class FirmwareVersionPropertiesTest {

    @Provide
    Arbitrary<FirmwareVersion> versions() {
        // small numbers and trailing/leading zeros so that equal-but-differently-written versions are frequent
        Arbitrary<String> component = Arbitraries.oneOf(Arbitraries.integers().between(0, 3).map(String::valueOf),
                Arbitraries.of("0", "00", "01", "10", "999999999"));
        return component.list().ofMinSize(1).ofMaxSize(FirmwareVersion.MAX_COMPONENTS)
                .map(l -> String.join(".", l)).map(FirmwareVersion::parse);
    }

    @Property
    void orderIsAntisymmetricAndConsistentWithEquals(@ForAll("versions") FirmwareVersion a,
            @ForAll("versions") FirmwareVersion b) {
        assertThat(Integer.signum(a.compareTo(b))).isEqualTo(-Integer.signum(b.compareTo(a)));
        assertThat(a.compareTo(b) == 0).isEqualTo(a.equals(b));
        if (a.equals(b)) {
            assertThat(a.hashCode()).isEqualTo(b.hashCode());
        }
    }

    @Property
    void orderIsTransitive(@ForAll("versions") FirmwareVersion a, @ForAll("versions") FirmwareVersion b,
            @ForAll("versions") FirmwareVersion c) {
        List<FirmwareVersion> sorted = List.of(a, b, c).stream().sorted().collect(Collectors.toList());
        assertThat(sorted.get(0).compareTo(sorted.get(1))).isNotPositive();
        assertThat(sorted.get(1).compareTo(sorted.get(2))).isNotPositive();
        assertThat(sorted.get(0).compareTo(sorted.get(2))).isNotPositive();
        if (a.compareTo(b) <= 0 && b.compareTo(c) <= 0) {
            assertThat(a.compareTo(c)).isNotPositive();
        }
    }

    @Property
    void parseOfToStringRoundTrips(@ForAll("versions") FirmwareVersion v) {
        FirmwareVersion again = FirmwareVersion.parse(v.toString());
        assertThat(again).isEqualTo(v);
        assertThat(again.text()).isEqualTo(v.text());
        assertThat(FirmwareVersion.parseLenient("v" + v)).isEqualTo(v);
    }

    @Property
    void trailingZerosDoNotMatter(@ForAll("versions") FirmwareVersion v) {
        if (v.components().length < FirmwareVersion.MAX_COMPONENTS) {
            assertThat(FirmwareVersion.parse(v + ".0")).isEqualTo(v).hasSameHashCodeAs(v);
        }
    }

    @Property
    void malformedInputIsRejectedWithAClearMessage(@ForAll @StringLength(max = 100) String s) {
        if (FirmwareVersion.isValid(s)) {
            assertThat(FirmwareVersion.parse(s).text()).isEqualTo(s);
            return;
        }
        assertThatThrownBy(() -> FirmwareVersion.parse(s)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a dotted numeric version (e.g. 1.4.2): '");
        assertThat(FirmwareVersion.tryParse(s)).isEmpty();
    }

    @Property
    void junkAroundAValidVersionIsRejected(@ForAll("versions") FirmwareVersion v,
            @ForAll("junk") String junk) {
        for (String bad : List.of(junk + v, v + junk, v + "." , "." + v, v + ".." + v)) {
            assertThatThrownBy(() -> FirmwareVersion.parse(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not a dotted numeric version");
        }
    }

    @Provide
    Arbitrary<String> junk() {
        return Arbitraries.of("-rc1", " ", "a", "+build", "\n", "\u0663", "x", "-", "/");
    }

    @Example
    void boundsAreEnforced() {
        assertThat(FirmwareVersion.isValid("1.2.3.4.5.6.7.8")).isTrue();
        assertThat(FirmwareVersion.isValid("1.2.3.4.5.6.7.8.9")).isFalse();
        assertThat(FirmwareVersion.isValid("999999999")).isTrue();
        assertThat(FirmwareVersion.isValid("1000000000")).isFalse();
        assertThat(FirmwareVersion.isValid("")).isFalse();
        assertThat(FirmwareVersion.isValid(null)).isFalse();
        assertThatThrownBy(() -> FirmwareVersion.parse("1".repeat(10_000)))
                .hasMessageEndingWith("...'").hasMessageStartingWith("not a dotted numeric version");
        assertThatThrownBy(() -> FirmwareVersion.parse(null)).isInstanceOf(NullPointerException.class);
    }

    @Example
    void ordersNumerically() {
        assertThat(FirmwareVersion.parse("1.10").isNewerThan(FirmwareVersion.parse("1.9.9"))).isTrue();
        assertThat(FirmwareVersion.parse("01.2")).isEqualTo(FirmwareVersion.parse("1.2.0"));
        assertThat(FirmwareVersion.parse("2").isOlderThan(FirmwareVersion.parse("2.0.1"))).isTrue();
    }

    @Property
    void rangeBoundsBehaveLikeComparisons(@ForAll("versions") FirmwareVersion v, @ForAll("versions") FirmwareVersion bound) {
        int c = v.compareTo(bound);
        assertThat(FirmwareRange.parse(">=" + bound).contains(v)).isEqualTo(c >= 0);
        assertThat(FirmwareRange.parse(">" + bound).contains(v)).isEqualTo(c > 0);
        assertThat(FirmwareRange.parse("<=" + bound).contains(v)).isEqualTo(c <= 0);
        assertThat(FirmwareRange.parse("<" + bound).contains(v)).isEqualTo(c < 0);
        assertThat(FirmwareRange.parse(" " + bound + " ").contains(v)).isEqualTo(c == 0);
        assertThat(FirmwareRange.parse("!=" + bound).contains(v)).isEqualTo(c != 0);
        assertThat(FirmwareRange.parse("*").contains(v)).isTrue();
        assertThat(FirmwareRange.parseLenient(">=v" + bound).contains(v)).isEqualTo(c >= 0);
    }

    @Example
    void malformedRangesAreRejected() {
        for (String bad : List.of(">=1.0,,<2", "~1.0", "", ">=", "1.0,", "=>1", "<1.x", "v1.0")) {
            assertThatThrownBy(() -> FirmwareRange.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> FirmwareRange.parse("1,".repeat(16) + "1")).hasMessageContaining("more than 16");
        assertThatThrownBy(() -> FirmwareRange.parse("1".repeat(300))).hasMessageContaining("longer than 256");
        assertThat(FirmwareRange.parseLenient("<v1.4.2").contains(FirmwareVersion.parse("1.4.1"))).isTrue();
    }
}
