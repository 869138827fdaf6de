package io.palisade.server.mud;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.palisade.core.ErrorCode;
import io.palisade.core.PalisadeException;
import io.palisade.core.audit.AuditAction;
import io.palisade.core.audit.AuditLog;
import io.palisade.core.device.DeviceId;
import io.palisade.core.device.DeviceModel;
import io.palisade.core.registry.DeviceRegistry;
import io.palisade.core.device.RiskProfile;
import io.palisade.core.store.Store;
import io.palisade.detect.alert.Severity;
import io.palisade.detect.alert.Signal;
import io.palisade.detect.vpatch.GatewayDeny;
import io.palisade.mud.ImportOptions;
import io.palisade.mud.ImportResult;
import io.palisade.mud.MudException;
import io.palisade.mud.MudImporter;
import io.palisade.mud.MudParser;
import io.palisade.mud.model.Direction;
import io.palisade.mud.model.MudProfile;
import io.palisade.mud.net.Cidr;
import io.palisade.mud.net.IpAddress;
import io.palisade.mud.nft.NftablesExporter;
import io.palisade.mud.policy.CompiledPolicy;
import io.palisade.mud.policy.DenyRule;
import io.palisade.mud.policy.DnsCache;
import io.palisade.mud.policy.Flow;
import io.palisade.mud.policy.FlowParser;
import io.palisade.mud.policy.MudCompiler;
import io.palisade.mud.policy.SiteContext;
import io.palisade.mud.policy.SiteFile;
import io.palisade.mud.policy.Verdict;
import io.palisade.mud.sig.MudSignatureVerifier;
import io.palisade.pki.Chains;
import io.palisade.pki.Pem;
import io.palisade.server.support.Records;
import io.palisade.server.http.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MUD manager in the running platform (RFC 8520): trusted MUD signers, import (signature, validation,
 * versioned storage against the model whose certificates carry the MUD URL), the site description, device
 * address bindings, compiled policies per device, flow verdicts from gateways (a denied flow is a
 * {@code mud.violation} signal attributed to the device, with the ACL that applied), and nftables export.
 */
public final class MudService {
    private static final Logger LOG = LoggerFactory.getLogger(MudService.class);
    static final String PROFILE = "mud-profile";
    static final String SIGNER = "mud-signer";
    static final String SITE = "mud-site";
    static final String BINDING = "device-ip";
    static final int MAX_IMPORT_BYTES = 4 * 1024 * 1024;
    static final int MAX_FLOW_BYTES = 4 * 1024 * 1024;
    static final int MAX_FLOW_LINES = 20_000;

    /** Stored versions of a model's MUD file; {@code content} is the file as imported (UTF-8 JSON). */
    public record StoredProfile(String model, int version, String source, ProfileSummary summary, String content, Instant importedAt,
                                String importedBy) {
        boolean lenient() {
            return "lenient".equals(summary.mode());
        }
    }

    /** What an import established about a MUD file (signature status, mode, normalizations, warnings). */
    public record ProfileSummary(int version, String mudUrl, String sha256, String source, String mode, String signature,
                                 String signer, String overrideReason, List<String> normalizations, List<String> warnings,
                                 int cacheValidityHours, String systemInfo, Instant importedAt, String importedBy) {
        static ProfileSummary of(int version, String source, ImportResult r, Instant at, String by) {
            return new ProfileSummary(version, r.mudUrl(), r.sha256(), source, r.mode().toString().toLowerCase(Locale.ROOT),
                    r.signature().state().name().toLowerCase(Locale.ROOT).replace('_', '-'), r.signature().signerSubject(),
                    r.signature().overrideReason(), List.copyOf(r.normalizations()), List.copyOf(r.warnings()), r.cacheValidityHours(),
                    r.systemInfo(), at, by);
        }
    }

    public record ImportRequest(String mud, String signature, String source, String model, String override) {
    }

    public record SignerView(String fingerprint, String subject, Instant notAfter, Instant addedAt, String addedBy) {
    }

    record StoredSigner(String pem, String subject, Instant notAfter, Instant addedAt, String addedBy) {
    }

    public record BindingRequest(String ip) {
    }

    public record FlowVerdict(int line, String device, String verdict, String acl, String ace, String error) {
    }

    private final Store store;
    private final DeviceRegistry registry;
    private final Clock clock;
    private final boolean production;
    private final Consumer<Signal> signals;
    private final Function<String, List<GatewayDeny>> gatewayDenies;
    private final DnsCache dns;
    /**
     * (model, profile version, deny entries) → the shared rule tables all devices of that model use; dropped whenever
     * a profile, the site or a binding changes. A device's policy is a thin view over its template.
     */
    private final Map<String, io.palisade.mud.policy.PolicyTemplate> templates = new ConcurrentHashMap<>();

    private final java.util.function.Supplier<List<io.palisade.mud.policy.QuarantinePolicy.Endpoint>> platform;

    /**
     * @param platform the platform endpoints a quarantined device may still reach (MQTT and HTTPS for updates and
     *                 attestation); the gateway policy of a quarantined device is the quarantine profile
     */
    public MudService(Store store, DeviceRegistry registry, boolean production, Consumer<Signal> signals,
                      Function<String, List<GatewayDeny>> gatewayDenies,
                      java.util.function.Supplier<List<io.palisade.mud.policy.QuarantinePolicy.Endpoint>> platform, DnsCache dns, Clock clock) {
        this.platform = platform;
        this.store = store;
        this.registry = registry;
        this.production = production;
        this.signals = signals;
        this.gatewayDenies = gatewayDenies;
        this.clock = clock;
        this.dns = dns;
    }

    // ---- signers -------------------------------------------------------------------------------------------

    public SignerView addSigner(String actor, String pem) {
        List<X509Certificate> certs = Pem.readCertificates(pem == null ? "" : pem);
        if (certs.size() != 1) {
            throw PalisadeException.invalid("a MUD signer PEM must hold exactly one certificate (the signer or its CA), found " + certs.size());
        }
        X509Certificate cert = certs.get(0);
        try {
            cert.checkValidity(java.util.Date.from(clock.instant()));
        } catch (java.security.cert.CertificateException e) {
            throw PalisadeException.invalid("MUD signer certificate is not valid now (" + cert.getNotBefore().toInstant() + " to "
                    + cert.getNotAfter().toInstant() + ")");
        }
        String fp = Chains.fingerprint(cert);
        StoredSigner s = new StoredSigner(Pem.certificate(cert), cert.getSubjectX500Principal().getName(), cert.getNotAfter().toInstant(),
                clock.instant(), actor);
        store.transaction(r -> {
            r.records().put(SIGNER, fp, Records.write(s), clock.instant());
            AuditLog.append(r.audit(), clock.instant(), actor, AuditAction.MUD_IMPORTED, "mud-signer:" + fp, "trusted MUD signer " + s.subject());
            return null;
        });
        return new SignerView(fp, s.subject(), s.notAfter(), s.addedAt(), s.addedBy());
    }

    public List<SignerView> signers() {
        return store.read(r -> r.records().list(SIGNER, "", 1000)).stream().map(x -> {
            StoredSigner s = Records.read(x.body(), StoredSigner.class);
            return new SignerView(x.id(), s.subject(), s.notAfter(), s.addedAt(), s.addedBy());
        }).toList();
    }

    private List<X509Certificate> trustedSigners() {
        List<X509Certificate> out = new ArrayList<>();
        for (var rec : store.read(r -> r.records().list(SIGNER, "", 1000))) {
            try {
                out.addAll(MudSignatureVerifier.readCertificates(Records.read(rec.body(), StoredSigner.class).pem().getBytes(StandardCharsets.US_ASCII)));
            } catch (java.security.cert.CertificateException e) {
                LOG.warn("stored MUD signer {} is unreadable", rec.id());
            }
        }
        return out;
    }

    // ---- import ----------------------------------------------------------------------------------------------

    /**
     * Imports a MUD file: signature against the trusted signers (an override is logged and audited, and refused in
     * production mode), RFC 8520 validation (lenient draft files are accepted and their normalizations reported),
     * then stored as the next version of the model whose MUD URL the file declares.
     */
    public StoredProfile importProfile(String actor, byte[] mud, byte[] signature, String source, String modelName, String override) {
        ImportOptions opts = ImportOptions.strictAt(clock.instant()).withLenient(true).withProduction(production);
        if (override != null && !override.isBlank()) {
            opts = opts.withSignatureOverride(override);
        }
        ImportResult result;
        try {
            result = new MudImporter(trustedSigners()).importMud(mud, signature, opts);
        } catch (MudException e) {
            throw PalisadeException.invalid("MUD file refused (" + e.code().name().toLowerCase(Locale.ROOT).replace('_', '-') + "): " + e.getMessage());
        }
        DeviceModel model = modelFor(result.mudUrl(), modelName);
        Instant now = clock.instant();
        String text = new String(mud, StandardCharsets.UTF_8);
        StoredProfile stored = store.transaction(r -> {
            int version = r.records().list(PROFILE, model.name() + "/", 100_000).size() + 1;
            StoredProfile p = new StoredProfile(model.name(), version, source, ProfileSummary.of(version, source, result, now, actor), text, now, actor);
            r.records().put(PROFILE, key(model.name(), version), Records.write(p), now);
            AuditLog.append(r.audit(), now, actor, AuditAction.MUD_IMPORTED, "model:" + model.name(), "version=" + version + " url="
                    + result.mudUrl() + " sha256=" + result.sha256() + " signature=" + result.signature().state().name().toLowerCase(Locale.ROOT)
                    + " mode=" + result.mode());
            if (result.signature().overrideReason() != null) {
                AuditLog.append(r.audit(), now, actor, AuditAction.MUD_OVERRIDE, "model:" + model.name(), "signature check overridden: "
                        + result.signature().overrideReason());
            }
            return p;
        });
        if (result.signature().overrideReason() != null) {
            LOG.warn("MUD file for {} imported WITHOUT a trusted signature by {}: {}", model.name(), actor, result.signature().overrideReason());
        }
        LOG.info("MUD profile {} v{} imported for model {} ({}, {})", result.mudUrl(), stored.version(), model.name(), result.mode(),
                result.signature().state());
        templates.clear();
        return stored;
    }

    private DeviceModel modelFor(String mudUrl, String modelName) {
        if (modelName != null) {
            DeviceModel m = registry.model(modelName);
            if (m.mudUrl() == null || !m.mudUrl().equals(mudUrl)) {
                throw PalisadeException.conflict("model '" + modelName + "' carries MUD URL " + m.mudUrl() + " in its certificates, but the file is "
                        + mudUrl + ": a MUD file is bound to the model whose certificates carry its URL");
            }
            return m;
        }
        List<DeviceModel> matching = registry.models().stream().filter(m -> mudUrl.equals(m.mudUrl())).toList();
        if (matching.isEmpty()) {
            throw PalisadeException.notFound("no model carries the MUD URL " + mudUrl + ": create the model with --mud-url " + mudUrl + " first");
        }
        if (matching.size() > 1) {
            throw PalisadeException.conflict("several models carry " + mudUrl + ": name one with --model");
        }
        return matching.get(0);
    }

    public Optional<StoredProfile> active(String model) {
        List<StoredProfile> all = history(model);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    public List<StoredProfile> history(String model) {
        return store.read(r -> r.records().list(PROFILE, model + "/", 100_000)).stream()
                .map(x -> Records.read(x.body(), StoredProfile.class)).toList();
    }

    private static String key(String model, int version) {
        return model + "/" + String.format(Locale.ROOT, "%06d", version);
    }

    // ---- site, bindings, compiled policies -----------------------------------------------------------------

    public SiteFile.Site site() {
        return store.read(r -> r.records().find(SITE, "default")).map(x -> {
            try {
                return SiteFile.parse(x.body().getBytes(StandardCharsets.UTF_8));
            } catch (MudException e) {
                LOG.warn("stored site description is unreadable: {}", e.getMessage());
                return SiteFile.Site.empty();
            }
        }).orElse(SiteFile.Site.empty());
    }

    public void setSite(String actor, byte[] json) {
        try {
            SiteFile.parse(json);
        } catch (MudException e) {
            throw PalisadeException.invalid("site description refused: " + e.getMessage());
        }
        store.transaction(r -> {
            r.records().put(SITE, "default", new String(json, StandardCharsets.UTF_8), clock.instant());
            AuditLog.append(r.audit(), clock.instant(), actor, AuditAction.MUD_IMPORTED, "mud-site:default", "site description updated");
            return null;
        });
        templates.clear();
    }

    public void bind(String actor, DeviceId device, String ip) {
        IpAddress a = IpAddress.parse(ip).orElseThrow(() -> PalisadeException.invalid("'" + ip + "' is not an IP address"));
        registry.device(device);
        String canonical = a.toString();
        store.transaction(r -> {
            r.records().put(BINDING, canonical, Records.write(Map.of("device", device.value())), clock.instant());
            AuditLog.append(r.audit(), clock.instant(), actor, AuditAction.MUD_IMPORTED, "device:" + device, "address " + canonical);
            return null;
        });
        templates.clear();
    }

    private Map<String, String> bindings() {
        Map<String, String> out = new HashMap<>();
        store.read(r -> r.records().list(BINDING, "", 1_000_000)).forEach(x ->
                out.put(x.id(), Records.read(x.body(), JsonNode.class).path("device").asText()));
        return out;
    }

    /** The site context with the registry's answers for manufacturer / same-manufacturer / model. */
    private SiteContext context(SiteFile.Site site, Map<String, String> bindings) {
        Map<String, String> mudUrlOfModel = new HashMap<>();
        for (DeviceModel m : registry.models()) {
            if (m.mudUrl() != null) {
                mudUrlOfModel.put(m.name(), m.mudUrl());
            }
        }
        Map<String, Set<IpAddress>> byAuthority = new HashMap<>();
        Map<URI, Set<IpAddress>> byUrl = new HashMap<>();
        for (Map.Entry<String, String> b : bindings.entrySet()) {
            Optional<io.palisade.core.device.Device> d = store.read(r -> r.devices().find(DeviceId.of(b.getValue())));
            if (d.isEmpty() || !mudUrlOfModel.containsKey(d.get().model())) {
                continue;
            }
            URI url = URI.create(mudUrlOfModel.get(d.get().model()));
            IpAddress ip = IpAddress.parse(b.getKey()).orElseThrow();
            byUrl.computeIfAbsent(url, k -> new HashSet<>()).add(ip);
            byAuthority.computeIfAbsent(url.getHost().toLowerCase(Locale.ROOT), k -> new HashSet<>()).add(ip);
        }
        return SiteContext.withRegistry(site, h -> byAuthority.getOrDefault(h, Set.of()), u -> byUrl.getOrDefault(u, Set.of()));
    }

    /**
     * The compiled policy of a device at an address: its model's MUD profile with the deny entries of the virtual
     * patches that cover it, or the quarantine profile while the device is quarantined.
     */
    public CompiledPolicy policyFor(String deviceId, IpAddress ip) {
        io.palisade.core.device.Device d = registry.device(DeviceId.of(deviceId));
        if (d.state() == io.palisade.core.device.LifecycleState.QUARANTINED) {
            SiteFile.Site site = site();
            site.fill(dns);
            return io.palisade.mud.policy.QuarantinePolicy.compile(ip, context(site, bindings()), platform.get(), dns);
        }
        StoredProfile p = active(d.model()).orElseThrow(() -> PalisadeException.notFound("model '" + d.model()
                + "' has no MUD profile: import one with 'palisade mud import'"));
        return compile(p, deviceId, ip);
    }

    private CompiledPolicy compile(StoredProfile p, String deviceId, IpAddress ip) {
        List<DenyRule> denies = new ArrayList<>();
        for (GatewayDeny g : gatewayDenies.apply(deviceId)) {
            denies.add(DenyRule.virtualPatch("gateway", Direction.FROM_DEVICE, null, g.dstCidr() == null ? null : Cidr.parse(g.dstCidr()),
                    protocol(g.proto()), g.dport()));
        }
        String key = p.model() + "/" + p.version() + "|" + denies;
        return templates.computeIfAbsent(key, k -> {
            MudProfile profile;
            try {
                profile = (p.lenient() ? MudParser.lenient() : MudParser.strict()).parse(p.content().getBytes(StandardCharsets.UTF_8)).profile();
            } catch (MudException e) {
                throw new PalisadeException(ErrorCode.INTERNAL, "stored MUD profile of " + p.model() + " no longer parses: " + e.getMessage());
            }
            SiteFile.Site site = site();
            site.fill(dns);
            return MudCompiler.shared(profile, context(site, bindings()), dns, denies);
        }).forDevice(ip);
    }

    private static Integer protocol(String p) {
        if (p == null) {
            return null;
        }
        return switch (p.toLowerCase(Locale.ROOT)) {
            case "tcp" -> 6;
            case "udp" -> 17;
            case "icmp" -> 1;
            default -> Integer.parseInt(p);
        };
    }

    // ---- flow verdicts -------------------------------------------------------------------------------------

    /**
     * Judges gateway flow records (JSON Lines). A flow belongs to the device named in its {@code device} field, or
     * to the device bound to its source or destination address. Denied flows raise {@code mud.violation}.
     */
    public List<FlowVerdict> judge(String jsonl) {
        Map<String, String> bindings = bindings();
        List<FlowVerdict> out = new ArrayList<>();
        String[] lines = jsonl.split("\n", -1);
        if (lines.length > MAX_FLOW_LINES) {
            throw new PalisadeException(ErrorCode.PAYLOAD_TOO_LARGE, "at most " + MAX_FLOW_LINES + " flow lines per request");
        }
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            int n = i + 1;
            try {
                Flow f = FlowParser.parse(line);
                String device = deviceOf(line, f, bindings);
                if (device == null) {
                    out.add(new FlowVerdict(n, null, null, null, null, "no device: give \"device\" or bind its address with 'palisade mud bind'"));
                    continue;
                }
                IpAddress ip = bindings.entrySet().stream().filter(e -> e.getValue().equals(device))
                        .map(e -> IpAddress.parse(e.getKey()).orElseThrow()).filter(a -> a.equals(f.src()) || a.equals(f.dst()))
                        .findFirst().orElse(f.src());
                CompiledPolicy policy = policyFor(device, ip);
                Verdict v = policy.evaluate(f);
                out.add(new FlowVerdict(n, device, v.decision().lowerCase(), v.acl(), v.ace(), null));
                if (!v.allowed()) {
                    violation(device, line, v);
                }
            } catch (MudException | PalisadeException e) {
                out.add(new FlowVerdict(n, null, null, null, null, e.getMessage()));
            }
        }
        return out;
    }

    private static String deviceOf(String line, Flow f, Map<String, String> bindings) {
        try {
            JsonNode n = Records.MAPPER.readTree(line);
            if (n.path("device").isTextual()) {
                return DeviceId.of(n.path("device").asText()).value();
            }
        } catch (IOException e) {
            return null;
        }
        String bySrc = bindings.get(f.src().toString());
        return bySrc != null ? bySrc : bindings.get(f.dst().toString());
    }

    private void violation(String device, String line, Verdict v) {
        String model = registry.device(DeviceId.of(device)).model();
        RiskProfile risk = registry.model(model).profile();
        Severity sev = risk == RiskProfile.CRITICAL || risk == RiskProfile.INDUSTRIAL ? Severity.HIGH : Severity.MEDIUM;
        Map<String, Object> sample = new LinkedHashMap<>();
        sample.put("flow", line.length() > 500 ? line.substring(0, 500) : line);
        sample.put("acl", v.acl() == null ? "default-deny" : v.acl());
        sample.put("ace", v.ace() == null ? "-" : v.ace());
        sample.put("direction", v.direction().toString());
        signals.accept(new Signal("mud.violation", device, model, sev, "flow outside the MUD profile of " + model,
                (v.acl() == null ? "no ACE allows it (default deny)" : "denied by " + v.acl() + "/" + v.ace()) + ": " + sample.get("flow"),
                sample, clock.instant()));
    }

    // ---- views ---------------------------------------------------------------------------------------------

    /** The stored site description as JSON ({@code {}} when none). */
    public String siteJson() {
        return store.read(r -> r.records().find(SITE, "default")).map(x -> x.body()).orElse("{}");
    }

    /** A model's MUD URL, active profile and history (with the active file's content on request). */
    public Map<String, Object> profileView(String modelName, boolean withContent) throws IOException {
        DeviceModel m = registry.model(modelName);
        List<StoredProfile> h = history(m.name());
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("model", m.name());
        view.put("mudUrl", m.mudUrl());
        view.put("active", h.isEmpty() ? null : h.get(h.size() - 1).summary());
        view.put("history", h.stream().map(StoredProfile::summary).toList());
        if (withContent && !h.isEmpty()) {
            view.put("content", Records.MAPPER.readTree(h.get(h.size() - 1).content()));
        }
        return view;
    }

    /** The nftables rules of a model's active profile for a device address (the bound device's policy if bound). */
    public String nft(String modelName, String ipText) {
        DeviceModel m = registry.model(modelName);
        IpAddress ip = IpAddress.parse(ipText == null ? "" : ipText).orElseThrow(() -> PalisadeException.invalid("query parameter deviceIp (an IP address) is required"));
        StoredProfile p = active(m.name()).orElseThrow(() -> PalisadeException.notFound("model '" + m.name() + "' has no MUD profile"));
        String device = bindings().get(ip.toString());
        CompiledPolicy policy = device != null ? policyFor(device, ip) : compile(p, "-", ip);
        return NftablesExporter.export(policy, dns);
    }
}
