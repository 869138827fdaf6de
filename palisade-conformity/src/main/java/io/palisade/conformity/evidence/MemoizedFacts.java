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
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** Wraps a {@link PlatformFacts} so each fact is read at most once per assessment (single-threaded use). */
public final class MemoizedFacts implements PlatformFacts {
    private final PlatformFacts delegate;
    private final Map<String, Object> cache = new HashMap<>();
    private final Instant now;

    public MemoizedFacts(PlatformFacts delegate) {
        this.delegate = delegate;
        this.now = delegate.now();
    }

    @SuppressWarnings("unchecked")
    private <T> T memo(String key, Supplier<T> s) {
        Object v = cache.get(key);
        if (v == null) {
            v = java.util.Objects.requireNonNull(s.get(), () -> "platform facts returned null for " + key);
            cache.put(key, v);
        }
        return (T) v;
    }

    @Override
    public Instant now() {
        return now;
    }

    @Override
    public CredentialFacts credentials(Optional<String> model) {
        return memo("credentials:" + model.orElse("*"), () -> delegate.credentials(model));
    }

    @Override
    public ListenerFacts listeners() {
        return memo("listeners", delegate::listeners);
    }

    @Override
    public AuthorizationFacts authorization() {
        return memo("authorization", delegate::authorization);
    }

    @Override
    public DefaultCredentialFacts defaultCredentials() {
        return memo("defaultCredentials", delegate::defaultCredentials);
    }

    @Override
    public UpdateRepositoryFacts updateRepository() {
        return memo("updateRepository", delegate::updateRepository);
    }

    @Override
    public ModelInventory models() {
        return memo("models", delegate::models);
    }

    @Override
    public DisclosureFacts disclosure() {
        return memo("disclosure", delegate::disclosure);
    }

    @Override
    public VulnHandlingFacts vulnHandling(VulnClocks clocks) {
        return memo("vulnHandling:" + clocks, () -> delegate.vulnHandling(clocks));
    }

    @Override
    public AuditLogFacts auditLog() {
        return memo("auditLog", delegate::auditLog);
    }

    @Override
    public DataProtectionFacts dataProtection() {
        return memo("dataProtection", delegate::dataProtection);
    }

    @Override
    public SbomFacts sbom() {
        return memo("sbom", delegate::sbom);
    }

    @Override
    public MonitoringFacts monitoring() {
        return memo("monitoring", delegate::monitoring);
    }

    @Override
    public PayloadValidationFacts payloadValidation() {
        return memo("payloadValidation", delegate::payloadValidation);
    }
}
