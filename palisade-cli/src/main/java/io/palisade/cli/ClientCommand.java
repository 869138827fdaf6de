package io.palisade.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The shape every client command shares: {@code --data-dir} (where server.json and the admin token are), the
 * command's output, and the exit codes of {@link Main#run} (0 ok, 1 refused or failed, 2 usage, 3 server
 * unreachable — errors are thrown as {@link ApiClient.CliError} or the domain's exception and mapped there).
 */
public abstract class ClientCommand implements Callable<Integer> {
    @Spec protected CommandSpec spec;
    @Mixin protected Common.DataDir dd;

    /** The running server's API (found through data-dir/server.json). */
    protected ApiClient api() {
        return dd.client();
    }

    protected PrintWriter out() {
        return Common.out(spec);
    }

    /** A client command that can also answer in JSON ({@code --json}) for scripts. */
    public abstract static class WithJson extends ClientCommand {
        @Mixin protected Common.JsonFlag json;

        /** Prints {@code r} as JSON with --json, otherwise as fields (an object) or JSON (an array). */
        protected void print(JsonNode r) {
            if (json.json) {
                Common.printJson(out(), r);
            } else if (r.isArray()) {
                Common.printJson(out(), r);
            } else {
                Common.printFields(out(), r);
            }
        }
    }
}
