package io.palisade.conformity.catalog;

import java.util.List;
import java.util.Objects;

/** One standard or regulation in the catalog, with its categories (clauses, capabilities, FRs) in order. */
public record Standard(String id, String title, String version, String publisher, String url, String note,
        List<Category> categories) {
    public Standard {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(version, "version");
        categories = List.copyOf(categories);
    }

    /** A category inside a standard; {@code id} is local to the standard. */
    public record Category(String id, String title) {
        public Category {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(title, "title");
        }
    }
}
