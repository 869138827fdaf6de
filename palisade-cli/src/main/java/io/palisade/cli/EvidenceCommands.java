package io.palisade.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.palisade.conformity.catalog.Catalog;
import io.palisade.conformity.procurement.ProcurementCheck;
import io.palisade.conformity.procurement.VendorDeclaration;
import io.palisade.conformity.procurement.VendorDeclarationParser;
import io.palisade.conformity.report.JsonReport;
import io.palisade.vuln.ingest.AdvisoryIngestor;
import io.palisade.vuln.ingest.IngestResult;
import io.palisade.vuln.disclosure.SafeText;
import io.palisade.vuln.validate.Finding;
import io.palisade.vuln.validate.ValidateCommand;
import io.palisade.vuln.validate.Validator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Vulnerability handling, conformity assessment and audit checks over the API. */
final class EvidenceCommands {
    static final long MAX_UPLOAD = 8L * 1024 * 1024;

    private EvidenceCommands() {
    }

    static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static byte[] readFile(Path f, long max) throws IOException {
        if (!Files.isRegularFile(f)) {
            throw new ApiClient.CliError(1, "cannot read " + f + ": no such file");
        }
        if (Files.size(f) > max) {
            throw new ApiClient.CliError(1, f + " is larger than " + max + " bytes");
        }
        return Files.readAllBytes(f);
    }

    /** Writes text to --out (0644) or prints it. */
    static void emit(CommandSpec spec, String text, Path out) throws IOException {
        if (out != null) {
            Files.writeString(out, text, StandardCharsets.UTF_8);
            Common.out(spec).println("wrote " + out);
        } else {
            Common.out(spec).print(text);
            if (!text.endsWith("\n")) {
                Common.out(spec).println();
            }
        }
        Common.out(spec).flush();
    }

    // ---- vuln ----------------------------------------------------------------------------------------------

    @Command(name = "vuln", description = "Vulnerability handling: reports and cases, advisories, SBOMs, exposure, VEX, end of life.",
            subcommands = {Disclosure.class, Cases.class, CaseCmd.class, Clocks.class, Ingest.class, Advisories.class, Validate.class,
                    Exposure.class, Publish.class, Eol.class})
    static final class Vuln {
    }

    @Command(name = "disclosure", description = "The coordinated vulnerability disclosure policy published at /.well-known/security.txt"
            + " (RFC 9116) and /.well-known/vulnerability-disclosure-policy.", subcommands = {DisclosureSet.class, DisclosureShow.class})
    static final class Disclosure {
    }

    @Command(name = "set", description = "Set the policy from a JSON file: contacts, expires, policy, preferredLanguages, canonical,"
            + " encryption, acknowledgments, hiring, acknowledgeWithinDays, statusUpdateEveryDays (stored as <data-dir>/disclosure.json).")
    static final class DisclosureSet extends ClientCommand.WithJson {
        @Option(names = "--file", required = true) Path file;

        @Override
        public Integer call() throws IOException {
            JsonNode r = dd.client().put("/api/v1/disclosure", new String(readFile(file, 64 * 1024), StandardCharsets.UTF_8));
            if (json.json) {
                Common.printJson(Common.out(spec), r);
            } else {
                Common.out(spec).printf("disclosure policy set; security.txt expires %s (%s)%n", r.path("policy").path("expires").asText(),
                        r.path("securityTxtCheck").path("passes").asBoolean() ? "passes RFC 9116 checks" : "FAILS: " + r.path("securityTxtCheck").path("problems"));
                Common.out(spec).flush();
            }
            return 0;
        }
    }

    @Command(name = "show", description = "The published policy (with the models' support periods) and its security.txt check.")
    static final class DisclosureShow extends ClientCommand {

        @Override
        public Integer call() {
            Common.printJson(Common.out(spec), dd.client().get("/api/v1/disclosure"));
            return 0;
        }
    }

    @Command(name = "cases", description = "Vulnerability cases (ISO/IEC 29147/30111 stages), oldest first.")
    static final class Cases extends ClientCommand.WithJson {

        @Override
        public Integer call() {
            JsonNode r = dd.client().get("/api/v1/vuln/cases");
            if (json.json) {
                Common.printJson(Common.out(spec), r);
            } else {
                Common.printTable(Common.out(spec), r, "trackingId", "stage", "owner", "activelyExploited", "receivedAt", "affectedProduct", "summary");
            }
            return 0;
        }
    }

    @Command(name = "case", description = "One vulnerability case.", subcommands = {CaseShow.class, CaseUpdate.class})
    static final class CaseCmd {
    }

    @Command(name = "show", description = "A case with its report, notes, due dates, history and CRA Art. 14 clock.")
    static final class CaseShow extends ClientCommand.WithJson {
        @Parameters(index = "0", paramLabel = "ID") String id;

        @Override
        public Integer call() {
            JsonNode r = dd.client().get("/api/v1/vuln/cases/" + Paths.segment(id));
            if (json.json) {
                Common.printJson(Common.out(spec), r);
            } else {
                printCase(Common.out(spec), r);
            }
            return 0;
        }
    }

    /** Human view of a case; reporter texts go through SafeText (no control or bidi characters reach the terminal). */
    static void printCase(PrintWriter out, JsonNode r) {
        JsonNode c = r.path("kase");
        JsonNode rep = c.path("report");
        out.printf("case %s  stage %s  owner %s%n", c.path("trackingId").asText(), c.path("stage").asText().toLowerCase(java.util.Locale.ROOT),
                c.path("owner").isNull() || c.path("owner").isMissingNode() ? "-" : SafeText.plain(c.path("owner").asText()));
        out.printf("received %s%n", c.path("receivedAt").asText());
        out.printf("product  %s %s%n", SafeText.plain(rep.path("affectedProduct").asText()), SafeText.plain(rep.path("affectedVersion").asText("")));
        out.printf("summary  %s%n", SafeText.plain(rep.path("summary").asText()));
        if (rep.hasNonNull("details")) {
            out.printf("details  %s%n", SafeText.plain(rep.path("details").asText()));
        }
        c.path("dueDates").fields().forEachRemaining(e -> out.printf("due      %s by %s%n", e.getKey().toLowerCase(java.util.Locale.ROOT), e.getValue().asText()));
        for (JsonNode s : r.path("craSteps")) {
            out.printf("CRA      %-14s due %s  sent %s%n", s.path("step").asText().toLowerCase(java.util.Locale.ROOT).replace('_', '-'),
                    s.path("due").isNull() ? "(after a fix is available)" : s.path("due").asText(), s.path("sentAt").isNull() ? "-" : s.path("sentAt").asText());
        }
        for (JsonNode n : c.path("notes")) {
            out.printf("note     %s %s: %s%n", n.path("at").asText(), SafeText.plain(n.path("author").asText()), SafeText.plain(n.path("text").asText()));
        }
        for (JsonNode h : c.path("history")) {
            out.printf("history  %s %s -> %s by %s%s%n", h.path("at").asText(), h.path("from").asText(), h.path("to").asText(),
                    SafeText.plain(h.path("actor").asText()), h.path("reason").isNull() ? "" : ": " + SafeText.plain(h.path("reason").asText()));
        }
        if (c.hasNonNull("resolution")) {
            out.printf("resolved %s%n", SafeText.plain(c.path("resolution").asText()));
        }
        out.flush();
    }

    @Command(name = "update", description = "Move a case through its stages (received, verified, remediation, released, closed),"
            + " assign it, add a note, set a due date, flag it actively exploited (starts the CRA Art. 14 clock) and record CRA steps.")
    static final class CaseUpdate extends ClientCommand.WithJson {
        @Parameters(index = "0", paramLabel = "ID") String id;
        @Option(names = "--stage", description = "received|verified|remediation|released|closed") String stage;
        @Option(names = "--reason", description = "reason of the stage change (closing needs one; defaults to --note)") String reason;
        @Option(names = "--owner") String owner;
        @Option(names = "--note") String note;
        @Option(names = "--due", description = "ISO-8601 instant by which --due-stage (default: the next stage) must be reached") Instant due;
        @Option(names = "--due-stage") String dueStage;
        @Option(names = "--exploited", description = "flag actively exploited: starts the CRA Art. 14 clock") boolean exploited;
        @Option(names = "--aware-at", description = "when we became aware of the exploitation (ISO-8601, default now)") Instant awareAt;
        @Option(names = "--cra-step", description = "record a CRA step as sent now: early-warning|notification|final-report") String craStep;
        @Option(names = "--fix-available", description = "record that a fix or mitigation is available (starts the 14-day final-report clock)") boolean fix;

        @Override
        public Integer call() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("stage", stage);
            body.put("reason", reason);
            body.put("owner", owner);
            body.put("note", note);
            body.put("dueStage", dueStage);
            body.put("due", due == null ? null : due.toString());
            body.put("exploited", exploited ? Boolean.TRUE : null);
            body.put("awareAt", awareAt == null ? null : awareAt.toString());
            body.put("craStep", craStep);
            body.put("fixAvailable", fix ? Boolean.TRUE : null);
            JsonNode r = dd.client().post("/api/v1/vuln/cases/" + Paths.segment(id), body);
            if (json.json) {
                Common.printJson(Common.out(spec), r);
            } else {
                printCase(Common.out(spec), r);
            }
            return 0;
        }
    }

    @Command(name = "clocks", description = "Check the case clocks now (stage due dates, CRA 24 h / 72 h / 14 d); overdue steps raise alerts.")
    static final class Clocks extends ClientCommand.WithJson {

        @Override
        public Integer call() {
            JsonNode r = dd.client().post("/api/v1/vuln/clocks/check", null);
            if (json.json) {
                Common.printJson(Common.out(spec), r);
            } else {
                Common.printTable(Common.out(spec), r.path("overdue"), "subject", "kind", "step", "due");
            }
            return 0;
        }
    }

    @Command(name = "ingest", description = "Ingest CSAF 2.0 / OSV advisories from a FILE or a DIR (CSAF provider layout: index.txt,"
            + " changes.csv, ROLIE feeds; otherwise every *.json below it). Each document is validated here with palisade-vuln's directory"
            + " logic, then uploaded one by one; the server validates again and refuses what fails. Exit 1 when any document is refused.")
    static final class Ingest extends ClientCommand.WithJson {
        @Parameters(index = "0", paramLabel = "FILE|DIR") Path path;

        @Override
        public Integer call() throws IOException {
            ApiClient api = dd.client();
            List<Map<String, Object>> results = new ArrayList<>();
            boolean refused = false;
            if (Files.isDirectory(path)) {
                List<IngestResult> local = new AdvisoryIngestor(new Validator()).ingestDirectory(path);
                Map<String, List<Path>> byName;
                try (Stream<Path> s = Files.walk(path.toRealPath(), 6)) {
                    byName = s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                            .collect(Collectors.groupingBy(p -> p.getFileName().toString()));
                }
                for (IngestResult r : local) {
                    if (r instanceof IngestResult.Rejected rej) {
                        refused = true;
                        results.add(rejected(r.source(), rej.findings().stream().map(Finding::ruleId).distinct().sorted().toList(),
                                rej.findings().isEmpty() ? "" : rej.findings().get(0).message()));
                        continue;
                    }
                    for (Path f : byName.getOrDefault(r.source(), List.of())) {
                        refused |= upload(api, f, results);
                    }
                }
            } else {
                refused = upload(api, path, results);
            }
            if (json.json) {
                Common.printJson(Common.out(spec), Json.MAPPER.valueToTree(results));
            } else {
                for (Map<String, Object> r : results) {
                    Common.out(spec).println(r.get("accepted").equals(Boolean.TRUE) ? "accepted " + r.get("source") + " as " + r.get("id")
                            + (Boolean.TRUE.equals(r.get("activelyExploited")) ? " (actively exploited)" : "")
                            : "refused  " + r.get("source") + ": " + r.get("detail"));
                }
                Common.out(spec).flush();
            }
            return refused ? 1 : 0;
        }

        private static Map<String, Object> rejected(String source, List<String> rules, String detail) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("source", source);
            m.put("accepted", false);
            m.put("failedRules", rules);
            m.put("detail", "failed rules: " + String.join(" ", rules) + (detail.isEmpty() ? "" : " (" + detail + ")"));
            return m;
        }

        /** Uploads one document; true when refused. */
        private static boolean upload(ApiClient api, Path f, List<Map<String, Object>> results) throws IOException {
            readFile(f, MAX_UPLOAD);
            try {
                JsonNode r = api.upload("/api/v1/advisories?source=" + q(f.getFileName().toString()), f, "application/json");
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("source", f.getFileName().toString());
                m.put("accepted", true);
                m.put("id", r.path("id").asText());
                m.put("format", r.path("format").asText());
                m.put("activelyExploited", r.path("activelyExploited").asBoolean());
                results.add(m);
                return false;
            } catch (ApiClient.CliError e) {
                if (e.exitCode == 3) {
                    throw e;
                }
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("source", f.getFileName().toString());
                m.put("accepted", false);
                m.put("detail", e.getMessage());
                results.add(m);
                return true;
            }
        }
    }

    @Command(name = "advisories", description = "The ingested advisories.")
    static final class Advisories extends ClientCommand.WithJson {

        @Override
        public Integer call() {
            JsonNode r = dd.client().get("/api/v1/advisories");
            if (json.json) {
                Common.printJson(Common.out(spec), r);
            } else {
                Common.printTable(Common.out(spec), r, "id", "format", "activelyExploited", "cves", "products", "ingestedAt", "title");
            }
            return 0;
        }
    }

    @Command(name = "validate", description = "Validate a CSAF 2.0, OSV, CycloneDX or SPDX JSON document offline (schema and the CSAF 6.1"
            + " mandatory tests). Exit 0 valid, 1 invalid (failed rule ids listed), 2 unreadable.")
    static final class Validate extends ClientCommand {
        @Parameters(index = "0", paramLabel = "FILE") Path file;

        @Override
        public Integer call() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code;
            try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8); PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
                code = new ValidateCommand(new Validator()).run(new String[] {file.toString()}, o, e);
            }
            Common.out(spec).print(out.toString(StandardCharsets.UTF_8));
            Common.out(spec).flush();
            spec.commandLine().getErr().print(err.toString(StandardCharsets.UTF_8));
            spec.commandLine().getErr().flush();
            return code;
        }
    }

    @Command(name = "exposure", description = "Which models, firmware versions and how many live devices each ingested advisory affects"
            + " (matched by purl, CPE or vendor/product name and version range, with a confidence). Actively exploited exposures raise"
            + " vuln.exploited alerts.")
    static final class Exposure extends ClientCommand.WithJson {
        @Option(names = "--advisory") String advisory;

        @Override
        public Integer call() {
            JsonNode r = dd.client().get("/api/v1/vuln/exposure" + (advisory == null ? "" : "?advisory=" + q(advisory)));
            if (json.json) {
                Common.printJson(Common.out(spec), r);
                return 0;
            }
            PrintWriter out = Common.out(spec);
            out.printf("%d advisories against %d firmware versions: %d device(s) exposed%n", r.path("advisoriesChecked").asInt(),
                    r.path("firmwareVersionsChecked").asInt(), r.path("exposedDevices").asLong());
            for (JsonNode a : r.path("advisories")) {
                out.printf("%n%s%s  %s  affected devices %d%n", a.path("advisoryId").asText(), a.path("activelyExploited").asBoolean()
                        ? " [ACTIVELY EXPLOITED]" : "", SafeText.plain(a.path("title").asText("")), a.path("affectedDevices").asLong());
                Common.printTable(out, a.path("firmware"), "model", "firmwareVersion", "status", "devices", "matchedBy", "confidence", "component",
                        "range", "fixedVersions");
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "publish", description = "Our own advisory or VEX for the firmware versions an ingested advisory matched:"
            + " CSAF 2.0 csaf_security_advisory, csaf_vex or CycloneDX 1.5 VEX.")
    static final class Publish extends ClientCommand {
        @Option(names = "--advisory", required = true) String advisory;
        @Option(names = "--format", defaultValue = "csaf", description = "csaf|csaf-vex|cyclonedx-vex (default: ${DEFAULT-VALUE})") String format;
        @Option(names = "--publisher", description = "publisher name (default: the models' manufacturer)") String publisher;
        @Option(names = "--namespace", description = "publisher namespace URI (default: https://<public host>)") String namespace;
        @Option(names = "--out") Path out;

        @Override
        public Integer call() throws IOException {
            StringBuilder path = new StringBuilder("/api/v1/vuln/publish?advisory=").append(q(advisory)).append("&format=").append(q(format));
            if (publisher != null) {
                path.append("&publisher=").append(q(publisher));
            }
            if (namespace != null) {
                path.append("&namespace=").append(q(namespace));
            }
            emit(spec, dd.client().getText(path.toString()), out);
            return 0;
        }
    }

    @Command(name = "eol", description = "Models past their support period or inside the warning window, with device counts; raises alerts.")
    static final class Eol extends ClientCommand.WithJson {
        @Option(names = "--warning-months", defaultValue = "6") int months;
        @Option(names = "--all", description = "also list models whose support continues") boolean all;

        @Override
        public Integer call() {
            JsonNode r = dd.client().get("/api/v1/vuln/eol?warningMonths=" + months);
            List<JsonNode> shown = new ArrayList<>();
            r.forEach(n -> {
                if (all || !n.path("state").asText().equals("OK")) {
                    shown.add(n);
                }
            });
            JsonNode arr = Json.MAPPER.valueToTree(shown);
            if (json.json) {
                Common.printJson(Common.out(spec), arr);
            } else {
                Common.printTable(Common.out(spec), arr, "model", "manufacturer", "supportUntil", "state", "devices");
            }
            return 0;
        }
    }

    /** {@code palisade firmware sbom}: registered under {@code firmware} by the firmware commands. */
    @Command(name = "sbom", description = "Attach an SBOM (CycloneDX JSON or SPDX 2.3 JSON) to a firmware version; it is validated and its"
            + " components are matched against ingested advisories.")
    static final class Sbom extends ClientCommand.WithJson {
        @Option(names = "--model", required = true) String model;
        @Option(names = "--version", required = true) String version;
        @Option(names = "--file", required = true) Path file;

        @Override
        public Integer call() throws IOException {
            JsonNode r = dd.client().put("/api/v1/firmware/" + Paths.segment(model) + "/" + Paths.segment(version) + "/sbom",
                    new String(readFile(file, MAX_UPLOAD), StandardCharsets.UTF_8));
            if (json.json) {
                Common.printJson(Common.out(spec), r);
            } else {
                Common.out(spec).printf("SBOM attached to %s %s: %s, %d component(s), sha256 %s%n", model, version, r.path("format").asText(),
                        r.path("components").asInt(), r.path("sha256").asText());
                Common.out(spec).flush();
            }
            return 0;
        }
    }

    // ---- assess ------------------------------------------------------------------------------------------------

    @Command(name = "assess", description = "Conformity assessment from live evidence (NISTIR 8259A, ETSI EN 303 645, CRA, PSTI, ...).",
            subcommands = {DeviceDefinition.class, Traits.class, Vendor.class, Attest.class, CatalogCmd.class})
    static final class Assess extends ClientCommand {
        @Option(names = "--profile", defaultValue = "consumer", description = "consumer|enterprise|industrial|critical-infrastructure") String profile;
        @Option(names = "--standard", description = "only this standard, e.g. etsi-en-303-645, nistir-8259a, cra, uk-psti") String standard;
        @Option(names = "--model") String model;
        @Option(names = "--format", defaultValue = "json", description = "json|html|oscal (default: ${DEFAULT-VALUE})") String format;
        @Option(names = "--out") Path out;

        @Override
        public Integer call() throws IOException {
            StringBuilder p = new StringBuilder("/api/v1/conformity?profile=").append(q(profile)).append("&format=").append(q(format));
            if (standard != null) {
                p.append("&standard=").append(q(standard));
            }
            if (model != null) {
                p.append("&model=").append(q(model));
            }
            String text = dd.client().getText(p.toString());
            if (format.equals("json") && out == null) {
                JsonNode r = Json.MAPPER.readTree(text);
                JsonNode t = r.path("totals");
                PrintWriter w = Common.out(spec);
                w.printf("%s%s%s: %d pass, %d fail, %d need attestation, %d not applicable (%d self-attested)%n", r.path("profileTitle").asText(),
                        r.hasNonNull("standard") ? " / " + r.path("standard").asText() : "", r.hasNonNull("model") ? " / model " + r.path("model").asText() : "",
                        t.path("pass").asInt(), t.path("fail").asInt(), t.path("needsAttestation").asInt(), t.path("notApplicable").asInt(),
                        t.path("selfAttested").asInt());
                for (JsonNode x : r.path("results")) {
                    w.printf("%-18s %-40s %s%n", x.path("verdict").asText(), x.path("requirementId").asText(),
                            x.path("reasons").isEmpty() ? "" : SafeText.plain(x.path("reasons").get(0).asText()));
                }
                w.flush();
                return 0;
            }
            emit(spec, text, out);
            return 0;
        }
    }

    @Command(name = "device-definition", description = "Whether a model is an IoT device (NIST IR 8259 definition), from its declared traits.")
    static final class DeviceDefinition extends ClientCommand.WithJson {
        @Option(names = "--model", required = true) String model;

        @Override
        public Integer call() {
            JsonNode r = dd.client().get("/api/v1/models/" + Paths.segment(model) + "/device-definition");
            if (json.json) {
                Common.printJson(Common.out(spec), r);
            } else {
                JsonNode d = r.path("definition");
                Common.out(spec).printf("%s %s an IoT device (NIST IR 8259)%n", model, d.path("iotDevice").asBoolean() ? "is" : "is NOT");
                d.path("reasons").forEach(x -> Common.out(spec).println("  - " + x.asText()));
                Common.out(spec).flush();
            }
            return 0;
        }
    }

    @Command(name = "traits", description = "Declare a model's traits from a JSON file: sensors, actuators, networkInterfaces, operation"
            + " (standalone|needs-companion|component-only), generalPurposeComputer, placedOnMarket (YYYY-MM, optional).")
    static final class Traits extends ClientCommand {
        @Option(names = "--model", required = true) String model;
        @Option(names = "--file", required = true) Path file;

        @Override
        public Integer call() throws IOException {
            JsonNode r = dd.client().put("/api/v1/models/" + Paths.segment(model) + "/traits", new String(readFile(file, 64 * 1024), StandardCharsets.UTF_8));
            Common.out(spec).printf("traits of %s stored; IoT device: %s%n", model, r.path("definition").path("iotDevice").asBoolean());
            Common.out(spec).flush();
            return 0;
        }
    }

    @Command(name = "vendor", description = "Score a vendor's declaration (" + VendorDeclarationParser.FORMAT + ") against a profile,"
            + " offline: gaps on mandatory requirements block procurement.")
    static final class Vendor extends ClientCommand.WithJson {
        @Option(names = "--declaration", required = true) Path declaration;
        @Option(names = "--profile", required = true) String profile;
        @Option(names = "--standard") String standard;

        @Override
        public Integer call() throws IOException {
            VendorDeclaration decl = VendorDeclarationParser.parse(readFile(declaration, VendorDeclarationParser.MAX_BYTES));
            ProcurementCheck.Report r = ProcurementCheck.score(Catalog.loadDefault(), decl, profile, standard);
            PrintWriter w = Common.out(spec);
            if (json.json) {
                w.println(JsonReport.write(r));
            } else {
                w.printf("%s %s against %s%s: score %.1f, %d of %d applicable requirements met, %d mandatory gap(s)%n",
                        SafeText.plain(r.vendor()), SafeText.plain(r.product()), r.profile(), r.standard() == null ? "" : " / " + r.standard(),
                        r.score(), r.met(), r.applicable(), r.mandatoryGaps());
                for (ProcurementCheck.Gap g : r.gaps()) {
                    w.printf("  %-28s %-40s %s%n", g.kind(), g.requirementId(), g.detail() == null ? "" : SafeText.plain(g.detail()));
                }
            }
            w.flush();
            return r.mandatoryGaps() > 0 ? 1 : 0;
        }
    }

    @Command(name = "attest", description = "Set the manufacturer attestations (" + "palisade-attestations/1" + " JSON) for what software cannot"
            + " observe; reports mark those verdicts self-attested.")
    static final class Attest extends ClientCommand {
        @Option(names = "--file", required = true) Path file;

        @Override
        public Integer call() throws IOException {
            JsonNode r = dd.client().put("/api/v1/attestations", new String(readFile(file, 1024 * 1024), StandardCharsets.UTF_8));
            Common.out(spec).printf("%d attestation(s) stored%n", r.path("attestations").asInt());
            Common.out(spec).flush();
            return 0;
        }
    }

    @Command(name = "catalog", description = "The requirement catalog as an OSCAL 1.1.2 catalog.")
    static final class CatalogCmd extends ClientCommand {
        @Option(names = "--out") Path out;

        @Override
        public Integer call() throws IOException {
            emit(spec, dd.client().getText("/api/v1/conformity/catalog?format=oscal"), out);
            return 0;
        }
    }

    // ---- audit -------------------------------------------------------------------------------------------------

    @Command(name = "run", description = "Run the audit checks now (certificates, shared keys, CAs, topic grants, audit chain, support"
            + " periods, exploited firmware); every finding is also raised as an alert.")
    static final class AuditRun extends ClientCommand.WithJson {

        @Override
        public Integer call() {
            JsonNode r = dd.client().post("/api/v1/audit-checks/run", null);
            if (json.json) {
                Common.printJson(Common.out(spec), r);
            } else {
                Common.out(spec).printf("%d finding(s)%n", r.path("findings").asInt());
                List<JsonNode> rows = new ArrayList<>();
                for (JsonNode f : r.path("results")) {
                    rows.add(Json.MAPPER.createObjectNode().put("severity", f.path("severity").asText()).put("check", f.path("check").asText())
                            .put("subject", SafeText.plain(f.path("subject").asText())).put("mitigation", f.path("mitigation").asText()));
                }
                Common.printTable(Common.out(spec), Json.MAPPER.valueToTree(rows), "severity", "check", "subject", "mitigation");
            }
            return 0;
        }
    }
}
