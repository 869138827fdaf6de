package io.palisade.conformity.assess;

import io.palisade.conformity.attest.Attestation;
import io.palisade.conformity.catalog.Catalog;
import io.palisade.conformity.catalog.EvidenceKind;
import io.palisade.conformity.catalog.ProfileDefinition;
import io.palisade.conformity.catalog.Requirement;
import io.palisade.conformity.catalog.Standard;
import io.palisade.conformity.evidence.Collector;
import io.palisade.conformity.evidence.CollectorRegistry;
import io.palisade.conformity.evidence.Evidence;
import io.palisade.conformity.evidence.MemoizedFacts;
import io.palisade.conformity.evidence.Observation;
import io.palisade.conformity.evidence.PlatformFacts;
import io.palisade.conformity.evidence.Verdict;
import io.palisade.core.PalisadeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Assesses a profile's requirements against live platform facts and manufacturer attestations.
 * Each collector runs at most once per assessment; each fact is read at most once. A collector that throws
 * yields FAIL ("evidence could not be collected"), never PASS.
 */
public final class Assessor {
    private static final Logger LOG = LoggerFactory.getLogger(Assessor.class);
    private final Catalog catalog;
    private final CollectorRegistry collectors;

    public Assessor(Catalog catalog, CollectorRegistry collectors) {
        this.catalog = catalog;
        this.collectors = collectors;
        catalog.requireCollectors(collectors.ids());
    }

    /** The bundled catalog with the built-in collectors. */
    public static Assessor withDefaults() {
        return new Assessor(Catalog.loadDefault(), CollectorRegistry.builtIn());
    }

    public Catalog catalog() {
        return catalog;
    }

    public AssessmentResult assess(AssessmentRequest request, PlatformFacts platform, List<Attestation> attestations) {
        ProfileDefinition profile = catalog.profile(request.profile());
        List<Requirement> selected = catalog.select(profile, request.standard().orElse(null));
        PlatformFacts facts = new MemoizedFacts(platform);
        Instant now = facts.now();
        List<String> warnings = new ArrayList<>();
        if (request.model().isPresent()
                && facts.models().models().stream().noneMatch(m -> m.name().equals(request.model().get()))) {
            throw PalisadeException.notFound("unknown model '" + request.model().get() + "'");
        }
        Map<String, Attestation> byReq = new HashMap<>();
        for (Attestation a : attestations) {
            if (catalog.find(a.requirementId()).isEmpty()) {
                throw PalisadeException.invalid("attestation names unknown requirement '" + a.requirementId() + "'");
            }
            if (byReq.putIfAbsent(catalog.canonicalId(a.requirementId()), a) != null) {
                throw PalisadeException.invalid("two attestations for " + a.requirementId());
            }
        }
        Collector.Context ctx = new Collector.Context(facts, profile.parameters(), request.model(), now);
        Map<String, Observation> observed = new HashMap<>();
        List<RequirementResult> results = new ArrayList<>(selected.size());
        for (Requirement r : selected) {
            Observation obs = null;
            if (r.evidence().observed()) {
                obs = observed.computeIfAbsent(r.collector(), id -> run(id, ctx));
            }
            results.add(judge(r, obs, byReq.get(r.id()), now, warnings));
        }
        for (Attestation a : byReq.values()) {
            if (a.expiredAt(now)) {
                warnings.add("attestation for " + a.requirementId() + " by " + a.owner() + " expired on " + a.expires());
            }
        }
        return new AssessmentResult(catalog.id(), catalog.version(), profile.id(), profile.title(),
                request.standard().orElse(null), request.model().orElse(null), now, results, summarize(results),
                tally(results), warnings);
    }

    private Observation run(String collectorId, Collector.Context ctx) {
        Collector c = collectors.find(collectorId).orElseThrow();
        try {
            return c.collect(ctx);
        } catch (PalisadeException e) {
            if (e.code() == io.palisade.core.ErrorCode.NOT_FOUND) {
                throw e;
            }
            return failed(c, ctx, e);
        } catch (RuntimeException e) {
            return failed(c, ctx, e);
        }
    }

    private static Observation failed(Collector c, Collector.Context ctx, RuntimeException e) {
        LOG.warn("collector {} failed", c.id(), e);
        Evidence ev = new Evidence(c.id(), c.check(), ctx.now(), "platform (read failed)", Map.of("error", e.getClass().getSimpleName()),
                "re-run the assessment after fixing the fact source");
        return new Observation(Verdict.FAIL, List.of("evidence could not be collected: " + e.getClass().getSimpleName()), ev);
    }

    private RequirementResult judge(Requirement r, Observation obs, Attestation att, Instant now, List<String> warnings) {
        Standard std = catalog.findStandard(r.standard()).orElseThrow();
        String catTitle = std.categories().stream().filter(c -> c.id().equals(r.category())).findFirst()
                .map(Standard.Category::title).orElse(r.category());
        List<String> reasons = new ArrayList<>();
        List<Evidence> evidence = obs == null ? List.of() : List.of(obs.evidence());
        Verdict verdict;
        Basis basis;
        Attestation used = null;
        if (att != null && att.claim() == Attestation.Claim.NOT_APPLICABLE && r.status().conditional()
                && r.evidence().observed() && !att.expiredAt(now) && !att.notYetValidAt(now)) {
            // C or F requirement (or one that applies "where applicable"): the declared reason takes precedence over
            // the observation, which may concern a feature or condition the product does not have.
            reasons.add("manufacturer declares not applicable: " + att.statement());
            if (obs != null) {
                reasons.add("observation for reference: " + obs.verdict() + (obs.reasons().isEmpty() ? "" : " " + obs.reasons()));
            }
            return new RequirementResult(r.id(), r.standard(), r.category(), catTitle, r.title(), r.statusLabel(),
                    r.condition(), Verdict.NOT_APPLICABLE, obs == null ? Basis.SELF_ATTESTED : Basis.OBSERVED_AND_SELF_ATTESTED,
                    reasons, evidence, att, std.version());
        }
        if (r.evidence() == EvidenceKind.OBSERVED) {
            verdict = obs.verdict();
            basis = Basis.OBSERVED;
            reasons.addAll(obs.reasons());
        } else if (r.evidence() == EvidenceKind.OBSERVED_AND_ATTESTATION && obs.verdict() != Verdict.PASS) {
            verdict = obs.verdict();
            basis = Basis.OBSERVED;
            reasons.addAll(obs.reasons());
        } else {
            if (obs != null) {
                reasons.addAll(obs.reasons());
            }
            String observedPart = obs == null ? "" : "observed part passes; ";
            if (att == null) {
                verdict = Verdict.NEEDS_ATTESTATION;
                basis = obs == null ? Basis.NONE : Basis.OBSERVED;
                reasons.add(observedPart + "no manufacturer attestation: software cannot observe this requirement");
            } else if (att.expiredAt(now)) {
                verdict = Verdict.NEEDS_ATTESTATION;
                basis = obs == null ? Basis.NONE : Basis.OBSERVED;
                reasons.add(observedPart + "attestation expired on " + att.expires() + " (owner: " + att.owner() + ")");
                used = att;
            } else if (att.notYetValidAt(now)) {
                verdict = Verdict.NEEDS_ATTESTATION;
                basis = obs == null ? Basis.NONE : Basis.OBSERVED;
                reasons.add(observedPart + "attestation dated in the future (" + att.date() + ")");
                used = att;
            } else if (att.claim() == Attestation.Claim.NOT_APPLICABLE) {
                used = att;
                if (r.status().conditional() || !r.status().mandatory()) {
                    verdict = Verdict.NOT_APPLICABLE;
                    basis = obs == null ? Basis.SELF_ATTESTED : Basis.OBSERVED_AND_SELF_ATTESTED;
                    reasons.add("manufacturer attests not applicable: " + att.statement());
                } else {
                    verdict = Verdict.NEEDS_ATTESTATION;
                    basis = obs == null ? Basis.NONE : Basis.OBSERVED;
                    reasons.add("an unconditional mandatory requirement cannot be attested not applicable");
                    warnings.add("attestation for " + r.id() + " claims not-applicable for an unconditional mandatory requirement");
                }
            } else {
                used = att;
                verdict = Verdict.PASS;
                basis = obs == null ? Basis.SELF_ATTESTED : Basis.OBSERVED_AND_SELF_ATTESTED;
                reasons.add("self-attested by " + att.owner() + " on " + att.date() + ", valid until " + att.expires() + ": " + att.statement());
            }
        }
        return new RequirementResult(r.id(), r.standard(), r.category(), catTitle, r.title(), r.statusLabel(),
                r.condition(), verdict, basis, reasons, evidence, used, std.version());
    }

    static Tally tally(List<RequirementResult> rs) {
        int[] n = new int[5];
        for (RequirementResult r : rs) {
            n[r.verdict().ordinal()]++;
            if (r.selfAttested()) {
                n[4]++;
            }
        }
        return new Tally(n[Verdict.PASS.ordinal()], n[Verdict.FAIL.ordinal()], n[Verdict.NOT_APPLICABLE.ordinal()],
                n[Verdict.NEEDS_ATTESTATION.ordinal()], n[4]);
    }

    private static List<CategorySummary> summarize(List<RequirementResult> rs) {
        Map<String, List<RequirementResult>> groups = new LinkedHashMap<>();
        for (RequirementResult r : rs) {
            groups.computeIfAbsent(r.standard() + "\u0000" + r.category(), k -> new ArrayList<>()).add(r);
        }
        List<CategorySummary> out = new ArrayList<>();
        for (List<RequirementResult> g : groups.values()) {
            RequirementResult first = g.get(0);
            out.add(new CategorySummary(first.standard(), first.category(), first.categoryTitle(), tally(g)));
        }
        return out;
    }

    /** Convenience for a filter given as a nullable string (CLI flags). */
    public static Optional<String> opt(String s) {
        return s == null || s.isBlank() ? Optional.empty() : Optional.of(s);
    }
}
