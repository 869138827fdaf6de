package io.palisade.conformity.evidence;

import io.palisade.conformity.catalog.ProfileParameters;
import io.palisade.conformity.evidence.Facts.AuditLogFacts;
import io.palisade.conformity.evidence.Facts.AuthorizationFacts;
import io.palisade.conformity.evidence.Facts.CredentialFacts;
import io.palisade.conformity.evidence.Facts.DataProtectionFacts;
import io.palisade.conformity.evidence.Facts.DefaultCredentialFacts;
import io.palisade.conformity.evidence.Facts.DisclosureFacts;
import io.palisade.conformity.evidence.Facts.Listener;
import io.palisade.conformity.evidence.Facts.ListenerFacts;
import io.palisade.conformity.evidence.Facts.ModelFacts;
import io.palisade.conformity.evidence.Facts.ModelInventory;
import io.palisade.conformity.evidence.Facts.MonitoringFacts;
import io.palisade.conformity.evidence.Facts.PayloadValidationFacts;
import io.palisade.conformity.evidence.Facts.SbomFacts;
import io.palisade.conformity.evidence.Facts.UpdateRepositoryFacts;
import io.palisade.conformity.evidence.Facts.VulnHandlingFacts;
import io.palisade.core.PalisadeException;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The collectors behind the bundled catalog. Each reads aggregated facts, compares them with the risk
 * profile's parameters and fails closed: a missing or unknown fact is a FAIL with a reason, never a PASS.
 */
public final class BuiltInCollectors {
    private BuiltInCollectors() {
    }

    private record Simple(String id, String check, Function<Collector.Context, Observation> body) implements Collector {
        @Override
        public Observation collect(Context ctx) {
            return body.apply(ctx);
        }
    }

    /** Accumulates values and failure reasons, then builds the observation. */
    private static final class Judge {
        private final String collector;
        private final String check;
        private final Instant now;
        private final Map<String, String> values = new LinkedHashMap<>();
        private final List<String> failures = new ArrayList<>();
        private final List<String> notes = new ArrayList<>();
        private String source = "";
        private String recheck = "";

        Judge(String collector, String check, Collector.Context ctx) {
            this.collector = collector;
            this.check = check;
            this.now = ctx.now();
        }

        Judge from(Provenance p) {
            source = source.isEmpty() ? p.source() : source + "; " + p.source();
            recheck = recheck.isEmpty() ? p.recheck() : recheck + "; " + p.recheck();
            return this;
        }

        Judge value(String k, Object v) {
            values.put(k, String.valueOf(v));
            return this;
        }

        Judge failIf(boolean condition, String reason) {
            if (condition) {
                failures.add(reason);
            }
            return this;
        }

        Judge note(String n) {
            notes.add(n);
            return this;
        }

        Evidence evidence() {
            return new Evidence(collector, check, now, source.isEmpty() ? "platform" : source, values,
                    recheck.isEmpty() ? "re-run the assessment" : recheck);
        }

        Observation done(String passReason) {
            if (!failures.isEmpty()) {
                return new Observation(Verdict.FAIL, failures, evidence());
            }
            List<String> r = new ArrayList<>();
            r.add(passReason);
            r.addAll(notes);
            return new Observation(Verdict.PASS, r, evidence());
        }

        Observation notApplicable(String reason) {
            return new Observation(Verdict.NOT_APPLICABLE, List.of(reason), evidence());
        }
    }

    private static Collector of(String id, String check, Function<Judge, Function<Collector.Context, Observation>> f) {
        return new Simple(id, check, ctx -> f.apply(new Judge(id, check, ctx)).apply(ctx));
    }

    public static List<Collector> all() {
        return List.of(credentialUniqueness(), certificateLifetime(), tlsListeners(), exposedInterfaces(), denyByDefault(),
                authRateLimit(), defaultCredentials(), pstiPasswords(), updateRepository(), supportPeriod(), disclosurePolicy(),
                securityTxt(), vulnHandlingClocks(), mudProfile(), auditLog(), dataDeletion(), secretsAtRest(),
                sbomCoverage(), anomalyDetection(), payloadValidation());
    }

    static Collector credentialUniqueness() {
        return of("credential-uniqueness", "every device holds its own key: no public key is bound to two devices", j -> ctx -> {
            CredentialFacts f = ctx.facts().credentials(ctx.model());
            j.from(f.provenance()).value("scope", ctx.model().map(m -> "model " + m).orElse("fleet"))
                    .value("devices", f.devices()).value("devicesWithCredential", f.devicesWithCredential())
                    .value("distinctKeys", f.distinctKeys()).value("sharedKeyGroups", f.sharedKeyGroups())
                    .value("devicesOnSharedKeys", f.devicesOnSharedKeys());
            for (int i = 0; i < f.examples().size(); i++) {
                Facts.SharedKeyExample e = f.examples().get(i);
                j.value("sharedKey[" + i + "]", e.keyFingerprint() + " held by " + e.devices() + " devices, e.g. " + e.deviceIds());
            }
            if (f.devices() == 0) {
                return j.notApplicable("no enrolled devices in scope");
            }
            j.failIf(f.sharedKeyGroups() > 0, f.sharedKeyGroups() + " public key(s) shared by " + f.devicesOnSharedKeys()
                    + " devices" + (f.examples().isEmpty() ? "" : ", e.g. key " + f.examples().get(0).keyFingerprint()
                    + " on " + f.examples().get(0).deviceIds()));
            j.failIf(f.sharedKeyGroups() == 0 && f.devicesWithCredential() > 0 && f.distinctKeys() < f.devicesWithCredential(),
                    "fewer distinct keys (" + f.distinctKeys() + ") than devices with a credential (" + f.devicesWithCredential() + ")");
            if (f.devicesWithCredential() < f.devices()) {
                j.note((f.devices() - f.devicesWithCredential()) + " device(s) hold no valid certificate and cannot connect");
            }
            return j.done(f.devicesWithCredential() + " devices hold " + f.distinctKeys() + " distinct keys; no key is shared");
        });
    }

    static Collector certificateLifetime() {
        return of("certificate-lifetime", "device certificates are short-lived per profile and none is used past expiry", j -> ctx -> {
            CredentialFacts f = ctx.facts().credentials(ctx.model());
            int max = ctx.parameters().maxCertificateLifetimeDays();
            j.from(f.provenance()).value("maxLifetimeDays", f.maxLifetimeDays()).value("profileMaxLifetimeDays", max)
                    .value("expiredInUse", f.expiredInUse());
            if (f.devicesWithCredential() == 0 && f.expiredInUse() == 0) {
                return j.notApplicable("no device certificates in scope");
            }
            j.failIf(f.maxLifetimeDays() > max, "longest certificate lifetime " + f.maxLifetimeDays()
                    + " days exceeds the profile maximum of " + max + " days");
            j.failIf(f.expiredInUse() > 0, f.expiredInUse() + " active device(s) hold only an expired certificate");
            return j.done("longest certificate lifetime " + f.maxLifetimeDays() + " days <= " + max + " days");
        });
    }

    private static int tlsRank(String v) {
        if (v == null) {
            return 0;
        }
        return switch (v) {
            case "TLSv1.3" -> 13;
            case "TLSv1.2" -> 12;
            default -> 1;
        };
    }

    private static String describe(Listener l) {
        return l.protocol() + " :" + l.port() + (l.tls() ? " tls " + l.minTlsVersion() : " PLAINTEXT")
                + (l.clientAuth() ? " mutual" : "") + (l.authenticated() ? " authenticated" : "")
                + (l.publicInformationOnly() ? " public-info-only" : "") + (l.loopbackOnly() ? " loopback-only" : "");
    }

    static Collector tlsListeners() {
        return of("tls-listeners", "every listener speaks TLS at or above the profile's minimum version", j -> ctx -> {
            ListenerFacts f = ctx.facts().listeners();
            String min = ctx.parameters().minTlsVersion();
            j.from(f.provenance()).value("listeners", f.listeners().size()).value("profileMinTlsVersion", min);
            for (Listener l : f.listeners()) {
                j.value("listener." + l.name(), describe(l));
                // a listener bound to the loopback interface only never carries traffic over a network
                j.failIf(!l.tls() && !l.loopbackOnly(), "listener '" + l.name() + "' on port " + l.port() + " accepts plaintext");
                j.failIf(l.tls() && tlsRank(l.minTlsVersion()) < tlsRank(min), "listener '" + l.name() + "' accepts "
                        + (l.minTlsVersion() == null ? "an unknown TLS version" : l.minTlsVersion()) + ", below " + min);
            }
            j.failIf(f.listeners().isEmpty(), "no listeners reported: cannot confirm transport encryption");
            return j.done("all " + f.listeners().size() + " network listeners are TLS-only (>= " + min + "); loopback-only listeners"
                    + " do not leave the host");
        });
    }

    static Collector exposedInterfaces() {
        return of("exposed-interfaces", "no listener serves anything but public information without authentication", j -> ctx -> {
            ListenerFacts f = ctx.facts().listeners();
            j.from(f.provenance()).value("listeners", f.listeners().size());
            for (Listener l : f.listeners()) {
                j.value("listener." + l.name(), describe(l));
                j.failIf(!l.authenticated() && !l.publicInformationOnly(), "listener '" + l.name() + "' on port " + l.port()
                        + " is reachable without authentication");
            }
            j.failIf(f.listeners().isEmpty(), "no listeners reported: cannot confirm the exposed surface");
            return j.done("every listener requires authentication or serves only public information");
        });
    }

    static Collector denyByDefault() {
        return of("deny-by-default", "authorization denies by default and has no grant-everything rules", j -> ctx -> {
            AuthorizationFacts f = ctx.facts().authorization();
            j.from(f.provenance()).value("denyByDefault", f.denyByDefault()).value("broadGrants", f.broadGrants());
            for (int i = 0; i < f.examples().size(); i++) {
                j.value("broadGrant[" + i + "]", f.examples().get(i));
            }
            j.failIf(!f.denyByDefault(), "authorization allows requests that no rule grants");
            j.failIf(f.broadGrants() > 0, f.broadGrants() + " rule(s) grant everything" + (f.examples().isEmpty() ? "" : ", e.g. " + f.examples().get(0)));
            return j.done("deny by default; no broad grants");
        });
    }

    static Collector authRateLimit() {
        return of("auth-rate-limit", "failed authentications are rate-limited or locked out", j -> ctx -> {
            AuthorizationFacts f = ctx.facts().authorization();
            j.from(f.provenance()).value("authFailureRateLimited", f.authFailureRateLimited());
            j.failIf(!f.authFailureRateLimited(), "failed authentication attempts are not rate-limited");
            return j.done("failed authentications are rate-limited");
        });
    }

    static Collector defaultCredentials() {
        return of("default-credentials", "no shipped, default or shared password anywhere; first-run secret generated", j -> ctx -> {
            DefaultCredentialFacts f = ctx.facts().defaultCredentials();
            j.from(f.provenance()).value("passwordsUsed", f.passwordsUsed()).value("defaultPasswordsFound", f.defaultPasswordsFound())
                    .value("adminSecretGeneratedPerInstall", f.adminSecretGeneratedPerInstall())
                    .value("serviceCredentialsDefault", f.serviceCredentialsDefault());
            for (int i = 0; i < f.findings().size(); i++) {
                j.value("finding[" + i + "]", f.findings().get(i));
            }
            j.failIf(f.defaultPasswordsFound() > 0, f.defaultPasswordsFound() + " account(s) still use a default password");
            j.failIf(f.serviceCredentialsDefault(), "a service credential (database, broker or keystore) is a shipped default");
            j.failIf(!f.adminSecretGeneratedPerInstall(), "the admin secret was not generated for this installation");
            return j.done(f.passwordsUsed() ? "passwords are unique or user-set; no defaults found"
                    : "no password-based authentication in use; no defaults found");
        });
    }

    /**
     * UK PSTI Schedule 1 para. 1: only passwords count, and only outside the factory default state. Cryptographic keys,
     * pairing PINs of non-IP protocols and API keys are not passwords (para. 1(4)), so the per-install API token
     * (a 256-bit bearer secret) is reported but not judged here; a shipped database or broker password is a password.
     */
    static Collector pstiPasswords() {
        return of("psti-passwords", "outside the factory default state no password is a shared default (API keys, crypto keys, pairing PINs excluded)",
                j -> ctx -> {
                    DefaultCredentialFacts f = ctx.facts().defaultCredentials();
                    j.from(f.provenance()).value("passwordsUsed", f.passwordsUsed())
                            .value("defaultPasswordsFound", f.defaultPasswordsFound())
                            .value("serviceCredentialsDefault", f.serviceCredentialsDefault())
                            .value("apiKeyGeneratedPerInstall (not a password under PSTI)", f.adminSecretGeneratedPerInstall())
                            .value("scope", "product not in factory default state; excludes cryptographic keys, pairing PINs, API keys");
                    j.failIf(f.defaultPasswordsFound() > 0, f.defaultPasswordsFound() + " account password(s) are a shared default");
                    j.failIf(f.serviceCredentialsDefault(), "a service password (database or broker) is a shipped default");
                    return j.done(f.passwordsUsed() ? "passwords are unique per product or user-defined"
                            : "no password-based authentication outside the factory default state");
                });
    }

    static Collector updateRepository() {
        return of("update-repository", "signed-update repository configured, thresholds per profile, metadata fresh", j -> ctx -> {
            UpdateRepositoryFacts f = ctx.facts().updateRepository();
            ProfileParameters p = ctx.parameters();
            j.from(f.provenance()).value("configured", f.configured()).value("signaturesEnforced", f.signaturesEnforced())
                    .value("rootThreshold", f.rootThreshold()).value("profileRootThreshold", p.rootThreshold())
                    .value("targetsThreshold", f.targetsThreshold()).value("profileUpdateSigningThreshold", p.updateSigningThreshold())
                    .value("rootExpires", f.rootExpires()).value("targetsExpires", f.targetsExpires())
                    .value("snapshotExpires", f.snapshotExpires()).value("timestampExpires", f.timestampExpires())
                    .value("profileMinMetadataValidityHours", p.minMetadataValidityHours());
            if (!f.configured()) {
                return j.failIf(true, "no signed-update repository is configured").done("");
            }
            j.failIf(!f.signaturesEnforced(), "update signature verification is not enforced");
            j.failIf(f.rootThreshold() < p.rootThreshold(), "root threshold " + f.rootThreshold() + " < " + p.rootThreshold());
            j.failIf(f.targetsThreshold() < p.updateSigningThreshold(), "update signing threshold " + f.targetsThreshold()
                    + " < " + p.updateSigningThreshold());
            Instant fresh = ctx.now().plus(Duration.ofHours(p.minMetadataValidityHours()));
            Map<String, Instant> exp = new LinkedHashMap<>();
            exp.put("root", f.rootExpires());
            exp.put("targets", f.targetsExpires());
            exp.put("snapshot", f.snapshotExpires());
            exp.put("timestamp", f.timestampExpires());
            exp.forEach((role, at) -> {
                if (at == null) {
                    j.failIf(true, role + " metadata has no expiry recorded");
                } else if (!at.isAfter(ctx.now())) {
                    j.failIf(true, role + " metadata expired at " + at + " (stale repository)");
                } else if (at.isBefore(fresh)) {
                    j.failIf(true, role + " metadata expires at " + at + ", within " + p.minMetadataValidityHours() + " h");
                }
            });
            return j.done("signed repository with fresh metadata; thresholds root " + f.rootThreshold() + ", targets " + f.targetsThreshold());
        });
    }

    private static List<ModelFacts> modelsInScope(Collector.Context ctx, ModelInventory inv) {
        if (ctx.model().isEmpty()) {
            return inv.models();
        }
        List<ModelFacts> l = inv.models().stream().filter(m -> m.name().equals(ctx.model().get())).toList();
        if (l.isEmpty()) {
            throw PalisadeException.notFound("unknown model '" + ctx.model().get() + "'");
        }
        return l;
    }

    static Collector supportPeriod() {
        return of("support-period", "every model declares and publishes a support period that has not ended and is long enough", j -> ctx -> {
            ModelInventory inv = ctx.facts().models();
            List<ModelFacts> models = modelsInScope(ctx, inv);
            YearMonth now = YearMonth.from(ctx.now().atZone(ZoneOffset.UTC));
            int min = ctx.parameters().minSupportMonths();
            j.from(inv.provenance()).value("models", models.size()).value("profileMinSupportMonths", min).value("month", now);
            int shown = 0;
            for (ModelFacts m : models) {
                if (shown++ < Facts.MAX_EXAMPLES * 5) {
                    j.value("model." + m.name(), "supportUntil=" + m.supportUntil() + " published=" + m.supportPublished()
                            + " placedOnMarket=" + m.placedOnMarket() + " devices=" + m.devices());
                }
                if (m.supportUntil() == null) {
                    j.failIf(true, "model " + m.name() + " declares no support period");
                    continue;
                }
                j.failIf(!m.supportPublished(), "model " + m.name() + ": support period is not published");
                j.failIf(now.isAfter(m.supportUntil()) && m.devices() > 0, "model " + m.name() + " is past its support period (ended "
                        + m.supportUntil() + ") with " + m.devices() + " device(s) in the fleet");
                if (m.placedOnMarket() != null) {
                    long months = ChronoUnit.MONTHS.between(m.placedOnMarket(), m.supportUntil());
                    j.failIf(months < min, "model " + m.name() + ": support period " + months + " months < " + min + " months");
                } else {
                    j.note("model " + m.name() + ": placing-on-market date unknown, support length not checked");
                }
            }
            if (models.isEmpty()) {
                return j.notApplicable("no device models registered");
            }
            return j.done("all " + models.size() + " model(s) declare and publish a current support period");
        });
    }

    static Collector disclosurePolicy() {
        return of("disclosure-policy", "a vulnerability disclosure policy with contact and timelines is published", j -> ctx -> {
            DisclosureFacts f = ctx.facts().disclosure();
            int ack = ctx.parameters().vulnAcknowledgeDays();
            j.from(f.provenance()).value("policyPublished", f.policyPublished()).value("policyUrl", f.policyUrl())
                    .value("contactPublished", f.contactPublished()).value("ackDays", f.ackDays())
                    .value("profileAckDays", ack).value("statusUpdatesDeclared", f.statusUpdatesDeclared());
            j.failIf(!f.policyPublished(), "no vulnerability disclosure policy is published");
            j.failIf(!f.contactPublished(), "no contact for vulnerability reports is published");
            j.failIf(f.ackDays() == null, "the policy declares no acknowledgement timeline");
            j.failIf(f.ackDays() != null && f.ackDays() > ack, "declared acknowledgement time " + f.ackDays() + " days > " + ack + " days");
            j.failIf(!f.statusUpdatesDeclared(), "the policy does not promise status updates to reporters");
            return j.done("disclosure policy published at " + f.policyUrl() + " with contact and timelines");
        });
    }

    static Collector securityTxt() {
        return of("security-txt", "/.well-known/security.txt (RFC 9116) is published with a contact and is not expired", j -> ctx -> {
            DisclosureFacts f = ctx.facts().disclosure();
            int minDays = ctx.parameters().securityTxtMinValidityDays();
            j.from(f.provenance()).value("securityTxtPresent", f.securityTxtPresent()).value("expires", f.securityTxtExpires())
                    .value("contact", f.securityTxtContact()).value("profileMinValidityDays", minDays);
            if (!f.securityTxtPresent()) {
                return j.failIf(true, "no security.txt is published").done("");
            }
            j.failIf(f.securityTxtContact() == null || f.securityTxtContact().isBlank(), "security.txt has no Contact field");
            if (f.securityTxtExpires() == null) {
                j.failIf(true, "security.txt has no Expires field");
            } else if (!f.securityTxtExpires().isAfter(ctx.now())) {
                j.failIf(true, "security.txt expired at " + f.securityTxtExpires());
            } else if (f.securityTxtExpires().isBefore(ctx.now().plus(Duration.ofDays(minDays)))) {
                j.failIf(true, "security.txt expires at " + f.securityTxtExpires() + ", within " + minDays + " days");
            } else if (f.securityTxtExpires().isAfter(ctx.now().plus(Duration.ofDays(366)))) {
                j.note("Expires is more than a year ahead; RFC 9116 recommends less");
            }
            return j.done("security.txt published, contact " + f.securityTxtContact() + ", expires " + f.securityTxtExpires());
        });
    }

    static Collector vulnHandlingClocks() {
        return of("vuln-handling-clocks", "vulnerability cases meet every clock (acknowledge, CRA 24 h / 72 h / 14 d)", j -> ctx -> {
            ProfileParameters p = ctx.parameters();
            VulnHandlingFacts f = ctx.facts().vulnHandling(p.clocks());
            j.from(f.provenance()).value("intakeEnabled", f.intakeEnabled()).value("openCases", f.openCases())
                    .value("exploitedOpen", f.exploitedOpen()).value("overdueSteps", f.overdueSteps())
                    .value("unfixedKnownExploitable", f.unfixedKnownExploitable())
                    .value("clocks", "ack " + p.vulnAcknowledgeDays() + " d, early warning " + p.earlyWarningHours()
                            + " h, notification " + p.notificationHours() + " h, final report " + p.finalReportDays() + " d");
            for (int i = 0; i < f.examples().size(); i++) {
                Facts.OverdueStep s = f.examples().get(i);
                j.value("overdue[" + i + "]", s.caseId() + " " + s.step() + " due " + s.dueAt());
            }
            j.failIf(!f.intakeEnabled(), "vulnerability intake is not enabled");
            j.failIf(f.overdueSteps() > 0, f.overdueSteps() + " clock step(s) overdue" + (f.examples().isEmpty() ? ""
                    : ", e.g. " + f.examples().get(0).caseId() + " " + f.examples().get(0).step() + " due " + f.examples().get(0).dueAt()));
            j.failIf(f.unfixedKnownExploitable() > 0, f.unfixedKnownExploitable()
                    + " released firmware image(s) carry a known exploitable vulnerability without fix or mitigation");
            return j.done(f.openCases() + " open case(s), no clock overdue");
        });
    }

    static Collector mudProfile() {
        return of("mud-profile", "every model declares a valid, signed MUD profile (RFC 8520)", j -> ctx -> {
            ModelInventory inv = ctx.facts().models();
            List<ModelFacts> models = modelsInScope(ctx, inv);
            boolean required = ctx.parameters().mudRequired();
            j.from(inv.provenance()).value("models", models.size()).value("profileMudRequired", required);
            List<String> missing = new ArrayList<>();
            for (ModelFacts m : models) {
                j.value("model." + m.name(), "mudUrl=" + m.mudUrl() + " valid=" + m.mudProfileValid());
                if (m.mudUrl() == null || !m.mudProfileValid()) {
                    missing.add(m.name() + (m.mudUrl() == null ? " (no MUD URL)" : " (MUD file not verified)"));
                }
            }
            if (models.isEmpty()) {
                return j.notApplicable("no device models registered");
            }
            if (!missing.isEmpty() && !required) {
                return j.notApplicable("the profile does not require MUD; models without a valid profile: " + missing);
            }
            j.failIf(!missing.isEmpty(), "models without a valid MUD profile: " + missing);
            return j.done("all " + models.size() + " model(s) declare a verified MUD profile");
        });
    }

    static Collector auditLog() {
        return of("audit-log", "the hash-chained audit log is enabled and intact", j -> ctx -> {
            AuditLogFacts f = ctx.facts().auditLog();
            j.from(f.provenance()).value("enabled", f.enabled()).value("intact", f.intact()).value("entries", f.entries())
                    .value("firstBadSeq", f.firstBadSeq()).value("lastEntryAt", f.lastEntryAt()).value("exportable", f.exportable());
            j.failIf(!f.enabled(), "the audit log is disabled");
            j.failIf(f.enabled() && !f.intact(), "the audit chain is broken at entry " + f.firstBadSeq());
            return j.done("audit chain intact over " + f.entries() + " entries");
        });
    }

    static Collector dataDeletion() {
        return of("data-deletion", "devices can be wiped and owner data deleted; no deletion request overdue", j -> ctx -> {
            DataProtectionFacts f = ctx.facts().dataProtection();
            j.from(f.provenance()).value("deviceWipeSupported", f.deviceWipeSupported())
                    .value("ownerDataDeletion", f.ownerDataDeletion()).value("ownerDataExport", f.ownerDataExport())
                    .value("deletionRequestsOverdue", f.deletionRequestsOverdue());
            j.failIf(!f.deviceWipeSupported(), "no device wipe / factory reset is offered");
            j.failIf(!f.ownerDataDeletion(), "owner data cannot be deleted from the platform");
            j.failIf(f.deletionRequestsOverdue() > 0, f.deletionRequestsOverdue() + " deletion request(s) overdue");
            return j.done("device wipe and owner-data deletion available; none overdue");
        });
    }

    static Collector secretsAtRest() {
        return of("secrets-at-rest", "keys, tokens and personal data are encrypted at rest", j -> ctx -> {
            DataProtectionFacts f = ctx.facts().dataProtection();
            j.from(f.provenance()).value("secretsEncryptedAtRest", f.secretsEncryptedAtRest());
            j.failIf(!f.secretsEncryptedAtRest(), "secrets or personal data are stored unencrypted");
            return j.done("secrets and personal data are encrypted at rest");
        });
    }

    static Collector sbomCoverage() {
        return of("sbom-coverage", "every firmware image in the repository has a machine-readable SBOM", j -> ctx -> {
            SbomFacts f = ctx.facts().sbom();
            j.from(f.provenance()).value("firmwareImages", f.firmwareImages()).value("imagesWithSbom", f.imagesWithSbom())
                    .value("missing", f.missingExamples());
            if (f.firmwareImages() == 0) {
                return j.notApplicable("no firmware images published");
            }
            j.failIf(f.imagesWithSbom() < f.firmwareImages(), (f.firmwareImages() - f.imagesWithSbom())
                    + " firmware image(s) have no SBOM, e.g. " + f.missingExamples());
            return j.done("all " + f.firmwareImages() + " firmware images have an SBOM");
        });
    }

    static Collector anomalyDetection() {
        return of("anomaly-detection", "security state is monitored: telemetry anomaly and MUD-violation detection", j -> ctx -> {
            MonitoringFacts f = ctx.facts().monitoring();
            boolean required = ctx.parameters().anomalyDetectionRequired();
            j.from(f.provenance()).value("telemetryAnomalyDetection", f.telemetryAnomalyDetection())
                    .value("mudViolationDetection", f.mudViolationDetection()).value("activeRules", f.activeRules())
                    .value("alertLatencyP95", f.alertLatencyP95()).value("profileAnomalyDetectionRequired", required);
            j.failIf(required && !f.telemetryAnomalyDetection(), "telemetry anomaly detection is off but the profile requires it");
            j.failIf(!f.telemetryAnomalyDetection() && !f.mudViolationDetection(), "no security monitoring is enabled");
            j.failIf((f.telemetryAnomalyDetection() || f.mudViolationDetection()) && f.activeRules() == 0, "monitoring is on but no rule is active");
            return j.done("security monitoring on with " + f.activeRules() + " active rule(s)");
        });
    }

    static Collector payloadValidation() {
        return of("payload-validation", "device input is validated against schemas and size limits", j -> ctx -> {
            PayloadValidationFacts f = ctx.facts().payloadValidation();
            j.from(f.provenance()).value("enforced", f.enforced()).value("topicsWithSchema", f.topicsWithSchema())
                    .value("topicsWithoutSchema", f.topicsWithoutSchema()).value("maxPayloadBytes", f.maxPayloadBytes());
            j.failIf(!f.enforced(), "payload validation is not enforced");
            j.failIf(f.topicsWithoutSchema() > 0, f.topicsWithoutSchema() + " topic(s) accept data without a schema");
            j.failIf(f.maxPayloadBytes() == 0, "no payload size limit");
            return j.done("payloads validated on " + f.topicsWithSchema() + " topic(s), limit " + f.maxPayloadBytes() + " bytes");
        });
    }
}
