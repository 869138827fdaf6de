package io.palisade.conformity;

import io.palisade.conformity.definition.IotTraits;
import io.palisade.conformity.evidence.Facts;
import io.palisade.conformity.evidence.Facts.*;
import io.palisade.conformity.evidence.Provenance;
import io.palisade.conformity.evidence.StaticPlatformFacts;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;

/** Fleets whose right verdicts are known. */
public final class Fleets {
    public static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    private Fleets() {
    }

    public static Provenance p(String what) {
        return new Provenance("test: " + what, "palisade conformity facts " + what, NOW);
    }

    public static ModelFacts camera() {
        return new ModelFacts("cam-3", "ACME", YearMonth.of(2031, 12), true, YearMonth.of(2025, 1),
                "https://mud.acme.example/cam-3.json", true, "consumer",
                new IotTraits(2, 0, 1, IotTraits.Operation.STANDALONE, false), 600_000);
    }

    public static ModelFacts plug() {
        return new ModelFacts("plug-1", "ACME", YearMonth.of(2032, 6), true, YearMonth.of(2026, 1),
                "https://mud.acme.example/plug-1.json", true, "consumer",
                new IotTraits(1, 1, 1, IotTraits.Operation.NEEDS_COMPANION, false), 400_000);
    }

    public static CredentialFacts uniqueCredentials(long devices) {
        return new CredentialFacts(devices, devices, devices, 0, 0, List.of(), 365, 0, p("credentials"));
    }

    /** Everything the platform can observe is compliant for every profile. */
    public static StaticPlatformFacts compliant() {
        return new StaticPlatformFacts(NOW, uniqueCredentials(1_000_000), Map.of("cam-3", uniqueCredentials(600_000)),
                new ListenerFacts(List.of(
                        new Listener("mqtt", "mqtt", 8883, true, true, true, "TLSv1.3", false),
                        new Listener("api", "https", 8443, true, false, true, "TLSv1.3", false),
                        new Listener("well-known", "https", 443, true, false, false, "TLSv1.3", true)), p("listeners")),
                new AuthorizationFacts(true, 0, true, List.of(), p("authorization")),
                new DefaultCredentialFacts(true, 0, true, false, List.of(), p("default-credentials")),
                new UpdateRepositoryFacts(true, 3, 3, NOW.plus(Duration.ofDays(300)), NOW.plus(Duration.ofDays(60)),
                        NOW.plus(Duration.ofDays(7)), NOW.plus(Duration.ofDays(2)), true, p("update-repository")),
                new ModelInventory(List.of(camera(), plug()), p("models")),
                new DisclosureFacts(true, "https://acme.example/security/policy", true, 5, true, true,
                        NOW.plus(Duration.ofDays(200)), "mailto:security@acme.example", p("disclosure")),
                new VulnHandlingFacts(true, 3, 0, 0, List.of(), 0, p("vuln-handling")),
                new AuditLogFacts(true, true, 12_345, null, NOW.minusSeconds(30), true, p("audit")),
                new DataProtectionFacts(true, true, true, 0, true, p("data-protection")),
                new SbomFacts(12, 12, List.of(), p("sbom")),
                new MonitoringFacts(true, true, 14, Duration.ofSeconds(2), p("monitoring")),
                new PayloadValidationFacts(true, 6, 0, 65_536, p("payload")));
    }

    public static StaticPlatformFacts sharedKey() {
        StaticPlatformFacts f = compliant();
        CredentialFacts c = new CredentialFacts(1_000_000, 1_000_000, 999_999, 1, 2,
                List.of(new Facts.SharedKeyExample("ab".repeat(32), 2, List.of("cam-000001", "cam-000002"))), 365, 0,
                p("credentials"));
        return new StaticPlatformFacts(f.now(), c, Map.of("cam-3", c), f.listeners(), f.authorization(), f.defaultCredentials(),
                f.updateRepository(), f.models(), f.disclosure(), f.vulnHandling(), f.auditLog(), f.dataProtection(), f.sbom(),
                f.monitoring(), f.payloadValidation());
    }

    public static StaticPlatformFacts pastSupport() {
        StaticPlatformFacts f = compliant();
        ModelFacts old = new ModelFacts("cam-1", "ACME", YearMonth.of(2025, 6), true, YearMonth.of(2019, 1), null, false,
                "consumer", null, 1200);
        return withModels(f, new ModelInventory(List.of(camera(), plug(), old), p("models")));
    }

    public static StaticPlatformFacts withModels(StaticPlatformFacts f, ModelInventory m) {
        return new StaticPlatformFacts(f.now(), f.credentials(), f.credentialsByModel(), f.listeners(), f.authorization(),
                f.defaultCredentials(), f.updateRepository(), m, f.disclosure(), f.vulnHandling(), f.auditLog(),
                f.dataProtection(), f.sbom(), f.monitoring(), f.payloadValidation());
    }

    public static StaticPlatformFacts withDisclosure(StaticPlatformFacts f, DisclosureFacts d) {
        return new StaticPlatformFacts(f.now(), f.credentials(), f.credentialsByModel(), f.listeners(), f.authorization(),
                f.defaultCredentials(), f.updateRepository(), f.models(), d, f.vulnHandling(), f.auditLog(),
                f.dataProtection(), f.sbom(), f.monitoring(), f.payloadValidation());
    }

    public static StaticPlatformFacts noDisclosurePolicy() {
        return withDisclosure(compliant(), new DisclosureFacts(false, null, false, null, false, true,
                NOW.plus(Duration.ofDays(200)), "mailto:security@acme.example", p("disclosure")));
    }

    public static StaticPlatformFacts expiredSecurityTxt() {
        return withDisclosure(compliant(), new DisclosureFacts(true, "https://acme.example/security/policy", true, 5, true, true,
                Instant.parse("2026-10-01T00:00:00Z"), "mailto:security@acme.example", p("disclosure")));
    }

    public static StaticPlatformFacts staleUpdateRepository() {
        StaticPlatformFacts f = compliant();
        UpdateRepositoryFacts u = new UpdateRepositoryFacts(true, 3, 3, NOW.plus(Duration.ofDays(300)),
                NOW.plus(Duration.ofDays(60)), NOW.plus(Duration.ofDays(7)), Instant.parse("2026-11-20T00:00:00Z"), true,
                p("update-repository"));
        return new StaticPlatformFacts(f.now(), f.credentials(), f.credentialsByModel(), f.listeners(), f.authorization(),
                f.defaultCredentials(), u, f.models(), f.disclosure(), f.vulnHandling(), f.auditLog(), f.dataProtection(),
                f.sbom(), f.monitoring(), f.payloadValidation());
    }
}
