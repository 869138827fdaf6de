package io.palisade.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `palisade demo` in a child JVM on exactly the launcher's runtime classpath (target/classes + target/lib, no test
 * dependencies): the fleet enrolls, connects and streams, and the demo stops by itself.
 */
class DemoSmokeTest {
    @TempDir
    Path tmp;

    @Test
    @org.junit.jupiter.api.Timeout(300)
    void demoRunsOnTheLauncherClasspath() throws Exception {
        Path target = Path.of("target").toAbsolutePath();
        assertThat(target.resolve("lib")).as("copy-dependencies runs before the tests").isDirectory();
        String cp = target.resolve("classes") + File.pathSeparator + target.resolve("lib") + File.separator + "*";
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-cp", cp, "io.palisade.cli.Main", "demo", "--data-dir", tmp.resolve("data").toString(),
                "--https-port", "0", "--http-port", "0", "--mqtt-port", "0", "--devices", "1", "--duration", "80s")
                .redirectOutput(tmp.resolve("out.txt").toFile()).redirectError(tmp.resolve("err.txt").toFile()).start();
        boolean done = p.waitFor(240, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        String out = Files.readString(tmp.resolve("out.txt"));
        String err = Files.readString(tmp.resolve("err.txt"));
        assertThat(done).as("demo stopped by itself; stderr:\n" + err).isTrue();
        assertThat(p.exitValue()).as(err).isZero();
        assertThat(out).contains("Palisade demo: 3 simulated devices", "admin token", "./palisade device list");
        // the story: MUD violation -> quarantine, advisory -> exposure, virtual patch, signed rollout, retirement, conformity
        assertThat(out).contains("[story] 2/6 MUD", "signature valid", "cam-0001 is QUARANTINED")
                .contains("[story] 3/6 a CSAF 2.0 advisory arrives").contains("acme-plug")
                .contains("[story] 4/6 virtual patch VP-CVE-2026-31337 is on for 1 vulnerable plugs", "(HTTP 403)")
                .contains("[story] 5/6 the fixed firmware 1.4.2 is published", ": completed, 1 succeeded, 0 failed")
                .contains("virtual patch retired for 1 of 1 plugs")
                .contains("[story] 6/6 conformity, consumer profile")
                .doesNotContain("exceeds the profile maximum", "no security.txt is published", "no vulnerability disclosure policy");
        assertThat(err).contains("fleet stopped: 3 enrolled, 3 connected").contains(" 0 errors").doesNotContain("NoClassDefFoundError");
        assertThat(out + err).doesNotContain(Files.readString(tmp.resolve("data").resolve("admin.token")).trim());
    }
}
