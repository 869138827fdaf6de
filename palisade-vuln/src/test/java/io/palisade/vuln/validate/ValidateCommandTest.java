package io.palisade.vuln.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.palisade.vuln.TestFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class ValidateCommandTest {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    final ValidateCommand cmd = new ValidateCommand(new Validator());

    int run(String... args) {
        return cmd.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void validFileExitsZero() {
        assertThat(run(TestFiles.path("csaf/csaf_2.0/examples/csaf/bsi-2022-0001.json").toString())).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("valid CSAF 2.0");
    }

    @Test
    void invalidFileListsRuleIds(@TempDir Path dir) throws IOException {
        String doc = CsafMandatoryTestsTest.BASE.replace("\"version\":\"2\"", "\"version\":\"1\"").replace("\"Test advisory\"", "\"\"");
        Path f = Files.writeString(dir.resolve("bad.json"), doc);
        assertThat(run(f.toString())).isEqualTo(1);
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("6.1.16").contains("schema").contains("failed rules: 6.1.16 schema");
    }

    @Test
    void usageAndMissingFile() {
        assertThat(run()).isEqualTo(2);
        assertThat(run("/nonexistent/file.json")).isEqualTo(2);
    }

    @Test
    void cycloneDxSchemaErrorsAreFound() {
        String bom = new String(TestFiles.bytes("sbom/cyclonedx-bom-examples/VEX/vex.json"), StandardCharsets.UTF_8)
                .replaceFirst("\"specVersion\": \"1.4\"", "\"specVersion\": \"1.4\", \"bogusTopLevel\": 1");
        ValidationReport r = new Validator().validate(bom.getBytes(StandardCharsets.UTF_8));
        assertThat(r.failedRules()).containsExactly("schema");
        String osv = "{\"id\":\"X-1\",\"modified\":\"not a date\",\"affected\":[{\"ranges\":[{\"type\":\"NOPE\",\"events\":[]}]}]}";
        assertThat(new Validator().validate(osv.getBytes(StandardCharsets.UTF_8)).failedRules()).containsExactly("schema");
        String cvss = CsafMandatoryTestsTest.BASE.replace("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "CVSS:3.1/AV:Q");
        assertThat(new Validator().validate(cvss.getBytes(StandardCharsets.UTF_8)).failedRules()).contains("schema", "6.1.8");
    }
}
