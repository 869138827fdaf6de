package io.palisade.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/** Commands whose argument syntax is defined elsewhere (the TUF conformance client CLI, the MUD offline check). */
final class DelegatingCommands {
    private DelegatingCommands() {
    }

    interface Runner {
        int run(String[] args, PrintStream out, PrintStream err);
    }

    static int delegate(CommandSpec spec, List<String> args, Runner r) {
        PrintStream out = stream(spec.commandLine().getOut());
        PrintStream err = stream(spec.commandLine().getErr());
        int code = r.run(args == null ? new String[0] : args.toArray(new String[0]), out, err);
        out.flush();
        err.flush();
        return code;
    }

    /** A PrintStream that forwards (UTF-8) to the command's PrintWriter, so output stays capturable. */
    private static PrintStream stream(java.io.PrintWriter w) {
        return new PrintStream(new java.io.OutputStream() {
            private final java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();

            @Override
            public void write(int b) {
                buf.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                buf.write(b, off, len);
            }

            @Override
            public void flush() {
                w.write(buf.toString(StandardCharsets.UTF_8));
                w.flush();
                buf.reset();
            }
        }, true, StandardCharsets.UTF_8);
    }

    @Command(name = "tuf-client", description = "A standard TUF client (tuf-conformance CLIENT-CLI): --metadata-dir D init ROOT |"
            + " --metadata-dir D --metadata-url U refresh | ... --target-name T --target-base-url B --target-dir O download. Exit 0 or 1.")
    static final class TufClient implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Unmatched List<String> args = new ArrayList<>();

        @Override
        public Integer call() {
            return delegate(spec, args, io.palisade.tuf.cli.TufClientCli::run);
        }
    }

    @Command(name = "check", description = "Offline flow analysis: --mud FILE.json --device-ip IP [--site SITE.json] --flows FLOWS.jsonl"
            + " [--json] [--lenient] [--signature FILE.p7s --trust CERTS.pem] [--nft OUT.nft]; one verdict per flow line.")
    static final class MudCheck implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Unmatched List<String> args = new ArrayList<>();

        @Override
        public Integer call() {
            return delegate(spec, args, io.palisade.mud.cli.MudCheckCli::run);
        }
    }
}
