package io.palisade.json;

/**
 * A JSON document does not have the expected shape. {@link #where()} names the place (a description such as
 * {@code "declaration #3"} or a path such as {@code "$.zones[0]"}), {@link #problem()} what is wrong; the message is
 * {@code where + ": " + problem}. Callers translate it into their own error type.
 */
public final class JsonFieldException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String where;
    private final String problem;

    public JsonFieldException(String where, String problem) {
        super(where + ": " + problem);
        this.where = where;
        this.problem = problem;
    }

    public String where() {
        return where;
    }

    public String problem() {
        return problem;
    }
}
