package io.palisade.conformity.catalog;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One requirement with a stable id {@code <standard>:<local-id>} (e.g. {@code etsi-en-303-645:5.1-1}).
 * {@code text} is Palisade's one-line paraphrase, never the standard's text. {@code condition} is set for
 * conditional requirements; {@code collector} names the evidence collector when the requirement is (partly)
 * observable, and is null for attestation-only requirements.
 */
public record Requirement(String id, String standard, String localId, String category, String title, String text,
        RequirementStatus status, String condition, EvidenceKind evidence, String collector) {
    /** Local ids: letters, digits, '.', '-'; so {@link #oscalId()} is an XML NCName as OSCAL requires. */
    public static final Pattern LOCAL_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]{0,63}");
    public static final Pattern STANDARD_ID = Pattern.compile("[a-z][a-z0-9-]{1,39}");

    public Requirement {
        Objects.requireNonNull(standard, "standard");
        Objects.requireNonNull(localId, "localId");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(evidence, "evidence");
        if (!id.equals(standard + ":" + localId)) {
            throw new IllegalArgumentException("requirement id must be <standard>:<local id>: " + id);
        }
        if (status.conditional() != (condition != null)) {
            throw new IllegalArgumentException(id + ": a condition is required exactly for conditional statuses");
        }
        if (evidence.observed() != (collector != null)) {
            throw new IllegalArgumentException(id + ": a collector is required exactly for observed evidence");
        }
    }

    /** The id as an OSCAL control id (a token: the ':' becomes '_'). */
    public String oscalId() {
        return oscalId(id);
    }

    public static String oscalId(String requirementId) {
        return requirementId.replace(':', '_');
    }
}
