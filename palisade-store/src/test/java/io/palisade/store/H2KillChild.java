package io.palisade.store;

import io.palisade.core.audit.AuditLog;
import io.palisade.core.device.DeviceId;
import io.palisade.core.device.DeviceModel;
import io.palisade.core.device.RiskProfile;
import io.palisade.core.telemetry.TelemetryRecord;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;

/** Child process for {@link H2KillTest}: commits some data, says so, then waits to be killed with SIGKILL. */
public final class H2KillChild {
    private H2KillChild() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        JdbcStore store = JdbcStore.h2(Path.of(args[0]));
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        store.transaction(r -> {
            r.models().insert(new DeviceModel("survivor", "Acme", YearMonth.of(2030, 1), null, RiskProfile.CONSUMER, at));
            return AuditLog.append(r.audit(), at, "admin", "model.created", "model:survivor", "");
        });
        store.telemetry().append(new TelemetryRecord(0, DeviceId.of("d1"), at, "telemetry", "{\"last\":true}"));
        out.println("COMMITTED");
        Thread.sleep(120_000);
        store.close();
    }
}
