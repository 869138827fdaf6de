package io.palisade.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.palisade.core.audit.AuditLog;
import io.palisade.core.device.DeviceId;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Commits in a child JVM, kills it with SIGKILL right after the commits returned, and finds the data again. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class H2KillTest {
    @TempDir
    Path dir;

    @Test
    void committedDataSurvivesKillMinus9() throws Exception {
        Path db = dir.resolve("killed");
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                H2KillChild.class.getName(), db.toString()));
        Process child = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String line;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            while ((line = in.readLine()) != null && !line.equals("COMMITTED")) {
                // skip log output
            }
            assertThat(line).as("child process reported its commit").isEqualTo("COMMITTED");
            child.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no clean close
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }
        try (JdbcStore s = JdbcStore.h2(db)) {
            assertThat(s.read(r -> r.models().find("survivor")).isPresent()).isTrue();
            assertThat(s.read(r -> AuditLog.verify(r.audit())).entries()).isEqualTo(1);
            assertThat(s.telemetry().query(DeviceId.of("d1"), Instant.EPOCH, Instant.parse("2027-01-01T00:00:00Z"), 10)).hasSize(1);
        }
    }
}
