package io.palisade.store;

import io.palisade.core.PalisadeException;
import org.jdbi.v3.core.Handle;

/**
 * What the JDBC repositories of one handle share: the handle, whether it may write, and the helpers for the
 * check-first inserts and the NOT_FOUND updates.
 */
abstract class JdbcRepository {
    /** Upper bound on the rows one list/page call returns. */
    static final int MAX_PAGE = 10_000;

    final Handle h;
    private final boolean writable;

    JdbcRepository(Handle h, boolean writable) {
        this.h = h;
        this.writable = writable;
    }

    final void requireWritable() {
        if (!writable) {
            throw new IllegalStateException("Store.read() is read-only: run writes inside Store.transaction()");
        }
    }

    final boolean exists(String sql, String name, Object value) {
        return Sql.run("lookup", () -> h.createQuery(sql).bind(name, value).mapTo(Integer.class).findFirst().isPresent());
    }

    static void requireOne(int rows, String what) {
        if (rows == 0) {
            throw PalisadeException.notFound(what + " does not exist");
        }
    }

    static int pageLimit(int limit) {
        if (limit <= 0) {
            throw PalisadeException.invalid("limit must be positive");
        }
        return Math.min(limit, MAX_PAGE);
    }
}
