package io.palisade.server.conformity;

import io.palisade.conformity.assess.AssessmentRequest;
import io.palisade.conformity.assess.AssessmentResult;
import io.palisade.conformity.assess.Assessor;
import io.palisade.conformity.attest.Attestation;
import io.palisade.conformity.attest.AttestationParser;
import io.palisade.conformity.definition.IotDeviceDefinition;
import io.palisade.conformity.definition.IotTraits;
import io.palisade.conformity.report.OscalWriter;
import io.palisade.core.PalisadeException;
import io.palisade.core.audit.AuditAction;
import io.palisade.core.audit.AuditLog;
import io.palisade.server.support.Records;
import io.palisade.core.registry.DeviceRegistry;
import io.palisade.core.store.Store;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.function.Supplier;
import java.time.Instant;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Conformity assessment from live evidence, manufacturer attestations ({@code attestation} record), model traits
 * ({@code model-traits} records) and the IoT-device definition of a model.
 */
public final class ConformityService {
    static final String ATTESTATION_KIND = "attestation";
    static final String ATTESTATION_ID = "current";

    /** {@code PUT /api/v1/models/{name}/traits}. */
    public record TraitsRequest(Integer sensors, Integer actuators, Integer networkInterfaces, String operation,
                                Boolean generalPurposeComputer, String placedOnMarket) {
    }

    private final DeviceRegistry registry;
    private final Store store;
    private final Assessor assessor;
    private final Supplier<LivePlatformFacts> facts;
    private final Clock clock;

    /** @param facts a fresh view of the live platform for each assessment */
    public ConformityService(DeviceRegistry registry, Store store, Assessor assessor, Supplier<LivePlatformFacts> facts, Clock clock) {
        this.registry = registry;
        this.store = store;
        this.assessor = assessor;
        this.facts = facts;
        this.clock = clock;
    }

    /** The catalog as an OSCAL document. */
    public String oscalCatalog() {
        return OscalWriter.toJson(OscalWriter.catalog(assessor.catalog(), clock.instant()));
    }

    /** A model's declared traits and whether they make it an IoT device. */
    public Map<String, Object> deviceDefinition(String modelName) {
        String model = registry.model(modelName).name();
        LivePlatformFacts.ModelTraits t = facts.get().traits(model).orElseThrow(() -> PalisadeException.notFound("model '" + model
                + "' declares no traits: set them with 'palisade assess traits --model " + model + " --file traits.json'"));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model", model);
        out.put("traits", t.traits());
        out.put("placedOnMarket", t.placedOnMarket());
        out.put("definition", IotDeviceDefinition.check(t.traits()));
        return out;
    }

    /** Runs one assessment against the live platform (also used by the CLI's JSON path). */
    public AssessmentResult assess(String profile, String standard, String model) {
        AssessmentRequest req = new AssessmentRequest(profile == null || profile.isBlank() ? "consumer" : profile, Assessor.opt(standard),
                Assessor.opt(model));
        return assessor.assess(req, facts.get(), attestations());
    }

    public List<Attestation> attestations() {
        return store.read(r -> r.records().find(ATTESTATION_KIND, ATTESTATION_ID))
                .map(x -> AttestationParser.parse(x.body().getBytes(StandardCharsets.UTF_8), assessor.catalog())).orElse(List.of());
    }

    public Map<String, Object> setAttestations(String actor, byte[] body) {
        List<Attestation> list = AttestationParser.parse(body, assessor.catalog());
        Instant now = clock.instant();
        store.transaction(r -> {
            r.records().put(ATTESTATION_KIND, ATTESTATION_ID, new String(body, StandardCharsets.UTF_8), now);
            AuditLog.append(r.audit(), now, actor, AuditAction.CONFORMITY, "attestations", list.size() + " manufacturer attestation(s) set");
            return null;
        });
        return Map.of("attestations", list.size(), "requirements", list.stream().map(Attestation::requirementId).toList());
    }

    public Map<String, Object> setTraits(String actor, String modelName, TraitsRequest t) {
        String model = registry.model(modelName).name();
        if (t.sensors() == null || t.actuators() == null || t.networkInterfaces() == null || t.operation() == null
                || t.generalPurposeComputer() == null) {
            throw PalisadeException.invalid("traits need sensors, actuators, networkInterfaces, operation (standalone|needs-companion|"
                    + "component-only) and generalPurposeComputer");
        }
        IotTraits.Operation op;
        try {
            op = IotTraits.Operation.valueOf(t.operation().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw PalisadeException.invalid("operation must be standalone, needs-companion or component-only");
        }
        YearMonth placed = null;
        if (t.placedOnMarket() != null) {
            try {
                placed = YearMonth.parse(t.placedOnMarket());
            } catch (DateTimeParseException e) {
                throw PalisadeException.invalid("placedOnMarket must be a month like 2025-03");
            }
        }
        IotTraits traits;
        try {
            traits = new IotTraits(t.sensors(), t.actuators(), t.networkInterfaces(), op, t.generalPurposeComputer());
        } catch (IllegalArgumentException e) {
            throw PalisadeException.invalid(e.getMessage());
        }
        LivePlatformFacts.ModelTraits stored = new LivePlatformFacts.ModelTraits(traits, placed);
        Instant now = clock.instant();
        store.transaction(r -> {
            r.records().put(LivePlatformFacts.TRAITS_KIND, model, Records.write(stored), now);
            AuditLog.append(r.audit(), now, actor, AuditAction.CONFORMITY, "model:" + model, "traits declared: " + traits);
            return null;
        });
        return Map.of("model", model, "traits", traits, "definition", IotDeviceDefinition.check(traits));
    }
}
