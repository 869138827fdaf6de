package io.palisade.vuln.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.palisade.vuln.TestFiles;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CorpusValidationTest {
    static final Validator VALIDATOR = new Validator();

    static Stream<Path> csafExamples() {
        return TestFiles.json("csaf/csaf_2.0/examples/csaf").stream();
    }

    static Stream<Path> osvValid() {
        return Stream.concat(TestFiles.json("osv/osv-schema/tools/ghsa/testdata").stream().filter(p -> p.toString().endsWith(".osv.json")),
                TestFiles.json("osv/osv-schema/tools/redhat/testdata/OSV").stream());
    }

    static Stream<Path> cyclonedx() {
        return TestFiles.json("sbom/cyclonedx-bom-examples").stream();
    }

    static Stream<Path> spdx() {
        return Stream.concat(TestFiles.json("sbom/spdx-examples").stream(), TestFiles.json("sbom/spdx-spec-examples").stream())
                .filter(p -> !p.toString().contains("spdx2.2"));
    }

    @ParameterizedTest
    @MethodSource("csafExamples")
    void csafExamplesPass(Path p) {
        ValidationReport r = VALIDATOR.validate(p);
        assertThat(r.kind()).isEqualTo(DocumentKind.CSAF);
        assertThat(r.findings()).as(p.getFileName().toString()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("osvValid")
    void osvExamplesPass(Path p) {
        ValidationReport r = VALIDATOR.validate(p);
        assertThat(r.kind()).isEqualTo(DocumentKind.OSV);
        assertThat(r.findings()).as(p.getFileName().toString()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("cyclonedx")
    void cycloneDxExamples(Path p) {
        ValidationReport r = VALIDATOR.validate(p);
        assertThat(r.kind()).isEqualTo(DocumentKind.CYCLONEDX);
        assertThat(r.findings()).as(p.toString()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("spdx")
    void spdxExamples(Path p) {
        ValidationReport r = VALIDATOR.validate(p);
        assertThat(r.kind()).isEqualTo(DocumentKind.SPDX);
        assertThat(r.findings()).as(p.toString()).isEmpty();
    }

    static Stream<Path> redHatCsaf() {
        return TestFiles.json("osv/osv-schema/tools/redhat/testdata/CSAF").stream();
    }

    @ParameterizedTest
    @MethodSource("redHatCsaf")
    void redHatCsafFromTheOsvConverterTestData(Path p) {
        ValidationReport r = VALIDATOR.validate(p);
        assertThat(r.kind()).isEqualTo(DocumentKind.CSAF);
        if (p.getFileName().toString().equals("rhsa-2003_315.json")) {
            // a real violation: revision 2 is dated 2003-11-12T00:00 (before revision 1 at 14:16), so sorted by
            // date the numbers run 2, 1, 3 - exactly what 6.1.14 (sorted revision history) forbids
            assertThat(r.failedRules()).containsExactly("6.1.14");
        } else {
            assertThat(r.findings()).as(p.getFileName().toString()).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("osvLinterInputs")
    void osvLinterInputsAreSchemaValid(Path p) {
        ValidationReport r = VALIDATOR.validate(p);
        if (p.getFileName().toString().startsWith("nointroduced-")) {
            // the linter's negative case: a range without an "introduced" event breaks the OSV schema itself
            assertThat(r.failedRules()).containsExactly("schema");
            assertThat(r.findings().get(0).path()).isEqualTo("/affected/0/ranges/0/events");
        } else {
            assertThat(r.findings()).as(p.getFileName().toString()).isEmpty();
        }
    }

    static Stream<Path> osvLinterInputs() {
        return TestFiles.json("osv/osv-schema/tools/osv-linter/testdata").stream();
    }
}
