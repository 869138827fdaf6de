package io.palisade.conformity.evidence;

import io.palisade.conformity.catalog.ProfileParameters.VulnClocks;
import io.palisade.conformity.evidence.Facts.AuditLogFacts;
import io.palisade.conformity.evidence.Facts.AuthorizationFacts;
import io.palisade.conformity.evidence.Facts.CredentialFacts;
import io.palisade.conformity.evidence.Facts.DataProtectionFacts;
import io.palisade.conformity.evidence.Facts.DefaultCredentialFacts;
import io.palisade.conformity.evidence.Facts.DisclosureFacts;
import io.palisade.conformity.evidence.Facts.ListenerFacts;
import io.palisade.conformity.evidence.Facts.ModelInventory;
import io.palisade.conformity.evidence.Facts.MonitoringFacts;
import io.palisade.conformity.evidence.Facts.PayloadValidationFacts;
import io.palisade.conformity.evidence.Facts.SbomFacts;
import io.palisade.conformity.evidence.Facts.UpdateRepositoryFacts;
import io.palisade.conformity.evidence.Facts.VulnHandlingFacts;
import java.time.Instant;
import java.util.Optional;

/**
 * The port through which the conformity engine reads the running platform. The server implements it over its
 * stores and configuration. Every method returns AGGREGATED facts (counts and at most ten examples), so an
 * assessment of a fleet of a million devices costs a few aggregate queries, never a scan in this library.
 * The assessor calls each method at most once per assessment. Methods must not throw for missing data:
 * report it (e.g. {@code configured=false}) so the verdict can fail closed with a reason.
 */
public interface PlatformFacts {
    /** The assessment time (the server's clock). */
    Instant now();

    /** Credential uniqueness and lifetimes over the fleet, or over one model when {@code model} is present. */
    CredentialFacts credentials(Optional<String> model);

    ListenerFacts listeners();

    AuthorizationFacts authorization();

    DefaultCredentialFacts defaultCredentials();

    UpdateRepositoryFacts updateRepository();

    ModelInventory models();

    DisclosureFacts disclosure();

    /** Vulnerability handling, with overdue steps computed against {@code clocks} (from the risk profile). */
    VulnHandlingFacts vulnHandling(VulnClocks clocks);

    AuditLogFacts auditLog();

    DataProtectionFacts dataProtection();

    SbomFacts sbom();

    MonitoringFacts monitoring();

    PayloadValidationFacts payloadValidation();
}
