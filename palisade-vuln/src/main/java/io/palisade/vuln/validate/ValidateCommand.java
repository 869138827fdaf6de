package io.palisade.vuln.validate;

import io.palisade.core.PalisadeException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code vuln validate FILE}: validates a CSAF, OSV, CycloneDX or SPDX JSON document offline. Exit codes: 0 valid,
 * 1 invalid (one line per finding: rule id, JSON pointer, message; then the distinct failed rule ids),
 * 2 usage or I/O error. The CLI module calls {@link #run(String[], PrintStream, PrintStream)}.
 */
public final class ValidateCommand {
    private final Validator validator;

    public ValidateCommand(Validator validator) {
        this.validator = validator;
    }

    public int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length != 1) {
            err.println("usage: vuln validate FILE");
            return 2;
        }
        Path file = Path.of(args[0]);
        if (!Files.isRegularFile(file)) {
            err.println("not a readable file: " + args[0]);
            return 2;
        }
        ValidationReport report;
        try {
            report = validator.validate(file);
        } catch (PalisadeException e) {
            err.println(e.getMessage());
            return 2;
        }
        if (report.valid()) {
            out.println("valid " + report.schema());
            return 0;
        }
        out.println("invalid " + report.kind() + (report.schema() == null ? "" : " (" + report.schema() + ")"));
        for (Finding f : report.findings()) {
            out.println(f.ruleId() + "\t" + (f.path().isEmpty() ? "/" : f.path()) + "\t" + f.message().replaceAll("\\p{Cntrl}", " "));
        }
        out.println("failed rules: " + String.join(" ", report.failedRules()));
        return 1;
    }
}
