package io.palisade.conformity.procurement;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * A vendor's self-declaration in catalog ids (format: see {@code vendor-declaration.md} next to the catalog,
 * and {@link VendorDeclarationParser}).
 */
public record VendorDeclaration(String vendor, String product, LocalDate date, List<Entry> entries) {
    public enum Status { MET, PARTIAL, NOT_MET, NOT_APPLICABLE }

    /** One declared requirement; {@code requirement} may be an id the catalog does not know (reported as a gap). */
    public record Entry(String requirement, Status status, String justification, String evidence) {
        public Entry {
            Objects.requireNonNull(requirement, "requirement");
            Objects.requireNonNull(status, "status");
        }
    }

    public VendorDeclaration {
        Objects.requireNonNull(vendor, "vendor");
        Objects.requireNonNull(product, "product");
        Objects.requireNonNull(date, "date");
        entries = List.copyOf(entries);
    }
}
