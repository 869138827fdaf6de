package io.palisade.store;

import io.palisade.core.ErrorCode;
import io.palisade.core.PalisadeException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.function.Supplier;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.argument.Argument;

/** Column conversions and error mapping shared by the repositories. */
final class Sql {
    static final String UNIQUE_VIOLATION = "23505";
    static final String FOREIGN_KEY_VIOLATION = "23503";

    private Sql() {
    }

    /** Instants are stored in UTC, truncated to microseconds (the precision both vendors keep). */
    static Instant micros(Instant at) {
        return at == null ? null : at.truncatedTo(ChronoUnit.MICROS);
    }

    static Argument ts(Instant at) {
        if (at == null) {
            return (pos, st, ctx) -> st.setNull(pos, Types.TIMESTAMP_WITH_TIMEZONE);
        }
        OffsetDateTime v = OffsetDateTime.ofInstant(micros(at), ZoneOffset.UTC);
        return (pos, st, ctx) -> st.setObject(pos, v);
    }

    static Argument serial(BigInteger serial) {
        BigDecimal v = new BigDecimal(serial);
        return (pos, st, ctx) -> st.setBigDecimal(pos, v);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime v = rs.getObject(column, OffsetDateTime.class);
        return v == null ? null : v.toInstant();
    }

    static BigInteger serial(ResultSet rs, String column) throws SQLException {
        return rs.getBigDecimal(column).toBigIntegerExact();
    }

    static <E extends Enum<E>> E enumOrNull(Class<E> type, String name) {
        return name == null ? null : Enum.valueOf(type, name);
    }

    /** Runs a statement, mapping database errors to PalisadeException (duplicate key: CONFLICT). */
    static <T> T run(String what, Supplier<T> statement) {
        try {
            return statement.get();
        } catch (JdbiException e) {
            throw translate(what, e);
        }
    }

    static void exec(String what, Runnable statement) {
        run(what, () -> {
            statement.run();
            return null;
        });
    }

    static PalisadeException translate(String what, JdbiException e) {
        SQLException sql = findSql(e);
        String state = sql == null || sql.getSQLState() == null ? "" : sql.getSQLState();
        if (state.equals(UNIQUE_VIOLATION)) {
            return new PalisadeException(ErrorCode.CONFLICT, what + ": already exists", e);
        }
        if (state.equals(FOREIGN_KEY_VIOLATION)) {
            return new PalisadeException(ErrorCode.NOT_FOUND, what + ": refers to a row that does not exist", e);
        }
        if (state.startsWith("22")) {
            return new PalisadeException(ErrorCode.INVALID_INPUT, what + ": value rejected by the database (too long or out of range)", e);
        }
        return new PalisadeException(ErrorCode.INTERNAL, what + ": database error" + (state.isEmpty() ? "" : " (SQLState " + state + ")"), e);
    }

    private static SQLException findSql(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLException s) {
                return s;
            }
        }
        return null;
    }
}
