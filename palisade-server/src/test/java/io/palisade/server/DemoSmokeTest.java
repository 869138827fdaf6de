package io.palisade.server;

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
    void demoRunsOnTheLauncherClasspath() throws Exception {
        Path target = Path.of("target").toAbsolutePath();
        assertThat(target.resolve("lib")).as("copy-dependencies runs before the tests").isDirectory();
        String cp = target.resolve("classes") + File.pathSeparator + target.resolve("lib") + File.separator + "*";
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-cp", cp, "io.palisade.server.cli.Main", "demo", "--data-dir", tmp.resolve("data").toString(),
                "--https-port", "0", "--http-port", "0", "--mqtt-port", "0", "--devices", "1", "--duration", "25s")
                .redirectOutput(tmp.resolve("out.txt").toFile()).redirectError(tmp.resolve("err.txt").toFile()).start();
        boolean done = p.waitFor(150, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        String out = Files.readString(tmp.resolve("out.txt"));
        String err = Files.readString(tmp.resolve("err.txt"));
        assertThat(done).as("demo stopped by itself; stderr:\n" + err).isTrue();
        assertThat(p.exitValue()).as(err).isZero();
        assertThat(out).contains("Palisade demo: 3 simulated devices", "admin token", "./palisade device list");
        assertThat(err).contains("fleet stopped: 3 enrolled, 3 connected").contains(" 0 errors").doesNotContain("NoClassDefFoundError");
        assertThat(out + err).doesNotContain(Files.readString(tmp.resolve("data").resolve("admin.token")).trim());
    }
}
