package io.palisade.server.conformity;

import com.fasterxml.jackson.databind.JsonNode;
import io.palisade.conformity.catalog.ProfileParameters.VulnClocks;
import io.palisade.conformity.definition.IotTraits;
import io.palisade.conformity.evidence.Facts;
import io.palisade.conformity.evidence.Facts.AuditLogFacts;
import io.palisade.conformity.evidence.Facts.AuthorizationFacts;
import io.palisade.conformity.evidence.Facts.CredentialFacts;
import io.palisade.conformity.evidence.Facts.DataProtectionFacts;
import io.palisade.conformity.evidence.Facts.DefaultCredentialFacts;
import io.palisade.conformity.evidence.Facts.DisclosureFacts;
import io.palisade.conformity.evidence.Facts.ListenerFacts;
import io.palisade.conformity.evidence.Facts.ModelFacts;
import io.palisade.conformity.evidence.Facts.ModelInventory;
import io.palisade.conformity.evidence.Facts.MonitoringFacts;
import io.palisade.conformity.evidence.Facts.OverdueStep;
import io.palisade.conformity.evidence.Facts.PayloadValidationFacts;
import io.palisade.conformity.evidence.Facts.SbomFacts;
import io.palisade.conformity.evidence.Facts.UpdateRepositoryFacts;
import io.palisade.conformity.evidence.Facts.VulnHandlingFacts;
import io.palisade.conformity.evidence.PlatformFacts;
import io.palisade.conformity.evidence.Provenance;
import io.palisade.core.audit.AuditEvent;
import io.palisade.core.audit.AuditLog;
import io.palisade.core.device.DeviceModel;
import io.palisade.core.store.CertificateRepository;
import io.palisade.server.PalisadeServer;
import io.palisade.server.support.Records;
import io.palisade.server.config.PlatformContext;
import io.palisade.server.vuln.DisclosureConfig;
import io.palisade.server.vuln.RecordCaseStore;
import io.palisade.server.vuln.VulnService;
import io.palisade.tuf.repo.RepoStatus;
import io.palisade.vuln.disclosure.CraClock;
import io.palisade.vuln.disclosure.DisclosurePolicy;
import io.palisade.vuln.disclosure.VulnCase;
import java.nio.file.Files;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@link PlatformFacts} read from the running platform: the store (aggregates), the configuration, the listeners
 * as they run, the update repository, the disclosure policy and the vulnerability cases. Where the platform cannot
 * show a property, the fact says so (false / not configured) and the provenance says why.
 */
public final class LivePlatformFacts implements PlatformFacts {
    /** Records holding a model's declared traits (for the IoT-device definition and the placing-on-market month). */
    public static final String TRAITS_KIND = "model-traits";
    static final String MUD_KIND = "mud-profile";
    static final String FIRMWARE_KIND = "firmware";
    static final String SBOM_KIND = "sbom";

    /** The stored traits of a model: the NIST IR 8259 traits plus the month the model was first placed on the market. */
    public record ModelTraits(IotTraits traits, YearMonth placedOnMarket) {
    }

    private final PlatformContext ctx;
    private final DisclosureConfig disclosure;
    private final RecordCaseStore cases;
    private final VulnService vuln;
    private final Instant now;
    /** One assessment asks for the credential facts of a scope from several collectors; the store aggregates once. */
    private final Map<Optional<String>, CredentialFacts> credentials = new java.util.concurrent.ConcurrentHashMap<>();

    public LivePlatformFacts(PlatformContext ctx, DisclosureConfig disclosure, RecordCaseStore cases, VulnService vuln) {
        this.ctx = ctx;
        this.disclosure = disclosure;
        this.cases = cases;
        this.vuln = vuln;
        this.now = ctx.clock().instant();
    }

    private Provenance p(String source, String recheck) {
        return new Provenance(source, recheck, ctx.clock().instant());
    }

    @Override
    public Instant now() {
        return now;
    }

    /**
     * Credential uniqueness over the devices that hold an identity (enrolled, active, quarantined) and their
     * certificates valid now, aggregated by the store ({@code CertificateRepository.keyStats}: GROUP BY key
     * fingerprint and device, no certificate is read into memory), for the fleet or one model; computed once per
     * scope for the lifetime of this object (one assessment).
     */
    @Override
    public CredentialFacts credentials(Optional<String> model) {
        return credentials.computeIfAbsent(model, this::aggregateCredentials);
    }

    private CredentialFacts aggregateCredentials(Optional<String> model) {
        CertificateRepository.KeyStats k = ctx.store().read(r -> r.certificates().keyStats(model, now));
        List<Facts.SharedKeyExample> examples = k.examples().stream().map(e -> new Facts.SharedKeyExample(e.keyFingerprint(), e.devices(),
                e.exampleDevices().stream().map(d -> d.value()).toList())).toList();
        return new CredentialFacts(k.devices(), k.devicesWithValidCert(), k.distinctKeys(), k.sharedKeyGroups(), k.devicesOnSharedKeys(),
                examples, (k.maxLifetimeSeconds() + 86_399) / 86_400, k.expiredInUse(), p("store: devices (enrolled, active, quarantined)"
                        + " and their certificates valid now (not revoked, inside the validity period), aggregated by key fingerprint in the"
                        + " database; key = SHA-256 of the SubjectPublicKeyInfo", "palisade device show --id <id>; palisade audit run (key-shared)"));
    }

    @Override
    public ListenerFacts listeners() {
        List<Facts.Listener> out = new ArrayList<>();
        for (PlatformContext.Listener l : ctx.listeners()) {
            boolean api = l.name().equals("https-api") || l.name().equals("local-http");
            // API: bearer token on every route except health, EST (own auth), CRL/OCSP and the published disclosure documents;
            // MQTT: mutual TLS with a device certificate checked against the registry on every connect.
            out.add(new Facts.Listener(l.name() + "@" + l.bindAddress(), l.protocol(), l.port(), l.tls(), l.clientAuth(),
                    api || l.clientAuth(), l.tls() ? "TLSv1.2" : null, false, "127.0.0.1".equals(l.bindAddress()) || "::1".equals(l.bindAddress())));
        }
        return new ListenerFacts(out, p("runtime: the connectors the server opened (HTTPS and MQTT accept TLSv1.3 and TLSv1.2; the local"
                + " HTTP listener is plaintext bound to 127.0.0.1 for the CLI)", "palisade-data/server.json; ss -tlnp"));
    }

    @Override
    public AuthorizationFacts authorization() {
        return new AuthorizationFacts(true, 0, true, List.of(), p("code: palisade-edge TopicPolicy (wire contract docs/WIRE.md) refuses"
                + " every topic a device is not granted, per device id; API: every route needs a bearer token unless listed public."
                + " Failed API authentications are audited and counted (palisade_api_auth_failures); after 10 failures in a minute on the HTTPS listener an"
                + " address is refused (429) for the rest of the minute; tokens are 256-bit random secrets",
                "GET /metrics palisade_api_auth_failures_total; palisade audit list"));
    }

    @Override
    public DefaultCredentialFacts defaultCredentials() {
        boolean tokenFile = Files.exists(ctx.dataDir().resolve(PalisadeServer.ADMIN_TOKEN_FILE));
        boolean adminHashed = ctx.store().read(r -> r.apiTokens().list().stream().anyMatch(t -> t.id().equals("admin")));
        List<String> findings = new ArrayList<>();
        boolean serviceDefault;
        if (ctx.config().dbUrl() == null) {
            serviceDefault = !Files.exists(ctx.dataDir().resolve(PalisadeServer.DB_PASSWORD_FILE));
            findings.add(serviceDefault ? "embedded H2 database was created with H2's default user 'sa' and an empty password (a data"
                    + " directory from before per-install database passwords); it opens no network listener"
                    : "embedded H2 database has its own user and a random per-install password (data/secrets/db.password, 0600);"
                    + " it opens no network listener");
        } else {
            String pw = ctx.config().secrets().dbPassword();
            serviceDefault = pw == null || pw.isBlank() || Set.of("postgres", "password", "palisade", "admin").contains(pw);
            findings.add(serviceDefault ? "PostgreSQL password is empty or a well-known default" : "PostgreSQL password set from the environment");
        }
        findings.add("admin API token generated on first start (data/admin.token 0600), only its hash stored: " + (tokenFile && adminHashed));
        return new DefaultCredentialFacts(false, 0, tokenFile && adminHashed, serviceDefault, findings,
                p("store: api_tokens (hashes); config: database URL; data/admin.token", "ls -l <data-dir>/admin.token; palisade assess --format json"));
    }

    @Override
    public UpdateRepositoryFacts updateRepository() {
        Optional<RepoStatus> s = ctx.updateRepository().get();
        if (s.isEmpty()) {
            return new UpdateRepositoryFacts(false, 0, 0, null, null, null, null, false,
                    p("update repository: not initialized on this server", "palisade firmware status"));
        }
        RepoStatus r = s.get();
        return new UpdateRepositoryFacts(true, threshold(r, "root"), threshold(r, "targets"), expires(r, "root"), expires(r, "targets"),
                expires(r, "snapshot"), expires(r, "timestamp"), true,
                p("update repository (TUF) status; agents verify every role's signatures and thresholds before installing", "palisade firmware status"));
    }

    private static int threshold(RepoStatus r, String role) {
        return r.roles().stream().filter(x -> x.role().equals(role)).findFirst().map(RepoStatus.RoleStatus::threshold).orElse(0);
    }

    private static Instant expires(RepoStatus r, String role) {
        return r.roles().stream().filter(x -> x.role().equals(role)).findFirst().map(RepoStatus.RoleStatus::expires).orElse(null);
    }

    @Override
    public ModelInventory models() {
        Map<String, Long> devices = vuln.devicesPerModel();
        boolean published = disclosure.configured().isPresent();
        List<ModelFacts> out = new ArrayList<>();
        for (DeviceModel m : ctx.registry().models()) {
            boolean mudValid = ctx.store().read(r -> r.records().list(MUD_KIND, m.name() + "/", 100_000)).stream()
                    .reduce((a, b) -> b).map(x -> "valid".equals(Records.read(x.body(), JsonNode.class).path("summary").path("signature").asText()))
                    .orElse(false);
            ModelTraits t = traits(m.name()).orElse(null);
            out.add(new ModelFacts(m.name(), m.manufacturer(), m.supportUntil(), published, t == null ? null : t.placedOnMarket(), m.mudUrl(),
                    mudValid, m.profile().label(), t == null ? null : t.traits(), devices.getOrDefault(m.name(), 0L)));
        }
        return new ModelInventory(out, p("store: models, device counts per model (GROUP BY), mud-profile and model-traits records;"
                + " support periods are published with the disclosure policy", "palisade model list; palisade vuln eol"));
    }

    Optional<ModelTraits> traits(String model) {
        return ctx.store().read(r -> r.records().find(TRAITS_KIND, model)).map(x -> Records.read(x.body(), ModelTraits.class));
    }

    @Override
    public DisclosureFacts disclosure() {
        Optional<DisclosurePolicy> pol = disclosure.published();
        String wellKnown = "https://" + ctx.config().publicHost() + httpsPort() + "/.well-known/";
        Provenance prov = p("config: " + disclosure.file() + ", published at " + wellKnown + "security.txt and "
                + wellKnown + "vulnerability-disclosure-policy", "curl " + wellKnown + "security.txt");
        if (pol.isEmpty()) {
            return new DisclosureFacts(false, null, false, null, false, false, null, null, prov);
        }
        DisclosurePolicy d = pol.get();
        String url = d.policy() != null ? d.policy().toString() : wellKnown + "vulnerability-disclosure-policy";
        return new DisclosureFacts(true, url, !d.contacts().isEmpty(), d.acknowledgeWithinDays(), d.statusUpdateEveryDays() > 0, true,
                d.expires(), d.contacts().isEmpty() ? null : d.contacts().get(0).toString(), prov);
    }

    private String httpsPort() {
        return ctx.listeners().stream().filter(l -> l.name().equals("https-api")).findFirst().map(l -> ":" + l.port()).orElse("");
    }

    @Override
    public VulnHandlingFacts vulnHandling(VulnClocks clocks) {
        List<VulnCase> open = cases.open();
        List<OverdueStep> overdue = new ArrayList<>();
        long exploited = 0;
        long count = 0;
        for (VulnCase c : open) {
            c.dueDates().forEach((stage, at) -> {
                if (stage.ordinal() > c.stage().ordinal() && now.isAfter(at)) {
                    overdue.add(new OverdueStep(c.trackingId(), "reach " + stage.name().toLowerCase(java.util.Locale.ROOT), at));
                }
            });
            if (c.cra().isPresent()) {
                exploited++;
                CraClock k = c.cra().get();
                step(overdue, c, "early-warning", k.awareAt().plus(clocks.earlyWarning()), k.earlyWarningSentAt());
                step(overdue, c, "notification", k.awareAt().plus(clocks.notification()), k.notificationSentAt());
                if (k.fixAvailableAt() != null) {
                    step(overdue, c, "final-report", k.fixAvailableAt().plus(clocks.finalReport()), k.finalReportSentAt());
                }
            }
        }
        count = overdue.size();
        return new VulnHandlingFacts(true, open.size(), exploited, count, overdue.subList(0, (int) Math.min(Facts.MAX_EXAMPLES, count)),
                vuln.unfixedExploitable(), p("store: vuln-case records (acknowledged automatically at intake with a tracking id),"
                        + " CRA clocks of cases flagged actively exploited; advisories matched against the fleet's firmware",
                        "palisade vuln cases; palisade vuln exposure"));
    }

    private void step(List<OverdueStep> out, VulnCase c, String step, Instant due, Instant sent) {
        if (sent == null && now.isAfter(due)) {
            out.add(new OverdueStep(c.trackingId(), step, due));
        }
    }

    @Override
    public AuditLogFacts auditLog() {
        AuditLog.Verification v = ctx.store().read(r -> AuditLog.verify(r.audit()));
        Instant last = ctx.store().read(r -> r.audit().last()).map(AuditEvent::at).orElse(null);
        return new AuditLogFacts(true, v.intact(), v.entries(), v.firstBadSeq(), last, true,
                p("store: audit log, every hash recomputed from the first entry (" + v.message() + ")", "palisade audit verify"));
    }

    @Override
    public DataProtectionFacts dataProtection() {
        return new DataProtectionFacts(false, true, true, 0, false, p("platform capabilities: decommission revokes a device's identity"
                + " but no wipe / factory-reset command exists on the device side; a device's stored messages are erased on request"
                + " (POST /api/v1/devices/{id}/erase-data, palisade device erase; audited);"
                + " telemetry is exportable (GET /api/v1/devices/{id}/telemetry); CA keys are encrypted (PKCS#8) and API tokens"
                + " hashed, but the database (owner names, telemetry) is not encrypted at rest", "palisade device erase --help"));
    }

    @Override
    public SbomFacts sbom() {
        List<String> images = ctx.store().read(r -> r.records().list(FIRMWARE_KIND, "", 1_000_000)).stream().map(x -> x.id()).toList();
        Set<String> withSbom = new HashSet<>(ctx.store().read(r -> r.records().list(SBOM_KIND, "", 1_000_000)).stream().map(x -> x.id()).toList());
        List<String> missing = images.stream().filter(i -> !withSbom.contains(i)).limit(Facts.MAX_EXAMPLES).toList();
        long with = images.stream().filter(withSbom::contains).count();
        return new SbomFacts(images.size(), with, missing, p("store: published firmware records and sbom records (<model>/<version>)",
                "palisade firmware sbom --model M --version V --file bom.json"));
    }

    @Override
    public MonitoringFacts monitoring() {
        long rules = ctx.store().read(r -> r.records().count("security-profile"));
        return new MonitoringFacts(true, true, rules, null, p("platform: behaviour detection on device metrics and MUD flow verdicts"
                + " always on; active rules = stored security profiles", "palisade detect profile list"));
    }

    @Override
    public PayloadValidationFacts payloadValidation() {
        long with = 0;
        long without = 0;
        for (DeviceModel m : ctx.registry().models()) {
            if (ctx.registry().telemetrySchema(m.name()).isPresent()) {
                with++;
            } else {
                without++;
            }
        }
        return new PayloadValidationFacts(true, with, without, ctx.config().maxPacketBytes(), p("edge inspection: packet size limit,"
                + " JSON objects only on stored channels, per-model telemetry schema (one telemetry topic per model counted)",
                "palisade model schema --name M --show"));
    }
}
