package io.palisade.conformity.evidence;

import io.palisade.conformity.definition.IotTraits;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Objects;

/**
 * The aggregated facts {@link PlatformFacts} returns. Every record is bounded in size whatever the fleet size:
 * counts plus at most {@link #MAX_EXAMPLES} examples. Every record carries its {@link Provenance}.
 */
public final class Facts {
    /** Upper bound on example lists in facts and evidence. */
    public static final int MAX_EXAMPLES = 10;

    private Facts() {
    }

    static <T> List<T> bounded(List<T> list, String what) {
        if (list.size() > MAX_EXAMPLES) {
            throw new IllegalArgumentException(what + ": at most " + MAX_EXAMPLES + " examples");
        }
        return List.copyOf(list);
    }

    static void nonNegative(long... values) {
        for (long v : values) {
            if (v < 0) {
                throw new IllegalArgumentException("counts must not be negative");
            }
        }
    }

    /** Keys bound to more than one device: the fingerprint (hex SHA-256 of the SPKI), how many devices, some ids. */
    public record SharedKeyExample(String keyFingerprint, long devices, List<String> deviceIds) {
        public SharedKeyExample {
            Objects.requireNonNull(keyFingerprint, "keyFingerprint");
            deviceIds = bounded(deviceIds, "deviceIds");
        }
    }

    /**
     * Device credentials (active certificates) over the fleet or one model.
     *
     * @param devices              devices in scope that should hold an identity (enrolled, active, quarantined)
     * @param devicesWithCredential of those, how many hold a valid certificate now
     * @param distinctKeys         distinct public keys among valid certificates
     * @param sharedKeyGroups      public keys held by more than one device
     * @param devicesOnSharedKeys  devices whose key is shared
     * @param maxLifetimeDays      longest validity (notAfter - notBefore) among valid certificates, in days
     * @param expiredInUse         devices whose only certificate has expired but that are still active
     */
    public record CredentialFacts(long devices, long devicesWithCredential, long distinctKeys, long sharedKeyGroups,
            long devicesOnSharedKeys, List<SharedKeyExample> examples, long maxLifetimeDays, long expiredInUse,
            Provenance provenance) {
        public CredentialFacts {
            nonNegative(devices, devicesWithCredential, distinctKeys, sharedKeyGroups, devicesOnSharedKeys, maxLifetimeDays, expiredInUse);
            examples = bounded(examples, "examples");
            Objects.requireNonNull(provenance, "provenance");
        }
    }

    /** A network listener of the platform. {@code authenticated}: every request needs an authenticated identity. */
    public record Listener(String name, String protocol, int port, boolean tls, boolean clientAuth,
            boolean authenticated, String minTlsVersion, boolean publicInformationOnly, boolean loopbackOnly) {
        /** A listener reachable over the network (not bound to the loopback interface only). */
        public Listener(String name, String protocol, int port, boolean tls, boolean clientAuth, boolean authenticated,
                String minTlsVersion, boolean publicInformationOnly) {
            this(name, protocol, port, tls, clientAuth, authenticated, minTlsVersion, publicInformationOnly, false);
        }

        public Listener {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(protocol, "protocol");
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range");
            }
        }
    }

    /** All listeners (a platform has a handful: MQTT, HTTPS API, EST, OCSP, well-known). */
    public record ListenerFacts(List<Listener> listeners, Provenance provenance) {
        public ListenerFacts {
            if (listeners.size() > 256) {
                throw new IllegalArgumentException("too many listeners");
            }
            listeners = List.copyOf(listeners);
            Objects.requireNonNull(provenance, "provenance");
        }
    }

    /**
     * Authorization configuration.
     *
     * @param denyByDefault          requests/topics without an explicit grant are denied
     * @param broadGrants            rules granting everything (e.g. topic '#', role '*')
     * @param authFailureRateLimited failed authentications are delayed, rate-limited or locked out
     * @param examples               up to 10 broad grants, for the evidence
     */
    public record AuthorizationFacts(boolean denyByDefault, long broadGrants, boolean authFailureRateLimited,
            List<String> examples, Provenance provenance) {
        public AuthorizationFacts {
            nonNegative(broadGrants);
            examples = bounded(examples, "examples");
            Objects.requireNonNull(provenance, "provenance");
        }
    }

    /**
     * Default credentials.
     *
     * @param passwordsUsed              any password-based authentication exists (users, devices, services)
     * @param defaultPasswordsFound      accounts still on a shipped or well-known default password
     * @param adminSecretGeneratedPerInstall the first-run admin secret was generated on this installation
     * @param serviceCredentialsDefault  a database, broker or keystore credential is a shipped default
     * @param findings                   up to 10 findings (never the secret itself)
     */
    public record DefaultCredentialFacts(boolean passwordsUsed, long defaultPasswordsFound,
            boolean adminSecretGeneratedPerInstall, boolean serviceCredentialsDefault, List<String> findings,
            Provenance provenance) {
        public DefaultCredentialFacts {
            nonNegative(defaultPasswordsFound);
            findings = bounded(findings, "findings");
            Objects.requireNonNull(provenance, "provenance");
        }
    }

    /**
     * The signed-update repository (TUF). Expiry instants are null when not configured.
     *
     * @param signaturesEnforced agents and the server refuse unsigned or under-threshold metadata
     */
    public record UpdateRepositoryFacts(boolean configured, int rootThreshold, int targetsThreshold,
            Instant rootExpires, Instant targetsExpires, Instant snapshotExpires, Instant timestampExpires,
            boolean signaturesEnforced, Provenance provenance) {
        public UpdateRepositoryFacts {
            if (rootThreshold < 0 || targetsThreshold < 0) {
                throw new IllegalArgumentException("thresholds must not be negative");
            }
            Objects.requireNonNull(provenance, "provenance");
        }
    }

    /**
     * One device model.
     *
     * @param supportUntil     declared end of the support period (null: not declared)
     * @param supportPublished the support period is published (product page, label, API)
     * @param placedOnMarket   first month on the market (null: unknown), for the minimum support length
     * @param mudUrl           MUD URL declared (null: none)
     * @param mudProfileValid  the MUD file was fetched and its signature verified
     * @param riskProfile      the model's core risk profile label
     * @param traits           declared traits for the IoT-device definition (null: not declared)
     */
    public record ModelFacts(String name, String manufacturer, YearMonth supportUntil, boolean supportPublished,
            YearMonth placedOnMarket, String mudUrl, boolean mudProfileValid, String riskProfile, IotTraits traits,
            long devices) {
        public ModelFacts {
            Objects.requireNonNull(name, "name");
            nonNegative(devices);
        }
    }

    /** All device models (models are few; a fleet of a million devices has tens of models). */
    public record ModelInventory(List<ModelFacts> models, Provenance provenance) {
        public ModelInventory {
            if (models.size() > 100_000) {
                throw new IllegalArgumentException("too many models");
            }
            models = List.copyOf(models);
            Objects.requireNonNull(provenance, "provenance");
        }
    }

    /**
     * Coordinated vulnerability disclosure publication (ISO/IEC 29147, RFC 9116).
     *
     * @param ackDays                declared acknowledgement time in days (null: none declared)
     * @param statusUpdatesDeclared  the policy promises status updates to reporters
     * @param securityTxtExpires     the Expires field of /.well-known/security.txt (null: absent)
     */
    public record DisclosureFacts(boolean policyPublished, String policyUrl, boolean contactPublished, Integer ackDays,
            boolean statusUpdatesDeclared, boolean securityTxtPresent, Instant securityTxtExpires,
            String securityTxtContact, Provenance provenance) {
        public DisclosureFacts {
            Objects.requireNonNull(provenance, "provenance");
        }
    }

    /** A clock step that has passed its deadline: case id, step (acknowledge, early-warning, ...), due time. */
    public record OverdueStep(String caseId, String step, Instant dueAt) {
        public OverdueStep {
            Objects.requireNonNull(caseId, "caseId");
            Objects.requireNonNull(step, "step");
            Objects.requireNonNull(dueAt, "dueAt");
        }
    }

    /**
     * Vulnerability handling measured against the profile's clocks.
     *
     * @param intakeEnabled        the platform accepts vulnerability reports
     * @param exploitedOpen        open cases flagged actively exploited (CRA Art. 14)
     * @param overdueSteps         clock steps past their deadline (acknowledge, early warning, notification, final report)
     * @param unfixedKnownExploitable released firmware with a known exploitable vulnerability and no fix or mitigation
     */
    public record VulnHandlingFacts(boolean intakeEnabled, long openCases, long exploitedOpen, long overdueSteps,
            List<OverdueStep> examples, long unfixedKnownExploitable, Provenance provenance) {
        public VulnHandlingFacts {
            nonNegative(openCases, exploitedOpen, overdueSteps, unfixedKnownExploitable);
            examples = bounded(examples, "examples");
            Objects.requireNonNull(provenance, "provenance");
        }
    }

    /** The hash-chained audit log. {@code firstBadSeq} is null when intact. */
    public record AuditLogFacts(boolean enabled, boolean intact, long entries, Long firstBadSeq, Instant lastEntryAt,
            boolean exportable, Provenance provenance) {
        public AuditLogFacts {
            nonNegative(entries);
            Objects.requireNonNull(provenance, "provenance");
        }
    }

    /**
     * Data protection and deletion.
     *
     * @param deviceWipeSupported     a wipe / factory-reset command exists and is offered on decommission and transfer
     * @param ownerDataDeletion       an owner's personal data can be deleted from the platform
     * @param ownerDataExport         an owner's data can be exported (transfer)
     * @param deletionRequestsOverdue deletion requests past their deadline
     * @param secretsEncryptedAtRest  keys, tokens and personal data are encrypted at rest
     */
    public record DataProtectionFacts(boolean deviceWipeSupported, boolean ownerDataDeletion, boolean ownerDataExport,
            long deletionRequestsOverdue, boolean secretsEncryptedAtRest, Provenance provenance) {
        public DataProtectionFacts {
            nonNegative(deletionRequestsOverdue);
            Objects.requireNonNull(provenance, "provenance");
        }
    }

    /** Firmware images in the update repository and how many carry an SBOM. */
    public record SbomFacts(long firmwareImages, long imagesWithSbom, List<String> missingExamples, Provenance provenance) {
        public SbomFacts {
            nonNegative(firmwareImages, imagesWithSbom);
            if (imagesWithSbom > firmwareImages) {
                throw new IllegalArgumentException("imagesWithSbom > firmwareImages");
            }
            missingExamples = bounded(missingExamples, "missingExamples");
            Objects.requireNonNull(provenance, "provenance");
        }
    }

    /** Security monitoring: telemetry anomaly detection and MUD-violation detection. */
    public record MonitoringFacts(boolean telemetryAnomalyDetection, boolean mudViolationDetection, long activeRules,
            Duration alertLatencyP95, Provenance provenance) {
        public MonitoringFacts {
            nonNegative(activeRules);
            Objects.requireNonNull(provenance, "provenance");
        }
    }

    /** Input validation on device-facing interfaces. */
    public record PayloadValidationFacts(boolean enforced, long topicsWithSchema, long topicsWithoutSchema,
            long maxPayloadBytes, Provenance provenance) {
        public PayloadValidationFacts {
            nonNegative(topicsWithSchema, topicsWithoutSchema, maxPayloadBytes);
            Objects.requireNonNull(provenance, "provenance");
        }
    }
}
