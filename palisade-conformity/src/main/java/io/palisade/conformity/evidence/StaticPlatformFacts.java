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
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An in-memory {@link PlatformFacts} holding precomputed facts (tests, demos, snapshots read back from JSON).
 * {@code credentialsByModel} answers model-scoped credential queries (falls back to the fleet-wide facts);
 * {@code vulnHandling} is returned whatever the clocks.
 */
public record StaticPlatformFacts(Instant now, CredentialFacts credentials, Map<String, CredentialFacts> credentialsByModel,
        ListenerFacts listeners, AuthorizationFacts authorization, DefaultCredentialFacts defaultCredentials,
        UpdateRepositoryFacts updateRepository, ModelInventory models, DisclosureFacts disclosure,
        VulnHandlingFacts vulnHandling, AuditLogFacts auditLog, DataProtectionFacts dataProtection, SbomFacts sbom,
        MonitoringFacts monitoring, PayloadValidationFacts payloadValidation) implements PlatformFacts {
    public StaticPlatformFacts {
        Objects.requireNonNull(now, "now");
        credentialsByModel = Map.copyOf(credentialsByModel);
    }

    @Override
    public CredentialFacts credentials(Optional<String> model) {
        return model.map(credentialsByModel::get).orElse(credentials);
    }

    @Override
    public VulnHandlingFacts vulnHandling(VulnClocks clocks) {
        return vulnHandling;
    }
}
