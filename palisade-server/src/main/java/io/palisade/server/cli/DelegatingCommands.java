package io.palisade.server.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/** Commands whose argument syntax is defined elsewhere (the TUF conformance client CLI, the MUD offline check). */
final class DelegatingCommands {
    private DelegatingCommands() {
    }

    interface Runner {
        int run(String[] args, PrintStream out, PrintStream err);
    }

    static int delegate(List<String> args, Runner r) {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true, StandardCharsets.UTF_8);
        return r.run(args == null ? new String[0] : args.toArray(new String[0]), out, err);
    }

    @Command(name = "tuf-client", description = "A standard TUF client (tuf-conformance CLIENT-CLI): --metadata-dir D init ROOT |"
            + " --metadata-dir D --metadata-url U refresh | ... --target-name T --target-base-url B --target-dir O download. Exit 0 or 1.")
    static final class TufClient implements Callable<Integer> {
        @Unmatched List<String> args = new ArrayList<>();

        @Override
        public Integer call() {
            return delegate(args, io.palisade.tuf.cli.TufClientCli::run);
        }
    }
}
