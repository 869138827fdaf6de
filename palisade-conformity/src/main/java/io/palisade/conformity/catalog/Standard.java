package io.palisade.conformity.catalog;

import java.util.List;
import java.util.Objects;

/**
 * One standard or regulation in the catalog, with its categories (clauses, capabilities, FRs) in order.
 * {@code source} names the document, version and clause the catalog file was written from; {@code aliases} are
 * other standard ids that resolve to this one (e.g. a version-explicit id).
 */
public record Standard(String id, String title, String version, String publisher, String url, String note,
        List<Category> categories, Source source, List<String> aliases) {
    public Standard {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(version, "version");
        categories = List.copyOf(categories);
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
    }

    public Standard(String id, String title, String version, String publisher, String url, String note,
            List<Category> categories) {
        this(id, title, version, publisher, url, note, categories, null, List.of());
    }

    /** A category inside a standard; {@code id} is local to the standard. */
    public record Category(String id, String title) {
        public Category {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(title, "title");
        }
    }

    /** Where the catalog file comes from: document, version and clause(s). */
    public record Source(String document, String version, String clause) {
        public Source {
            Objects.requireNonNull(document, "document");
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(clause, "clause");
        }
    }
}
