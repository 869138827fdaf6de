package io.palisade.server.audit;

import io.palisade.core.audit.AuditLog;
import io.palisade.core.device.Device;
import io.palisade.core.device.DeviceId;
import io.palisade.core.identity.CertificateRecord;
import io.palisade.detect.audit.FleetSnapshot;
import io.palisade.pki.Chains;
import io.palisade.server.config.PlatformContext;
import io.palisade.server.vuln.VulnService;
import io.palisade.vuln.match.AdvisoryExposure;
import io.palisade.vuln.match.FirmwareExposure;
import io.palisade.vuln.match.VexStatus;
import io.palisade.wire.Topics;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link FleetSnapshot} over the live platform: the certificates table (key algorithm and size read from each
 * stored certificate), the platform CA, manufacturer anchors, models, devices, the edge's topic grants compared
 * with the wire contract, the audit chain and the exploited vulnerabilities the exposure matcher finds.
 */
public final class LiveFleetSnapshot implements FleetSnapshot {
    private static final Logger LOG = LoggerFactory.getLogger(LiveFleetSnapshot.class);
    private final PlatformContext ctx;
    private final VulnService vuln;
    private List<Device> devices;

    public LiveFleetSnapshot(PlatformContext ctx, VulnService vuln) {
        this.ctx = ctx;
        this.vuln = vuln;
    }

    private List<Device> allDevices() {
        if (devices == null) {
            devices = ctx.store().read(r -> r.devices().list());
        }
        return devices;
    }

    @Override
    public List<DeviceCertificate> deviceCertificates() {
        Map<DeviceId, String> model = new HashMap<>();
        allDevices().forEach(d -> model.put(d.id(), d.model()));
        Instant now = ctx.clock().instant();
        List<DeviceCertificate> out = new ArrayList<>();
        CertificateFactory cf;
        try {
            cf = CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException(e);
        }
        for (CertificateRecord c : ctx.store().read(r -> r.certificates().list())) {
            String alg = "unknown";
            int bits = 0;
            try {
                X509Certificate x = (X509Certificate) cf.generateCertificate(new ByteArrayInputStream(c.pem().getBytes(StandardCharsets.US_ASCII)));
                PublicKey k = x.getPublicKey();
                alg = k.getAlgorithm();
                if (k instanceof RSAPublicKey rsa) {
                    bits = rsa.getModulus().bitLength();
                } else if (k instanceof ECPublicKey ec) {
                    bits = ec.getParams().getOrder().bitLength();
                } else if (alg.equalsIgnoreCase("Ed25519") || alg.equalsIgnoreCase("EdDSA")) {
                    alg = "Ed25519";
                    bits = 255;
                }
            } catch (CertificateException | RuntimeException e) {
                LOG.warn("stored certificate {} is unreadable: {}", c.serialHex(), e.toString());
            }
            out.add(new DeviceCertificate(c.deviceId().value(), model.get(c.deviceId()), c.serialHex(), c.keyFingerprint(), alg, bits,
                    c.notBefore(), c.notAfter(), c.isRevokedAt(now)));
        }
        return out;
    }

    @Override
    public List<TrustedCa> trustedCas() {
        X509Certificate root = ctx.ca().rootCertificate();
        X509Certificate issuing = ctx.ca().issuingCertificate();
        return List.of(new TrustedCa(root.getSubjectX500Principal().getName(), Chains.fingerprint(root), root.getNotAfter().toInstant(), false),
                new TrustedCa(issuing.getSubjectX500Principal().getName(), Chains.fingerprint(issuing), issuing.getNotAfter().toInstant(), false));
    }

    /** Devices are not linked to the anchor they enrolled through, so active devices are not attributed (0). */
    @Override
    public List<ManufacturerAnchorStatus> manufacturerAnchors() {
        // which anchor a device enrolled through is in the audit log: EST records the actor "idevid:<fingerprint prefix>"
        java.util.Map<String, String> anchorOf = new java.util.HashMap<>();
        long after = 0;
        while (true) {
            long from = after;
            List<io.palisade.core.audit.AuditEvent> page = ctx.store().read(r -> r.audit().list(from, 10_000));
            for (io.palisade.core.audit.AuditEvent e : page) {
                if (e.actor().startsWith("idevid:") && e.subject().startsWith("device:")) {
                    anchorOf.put(e.subject().substring(7), e.actor().substring(7));
                }
            }
            if (page.size() < 10_000) {
                break;
            }
            after = page.get(page.size() - 1).seq();
        }
        java.util.Map<String, Long> activeByPrefix = new java.util.HashMap<>();
        for (io.palisade.core.device.Device d : allDevices()) {
            String prefix = anchorOf.get(d.id().value());
            if (prefix != null && d.state().hasIdentity()) {
                activeByPrefix.merge(prefix, 1L, Long::sum);
            }
        }
        return ctx.registry().manufacturers().stream().map(a -> new ManufacturerAnchorStatus(a.name(), a.revoked(),
                activeByPrefix.getOrDefault(a.fingerprint().substring(0, Math.min(16, a.fingerprint().length())), 0L))).toList();
    }

    @Override
    public List<ModelSupport> models() {
        return ctx.registry().models().stream().map(m -> new ModelSupport(m.name(), m.supportUntil())).toList();
    }

    /**
     * Last-seen times come from the broker (since this server started); a device not seen since then has no
     * last-seen time and is not judged silent until the server has run longer than the silence threshold.
     */
    @Override
    public List<DeviceInfo> devices() {
        return allDevices().stream().map(d -> new DeviceInfo(d.id().value(), d.model(), d.state().label(), ctx.lastSeen().apply(d.id().value()).orElse(null), d.firmware())).toList();
    }

    /** The grants the edge's TopicPolicy enforces, written as MQTT filters over all device ids. */
    @Override
    public List<TopicGrant> topicGrants() {
        return grants();
    }

    /** The wire contract (palisade-wire Topics): what devices publish and subscribe to. */
    @Override
    public List<TopicGrant> wireContract() {
        List<TopicGrant> out = new ArrayList<>();
        for (String ch : Topics.PUBLISH_CHANNELS) {
            out.add(new TopicGrant(Topics.ROOT + "+/" + ch, "publish"));
            out.add(new TopicGrant(Topics.ROOT + "+/" + ch + "/#", "publish"));
        }
        out.add(new TopicGrant(Topics.ROOT + "+/" + Topics.CMD + "/#", "subscribe"));
        return out;
    }

    private static List<TopicGrant> grants() {
        List<TopicGrant> out = new ArrayList<>();
        for (String ch : List.of(Topics.TELEMETRY, Topics.EVENTS, Topics.METRICS)) {
            out.add(new TopicGrant(Topics.ROOT + "+/" + ch, "publish"));
        }
        for (String ch : List.of(Topics.UPDATE, Topics.ATTESTATION)) {
            out.add(new TopicGrant(Topics.ROOT + "+/" + ch, "publish"));
            out.add(new TopicGrant(Topics.ROOT + "+/" + ch + "/#", "publish"));
        }
        out.add(new TopicGrant(Topics.ROOT + "+/" + Topics.CMD + "/#", "subscribe"));
        return out;
    }

    @Override
    public AuditChainStatus auditChain() {
        AuditLog.Verification v = ctx.store().read(r -> AuditLog.verify(r.audit()));
        return new AuditChainStatus(true, v.intact(), v.firstBadSeq(), v.message());
    }

    /** Actively exploited advisories matched to (model, firmware) with devices on them, as exact-version ranges. */
    @Override
    public List<ExploitedVulnerability> exploitedVulnerabilities() {
        List<ExploitedVulnerability> out = new ArrayList<>();
        for (AdvisoryExposure a : vuln.exposure(null).advisories()) {
            if (!a.activelyExploited()) {
                continue;
            }
            for (FirmwareExposure f : a.firmware()) {
                if (f.status() == VexStatus.AFFECTED && f.firmwareVersion().matches("\\d+(\\.\\d+)*")) {
                    out.add(new ExploitedVulnerability(a.advisoryId(), f.model(), "=" + f.firmwareVersion()));
                }
            }
        }
        return out;
    }
}
