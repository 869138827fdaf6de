package io.palisade.server.cli;

import picocli.CommandLine.Command;

/** Vulnerability handling, conformity assessment and audit checks over the API. */
final class EvidenceCommands {
    private EvidenceCommands() {
    }

    @Command(name = "vuln", description = "Vulnerability handling: reports and cases, advisories, SBOMs, exposure, VEX, end of life.")
    static final class Vuln {
    }

    @Command(name = "assess", description = "Conformity assessment from live evidence (NISTIR 8259A, ETSI EN 303 645, CRA, PSTI, ...).")
    static final class Assess {
    }

    @Command(name = "run", description = "Run the audit checks now.")
    static final class AuditRun {
    }
}
