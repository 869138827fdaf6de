package io.palisade.conformity.catalog;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One requirement with a stable id {@code <standard>:<local-id>} (e.g. {@code etsi-en-303-645:5.1-1}).
 * {@code text} is Palisade's one-line paraphrase, never the standard's text. {@code condition} is set for
 * conditional or feature-dependent requirements (a paraphrase of the condition); {@code conditions} and
 * {@code features} are the numbers and letters the standard's status table gives (ETSI EN 303 645 Table B.1),
 * empty elsewhere. {@code collector} names the evidence collector when the requirement is (partly) observable,
 * and is null for attestation-only requirements.
 */
public record Requirement(String id, String standard, String localId, String category, String title, String text,
        RequirementStatus status, String condition, EvidenceKind evidence, String collector, List<Integer> conditions,
        List<String> features) {
    /** Local ids: letters, digits, '.', '-'; so {@link #oscalId()} is an XML NCName as OSCAL requires. */
    public static final Pattern LOCAL_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]{0,63}");
    public static final Pattern STANDARD_ID = Pattern.compile("[a-z][a-z0-9-]{1,39}");

    public Requirement(String id, String standard, String localId, String category, String title, String text,
            RequirementStatus status, String condition, EvidenceKind evidence, String collector) {
        this(id, standard, localId, category, title, text, status, condition, evidence, collector, List.of(), List.of());
    }

    public Requirement {
        Objects.requireNonNull(standard, "standard");
        Objects.requireNonNull(localId, "localId");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(evidence, "evidence");
        conditions = conditions == null ? List.of() : List.copyOf(conditions);
        features = features == null ? List.of() : List.copyOf(features);
        if (!id.equals(standard + ":" + localId)) {
            throw new IllegalArgumentException("requirement id must be <standard>:<local id>: " + id);
        }
        if (status.conditional() != (condition != null)) {
            throw new IllegalArgumentException(id + ": a condition is required exactly for conditional statuses");
        }
        if (!conditions.isEmpty() && !status.hasCondition()) {
            throw new IllegalArgumentException(id + ": condition numbers given for a status without C");
        }
        if (features.isEmpty() == status.hasFeature()) {
            throw new IllegalArgumentException(id + ": feature letters are required exactly for statuses with F");
        }
        if (evidence.observed() != (collector != null)) {
            throw new IllegalArgumentException(id + ": a collector is required exactly for observed evidence");
        }
    }

    /** The status as the standard's table prints it, e.g. {@code M C (9, 12)} or {@code M C F (14, e)}. */
    public String statusLabel() {
        if (conditions.isEmpty() && features.isEmpty()) {
            return status.label();
        }
        StringBuilder b = new StringBuilder(status.label()).append(" (");
        String sep = "";
        for (Integer c : conditions) {
            b.append(sep).append(c);
            sep = ", ";
        }
        for (String f : features) {
            b.append(sep).append(f);
            sep = ", ";
        }
        return b.append(')').toString();
    }

    /** The id as an OSCAL control id (a token: the ':' becomes '_'). */
    public String oscalId() {
        return oscalId(id);
    }

    public static String oscalId(String requirementId) {
        return requirementId.replace(':', '_');
    }
}
