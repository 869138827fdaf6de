package io.palisade.conformity;

import static org.assertj.core.api.Assertions.assertThat;

import io.palisade.conformity.assess.AssessmentRequest;
import io.palisade.conformity.assess.AssessmentResult;
import io.palisade.conformity.evidence.CredentialAggregator;
import io.palisade.conformity.evidence.CredentialAggregator.DeviceCredentialRow;
import io.palisade.conformity.evidence.Facts.CredentialFacts;
import io.palisade.conformity.evidence.StaticPlatformFacts;
import io.palisade.conformity.evidence.Verdict;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Benchmark-style run: a 1,000,000-device fleet of synthetic store rows, aggregated and assessed. No timing asserts. */
@Timeout(120)
class FleetScaleTest {
    private static final Logger LOG = LoggerFactory.getLogger(FleetScaleTest.class);
    static final int DEVICES = 1_000_000;

    /** Synthetic rows generated on the fly (never stored): devices 17 and 999_983 share a key. */
    static Iterable<DeviceCredentialRow> rows(Instant now) {
        Instant nb = now.minus(Duration.ofDays(30));
        Instant na = nb.plus(Duration.ofDays(365));
        return () -> new Iterator<>() {
            int i = 0;

            @Override
            public boolean hasNext() {
                return i < DEVICES;
            }

            @Override
            public DeviceCredentialRow next() {
                int n = i++;
                int keyOf = n == 999_983 ? 17 : n;
                String fp = String.format("%016x%048x", mix(keyOf), keyOf);
                return new DeviceCredentialRow("dev-" + n, n % 2 == 0 ? "cam-3" : "plug-1", fp, nb, na);
            }
        };
    }

    static long mix(long x) {
        x += 0x9E3779B97F4A7C15L;
        x = (x ^ (x >>> 30)) * 0xBF58476D1CE4E5B9L;
        return x ^ (x >>> 31);
    }

    @Test
    void millionDeviceFleet() {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            p.resetPeakUsage();
        }
        long t0 = System.nanoTime();
        CredentialFacts creds = CredentialAggregator.aggregate(rows(Fleets.NOW), Optional.empty(), Fleets.NOW, Fleets.p("credentials"));
        long t1 = System.nanoTime();
        StaticPlatformFacts base = Fleets.compliant();
        StaticPlatformFacts facts = new StaticPlatformFacts(base.now(), creds, Map.of(), base.listeners(), base.authorization(),
                base.defaultCredentials(), base.updateRepository(), base.models(), base.disclosure(), base.vulnHandling(),
                base.auditLog(), base.dataProtection(), base.sbom(), base.monitoring(), base.payloadValidation());
        AssessmentResult res = KnownFleetsTest.ASSESSOR.assess(AssessmentRequest.of("consumer"), facts, List.of());
        long t2 = System.nanoTime();
        long peak = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        LOG.info("1,000,000 devices: aggregate {} ms, assess {} ms, heap peak (sum of pool peaks) {} MiB",
                (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, peak / (1024 * 1024));

        assertThat(creds.devices()).isEqualTo(DEVICES);
        assertThat(creds.distinctKeys()).isEqualTo(DEVICES - 1);
        assertThat(creds.sharedKeyGroups()).isEqualTo(1);
        assertThat(creds.devicesOnSharedKeys()).isEqualTo(2);
        assertThat(creds.examples().get(0).deviceIds()).containsExactly("dev-17", "dev-999983");
        assertThat(creds.maxLifetimeDays()).isEqualTo(365);
        assertThat(res.find("etsi-en-303-645:5.4-4").orElseThrow().verdict()).isEqualTo(Verdict.FAIL);
        CredentialFacts cams = CredentialAggregator.aggregate(rows(Fleets.NOW), Optional.of("plug-1"), Fleets.NOW, Fleets.p("c"));
        assertThat(cams.devices()).isEqualTo(DEVICES / 2);
        assertThat(cams.sharedKeyGroups()).isEqualTo(1);
    }
}
