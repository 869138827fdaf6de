package io.palisade.conformity.procurement;

import io.palisade.conformity.catalog.Catalog;
import io.palisade.conformity.catalog.Crosswalk;
import io.palisade.conformity.catalog.ProfileDefinition;
import io.palisade.conformity.catalog.Requirement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Scores a vendor declaration against a risk profile. Weights: mandatory 3, recommended 1; met counts fully,
 * partial half. A requirement not declared but deemed met through a {@code deemed-compliance} crosswalk whose
 * targets are all declared met counts as met. Not-applicable is accepted (and leaves the denominator) only for
 * conditional or recommended requirements, with a justification.
 */
public final class ProcurementCheck {
    private ProcurementCheck() {
    }

    public enum GapKind { MISSING, NOT_MET, PARTIAL, UNJUSTIFIED_NOT_APPLICABLE, UNKNOWN_ID, OUTSIDE_PROFILE }

    public record Gap(String requirementId, GapKind kind, String status, String title, String detail) {
        public Gap {
            Objects.requireNonNull(requirementId, "requirementId");
            Objects.requireNonNull(kind, "kind");
        }
    }

    /**
     * @param score          0-100, weighted share of applicable requirements met
     * @param applicable     requirements of the profile counted in the score
     * @param met            requirements met (declared, or deemed via crosswalk)
     * @param mandatoryGaps  gaps on mandatory requirements (a procurement blocker)
     */
    public record Report(String vendor, String product, String profile, String standard, double score, int applicable,
            int met, int mandatoryGaps, List<Gap> gaps) {
        public Report {
            gaps = List.copyOf(gaps);
        }
    }

    public static Report score(Catalog catalog, VendorDeclaration decl, String profileId, String standardFilter) {
        ProfileDefinition profile = catalog.profile(profileId);
        List<Requirement> selected = catalog.select(profile, standardFilter);
        Map<String, VendorDeclaration.Entry> byId = new HashMap<>();
        decl.entries().forEach(e -> byId.put(catalog.canonicalId(e.requirement()), e));
        List<Gap> gaps = new ArrayList<>();
        for (VendorDeclaration.Entry e : decl.entries()) {
            if (catalog.find(e.requirement()).isEmpty()) {
                gaps.add(new Gap(e.requirement(), GapKind.UNKNOWN_ID, null, null, "not a catalog requirement id"));
            }
        }
        double total = 0;
        double got = 0;
        int applicable = 0;
        int met = 0;
        int mandatoryGaps = 0;
        for (Requirement r : selected) {
            int w = r.status().mandatory() ? 3 : 1;
            VendorDeclaration.Entry e = byId.get(r.id());
            Gap gap = null;
            double credit = 0;
            boolean counted = true;
            if (e == null) {
                if (deemedMet(catalog, r, byId)) {
                    credit = 1;
                } else {
                    gap = new Gap(r.id(), GapKind.MISSING, r.status().label(), r.title(), "not declared");
                }
            } else {
                switch (e.status()) {
                    case MET -> credit = 1;
                    case PARTIAL -> {
                        credit = 0.5;
                        gap = new Gap(r.id(), GapKind.PARTIAL, r.status().label(), r.title(), e.justification());
                    }
                    case NOT_MET -> gap = new Gap(r.id(), GapKind.NOT_MET, r.status().label(), r.title(), e.justification());
                    case NOT_APPLICABLE -> {
                        boolean allowed = r.status().conditional() || !r.status().mandatory();
                        if (allowed && e.justification() != null) {
                            counted = false;
                        } else {
                            gap = new Gap(r.id(), GapKind.UNJUSTIFIED_NOT_APPLICABLE, r.status().label(), r.title(),
                                    allowed ? "not-applicable needs a justification"
                                            : "an unconditional mandatory requirement cannot be not applicable");
                        }
                    }
                }
            }
            if (gap != null) {
                gaps.add(gap);
                if (r.status().mandatory()) {
                    mandatoryGaps++;
                }
            }
            if (counted) {
                applicable++;
                total += w;
                got += w * credit;
                if (credit == 1) {
                    met++;
                }
            }
        }
        java.util.Set<String> selectedIds = new java.util.HashSet<>();
        selected.forEach(r -> selectedIds.add(r.id()));
        for (VendorDeclaration.Entry e : decl.entries()) {
            if (catalog.find(e.requirement()).isPresent() && !selectedIds.contains(catalog.canonicalId(e.requirement()))) {
                gaps.add(new Gap(e.requirement(), GapKind.OUTSIDE_PROFILE, null, null, "declared but not part of the profile; ignored"));
            }
        }
        double score = total == 0 ? 100.0 : Math.round(1000.0 * got / total) / 10.0;
        return new Report(decl.vendor(), decl.product(), profile.id(), standardFilter, score, applicable, met, mandatoryGaps, gaps);
    }

    /**
     * Deemed met when, on at least one route, every deemed-compliance target is declared met; a "where relevant" target
     * (UK PSTI: ETSI 5.1-2 applies only where pre-installed passwords are used) may instead be declared not applicable
     * with a justification, as long as the route has at least one target declared met.
     */
    private static boolean deemedMet(Catalog catalog, Requirement r, Map<String, VendorDeclaration.Entry> byId) {
        Map<String, List<Crosswalk>> routes = new java.util.LinkedHashMap<>();
        catalog.crosswalks().stream()
                .filter(x -> x.source().equals(r.id()) && x.relation() == Crosswalk.Relation.DEEMED_COMPLIANCE)
                .forEach(x -> routes.computeIfAbsent(x.route(), k -> new ArrayList<>()).add(x));
        for (List<Crosswalk> route : routes.values()) {
            boolean anyMet = false;
            boolean ok = true;
            for (Crosswalk x : route) {
                VendorDeclaration.Entry t = byId.get(x.target());
                if (t != null && t.status() == VendorDeclaration.Status.MET) {
                    anyMet = true;
                } else if (!(x.whereRelevant() && t != null && t.status() == VendorDeclaration.Status.NOT_APPLICABLE
                        && t.justification() != null && !t.justification().isBlank())) {
                    ok = false;
                }
            }
            if (ok && anyMet) {
                return true;
            }
        }
        return false;
    }
}
