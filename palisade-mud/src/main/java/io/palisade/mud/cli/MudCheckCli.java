package io.palisade.mud.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.palisade.mud.MudException;
import io.palisade.mud.MudParseResult;
import io.palisade.mud.MudParser;
import io.palisade.mud.ParseMode;
import io.palisade.mud.model.Acl;
import io.palisade.mud.model.Ace;
import io.palisade.mud.model.Direction;
import io.palisade.mud.net.IpAddress;
import io.palisade.mud.nft.NftablesExporter;
import io.palisade.mud.policy.CompiledPolicy;
import io.palisade.mud.policy.DnsCache;
import io.palisade.mud.policy.Flow;
import io.palisade.mud.policy.FlowParser;
import io.palisade.mud.policy.MudCompiler;
import io.palisade.mud.policy.SiteFile;
import io.palisade.mud.policy.Verdict;
import io.palisade.mud.sig.MudSignatureVerifier;
import io.palisade.mud.sig.SignatureCheck;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.time.Clock;

/**
 * Offline MUD analysis: which observed flows would a device's MUD profile allow?
 *
 * <pre>mud-check --mud FILE.json --device-ip IP [--site SITE.json] --flows FLOWS.jsonl [--json] [--lenient]
 *           [--signature FILE.p7s --trust CERTS.pem] [--nft OUT.nft]</pre>
 *
 * <ul>
 * <li>{@code --mud}: the MUD file (RFC 8520); {@code --lenient} also accepts pre-RFC draft files and prints each
 * normalization to stderr.</li>
 * <li>{@code --device-ip}: the device address; flows must have it as source (from-device policy) or destination
 * (to-device policy).</li>
 * <li>{@code --site}: site description resolving local-networks, controller, my-controller, manufacturer,
 * same-manufacturer, model and static DNS answers. Format:
 * <pre>{
 *   "local-networks": ["192.168.1.0/24"],
 *   "controllers":    {"urn:ietf:params:mud:dns": ["192.168.1.1"]},
 *   "my-controller":  ["192.168.1.10"],
 *   "my-controllers": {"https://lighting.example.com/lightbulb2000": ["192.168.1.11"]},
 *   "manufacturers":  {"lighting.example.com": ["192.168.1.20"]},
 *   "models":         {"https://lighting.example.com/lightbulb2000": ["192.168.1.20"]},
 *   "dns":            {"service.bms.example.com": ["203.0.113.5"]}
 * }</pre>
 * (all members optional; see {@link SiteFile}).</li>
 * <li>{@code --flows}: JSON Lines, one flow per line, e.g.
 * {@code {"src":"192.168.1.50","sport":51000,"dst":"203.0.113.5","dport":443,"proto":"tcp",
 * "dst_name":"service.bms.example.com","initiator":"src"}} (see {@link FlowParser}); blank lines are skipped.</li>
 * <li>{@code --json}: one line per flow {@code {"line":n,"verdict":"allow"|"deny","acl":..,"ace":..}} (acl/ace null
 * for the default deny) instead of an aligned table.</li>
 * <li>{@code --signature}/{@code --trust}: verify the detached CMS signature of the MUD file against trusted signer
 * certificates (PEM) before analysing; an invalid signature stops with exit code 1.</li>
 * <li>{@code --nft}: also write the compiled policy as an nftables ruleset (see {@link NftablesExporter}).</li>
 * </ul>
 * Malformed flow lines are reported on stderr as {@code line N: ...} and skipped. Exit codes: 0 all flows evaluated;
 * 1 a flow line was bad or the MUD file, site file or signature was rejected; 2 usage error.
 */
public final class MudCheckCli {
    private static final String USAGE = "usage: mud-check --mud FILE.json --device-ip IP [--site SITE.json] "
            + "--flows FLOWS.jsonl [--json] [--lenient] [--signature FILE.p7s --trust CERTS.pem] [--nft OUT.nft]";

    private MudCheckCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    private static final class Options {
        Path mud;
        String deviceIp;
        Path site;
        Path flows;
        Path signature;
        Path trust;
        Path nft;
        boolean json;
        boolean lenient;
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        Options o = new Options();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--json" -> o.json = true;
                case "--lenient" -> o.lenient = true;
                case "--help", "-h" -> {
                    out.println(USAGE);
                    return 0;
                }
                case "--mud", "--device-ip", "--site", "--flows", "--signature", "--trust", "--nft" -> {
                    if (i + 1 >= args.length) {
                        return usage(err, "option " + a + " needs a value");
                    }
                    String v = args[++i];
                    switch (a) {
                        case "--mud" -> o.mud = Path.of(v);
                        case "--device-ip" -> o.deviceIp = v;
                        case "--site" -> o.site = Path.of(v);
                        case "--flows" -> o.flows = Path.of(v);
                        case "--signature" -> o.signature = Path.of(v);
                        case "--nft" -> o.nft = Path.of(v);
                        default -> o.trust = Path.of(v);
                    }
                }
                default -> {
                    return usage(err, "unknown argument '" + a + "'");
                }
            }
        }
        if (o.mud == null || o.deviceIp == null || o.flows == null) {
            return usage(err, "--mud, --device-ip and --flows are required");
        }
        if ((o.signature == null) != (o.trust == null)) {
            return usage(err, "--signature and --trust go together");
        }
        var device = IpAddress.parse(o.deviceIp);
        if (device.isEmpty()) {
            return usage(err, "--device-ip is not an IP address: " + o.deviceIp);
        }
        try {
            return analyse(o, device.get(), out, err);
        } catch (NoSuchFileException e) {
            err.println("error: file not found: " + e.getFile());
            return 2;
        } catch (IOException e) {
            err.println("error: cannot read input: " + e.getMessage());
            return 2;
        }
    }

    private static int usage(PrintStream err, String message) {
        err.println("error: " + message);
        err.println(USAGE);
        return 2;
    }

    private static int analyse(Options o, IpAddress device, PrintStream out, PrintStream err) throws IOException {
        byte[] mudBytes = readLimited(o.mud, MudParser.MAX_BYTES);
        if (o.signature != null) {
            SignatureCheck check;
            try {
                var verifier = new MudSignatureVerifier(MudSignatureVerifier.readCertificates(
                        readLimited(o.trust, 1 << 20)));
                check = verifier.verify(mudBytes, readLimited(o.signature, MudSignatureVerifier.MAX_SIGNATURE_BYTES));
            } catch (CertificateException e) {
                err.println("error: " + o.trust + ": no usable certificate (" + e.getMessage() + ")");
                return 1;
            }
            if (check instanceof SignatureCheck.Invalid inv) {
                err.println("error: " + o.signature + ": signature invalid: " + inv.reason());
                return 1;
            }
            err.println("signature valid, signer " + ((SignatureCheck.Valid) check).signerSubject());
        }
        MudParseResult parsed;
        try {
            parsed = new MudParser(o.lenient ? ParseMode.LENIENT : ParseMode.STRICT).parse(mudBytes);
        } catch (MudException e) {
            err.println("error: " + o.mud + ": " + e.getMessage());
            if (!o.lenient) {
                err.println("hint: --lenient also accepts the pre-RFC draft shape and reports every normalization");
            }
            return 1;
        }
        for (String n : parsed.normalizations()) {
            err.println("lenient: " + n);
        }
        for (String n : parsed.ignoredExtensions()) {
            err.println("ignored extension: " + n);
        }
        SiteFile.Site site = SiteFile.Site.empty();
        if (o.site != null) {
            try {
                site = SiteFile.parse(readLimited(o.site, SiteFile.MAX_BYTES));
            } catch (MudException e) {
                err.println("error: " + o.site + ": " + e.getMessage());
                return 1;
            }
        }
        DnsCache dns = new DnsCache(Clock.systemUTC());
        site.fill(dns);
        CompiledPolicy policy = MudCompiler.compile(parsed.profile(), device, site.context(), dns);
        for (String w : policy.warnings()) {
            err.println("warning: " + w);
        }
        if (o.nft != null) {
            Files.writeString(o.nft, NftablesExporter.export(policy, dns), StandardCharsets.UTF_8);
            err.println("nftables ruleset written to " + o.nft);
        }
        int aclWidth = 4;
        int aceWidth = 4;
        for (Direction d : Direction.values()) {
            for (Acl acl : parsed.profile().policy(d)) {
                aclWidth = Math.max(aclWidth, acl.name().length());
                for (Ace ace : acl.aces()) {
                    aceWidth = Math.max(aceWidth, ace.name().length());
                }
            }
        }
        String format = "%-6s %-7s %-11s %-" + aclWidth + "s %-" + aceWidth + "s %s%n";
        if (!o.json) {
            out.printf(format, "LINE", "VERDICT", "DIRECTION", "ACL", "ACE", "FLOW");
        }
        int bad = 0;
        try (InputStream in = Files.newInputStream(o.flows);
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            LineReader lines = new LineReader(reader, FlowParser.MAX_LINE_BYTES);
            String line;
            while ((line = lines.next()) != null) {
                int n = lines.lineNumber();
                if (lines.lastTooLong()) {
                    err.println("line " + n + ": flow record longer than " + FlowParser.MAX_LINE_BYTES + " characters");
                    bad++;
                    continue;
                }
                if (line.isBlank()) {
                    continue;
                }
                Verdict v;
                Flow flow;
                try {
                    flow = FlowParser.parse(line);
                    v = policy.evaluate(flow);
                } catch (MudException e) {
                    err.println("line " + n + ": " + (e.path().equals("$") ? "" : e.path() + ": ") + e.reason());
                    bad++;
                    continue;
                }
                if (o.json) {
                    ObjectNode node = JsonNodeFactory.instance.objectNode();
                    node.put("line", n);
                    node.put("verdict", v.decision().lowerCase());
                    node.put("acl", v.acl());
                    node.put("ace", v.ace());
                    out.println(node.toString());
                } else {
                    out.printf(format, n, v.decision().lowerCase(), v.direction().yangName(),
                            v.acl() == null ? "-" : v.acl(), v.ace() == null ? "-" : v.ace(), describe(flow));
                }
            }
        }
        if (bad > 0) {
            err.println(bad + " flow line(s) could not be evaluated");
            return 1;
        }
        return 0;
    }

    private static String describe(Flow f) {
        StringBuilder sb = new StringBuilder();
        sb.append(protocolName(f.protocol())).append(' ');
        endpoint(sb, f.src().toString(), f.srcPort(), f.srcName(), f.v6());
        sb.append(" -> ");
        endpoint(sb, f.dst().toString(), f.dstPort(), f.dstName(), f.v6());
        if (f.initiator() != Flow.Initiator.UNKNOWN) {
            sb.append(" (opened by ").append(f.initiator() == Flow.Initiator.SRC ? "src" : "dst").append(')');
        }
        return sb.toString();
    }

    private static void endpoint(StringBuilder sb, String ip, int port, String name, boolean v6) {
        sb.append(v6 && port >= 0 ? "[" + ip + "]" : ip);
        if (port >= 0) {
            sb.append(':').append(port);
        }
        if (name != null) {
            sb.append(" (").append(name).append(')');
        }
    }

    private static String protocolName(int p) {
        return switch (p) {
            case 1 -> "icmp";
            case 2 -> "igmp";
            case 6 -> "tcp";
            case 17 -> "udp";
            case 58 -> "icmpv6";
            default -> "proto-" + p;
        };
    }

    private static byte[] readLimited(Path p, int max) throws IOException {
        long size = Files.size(p);
        if (size > max) {
            // read only enough to let the parser report the size problem
            try (InputStream in = Files.newInputStream(p)) {
                return in.readNBytes(max + 1);
            }
        }
        return Files.readAllBytes(p);
    }

    /** Reads lines without ever holding more than {@code max} characters of one line. */
    private static final class LineReader {
        private final BufferedReader reader;
        private final int max;
        private int lineNumber;
        private boolean tooLong;

        LineReader(BufferedReader reader, int max) {
            this.reader = reader;
            this.max = max;
        }

        String next() throws IOException {
            StringBuilder sb = new StringBuilder();
            tooLong = false;
            int c = reader.read();
            if (c < 0) {
                return null;
            }
            lineNumber++;
            while (c >= 0 && c != '\n') {
                if (sb.length() < max + 1) {
                    sb.append((char) c);
                } else {
                    tooLong = true;
                }
                c = reader.read();
            }
            if (sb.length() > max) {
                tooLong = true;
            }
            int len = sb.length();
            if (len > 0 && sb.charAt(len - 1) == '\r') {
                sb.setLength(len - 1);
            }
            return sb.toString();
        }

        int lineNumber() {
            return lineNumber;
        }

        boolean lastTooLong() {
            return tooLong;
        }
    }
}
