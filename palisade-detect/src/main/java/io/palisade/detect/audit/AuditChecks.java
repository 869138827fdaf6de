package io.palisade.detect.audit;

import io.palisade.detect.alert.Severity;
import io.palisade.detect.vpatch.FirmwareRangeMatcher;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The periodic / on-demand audit checks. Check ids: {@code cert-expiring}, {@code cert-expired},
 * {@code cert-too-old}, {@code cert-weak-key}, {@code key-shared}, {@code cert-serial-shared},
 * {@code ca-revoked}, {@code ca-expired}, {@code anchor-revoked-active}, {@code topic-policy-wide},
 * {@code audit-log-disabled}, {@code audit-chain-broken}, {@code model-past-support},
 * {@code model-support-ending}, {@code device-silent}, {@code firmware-exploited}.
 */
public final class AuditChecks {
    private static final Set<String> LIVE = Set.of("enrolled", "active", "quarantined");

    private final AuditSettings settings;
    private final FirmwareRangeMatcher ranges;

    public AuditChecks(AuditSettings settings, FirmwareRangeMatcher ranges) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.ranges = Objects.requireNonNull(ranges, "ranges");
    }

    /** Runs every check; findings sorted by severity (most severe first), then id. */
    public List<Finding> run(FleetSnapshot fleet, Clock clock) {
        Instant now = clock.instant();
        List<Finding> out = new ArrayList<>();
        certificates(fleet, now, out);
        cas(fleet, now, out);
        anchors(fleet, out);
        topics(fleet, out);
        auditChain(fleet, out);
        support(fleet, now, out);
        devices(fleet, now, out);
        out.sort(Comparator.comparing(Finding::severity).reversed().thenComparing(Finding::id));
        return List.copyOf(out);
    }

    private static Finding f(String check, Severity s, String subject, Map<String, Object> ev, String mitigation) {
        return new Finding(check + ":" + subject, check, s, subject, ev, mitigation);
    }

    private static Map<String, Object> ev(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1] == null ? "" : kv[i + 1]);
        }
        return m;
    }

    private void certificates(FleetSnapshot fleet, Instant now, List<Finding> out) {
        Map<String, Set<String>> byKey = new TreeMap<>();
        Map<String, Set<String>> bySerial = new TreeMap<>();
        for (FleetSnapshot.DeviceCertificate c : fleet.deviceCertificates()) {
            if (c.revoked()) {
                continue;
            }
            String subj = c.deviceId() + "/" + c.serialHex();
            if (c.notAfter().isBefore(now)) {
                out.add(f("cert-expired", Severity.HIGH, subj, ev("device", c.deviceId(), "serial", c.serialHex(),
                        "notAfter", c.notAfter().toString()), "rotate the device certificate (EST re-enrollment) or revoke it"));
                continue;
            }
            byKey.computeIfAbsent(c.keyFingerprint(), k -> new TreeSet<>()).add(c.deviceId());
            bySerial.computeIfAbsent(c.serialHex(), k -> new TreeSet<>()).add(c.deviceId());
            if (c.notAfter().isBefore(now.plus(settings.expiryWarning()))) {
                out.add(f("cert-expiring", Severity.MEDIUM, subj, ev("device", c.deviceId(), "serial", c.serialHex(),
                        "notAfter", c.notAfter().toString(), "daysLeft", Duration.between(now, c.notAfter()).toDays()),
                        "rotate the certificate before it expires (the agent re-enrolls over EST)"));
            }
            if (Duration.between(c.notBefore(), now).compareTo(settings.maxCertificateAge()) > 0) {
                out.add(f("cert-too-old", Severity.MEDIUM, subj, ev("device", c.deviceId(), "serial", c.serialHex(),
                        "notBefore", c.notBefore().toString(), "maxAgeDays", settings.maxCertificateAge().toDays()),
                        "rotate the certificate; shorten the validity of the risk profile"));
            }
            String alg = c.keyAlgorithm() == null ? "" : c.keyAlgorithm().toUpperCase(Locale.ROOT);
            boolean weak = switch (alg) {
                case "RSA" -> c.keyBits() < settings.minRsaBits();
                case "EC", "ECDSA" -> c.keyBits() < settings.minEcBits();
                case "ED25519", "ED448" -> false;
                default -> true;
            };
            if (weak) {
                out.add(f("cert-weak-key", Severity.HIGH, subj, ev("device", c.deviceId(), "algorithm", c.keyAlgorithm(),
                        "bits", c.keyBits()), "re-key the device with EC P-256 (or RSA 3072) and revoke this certificate"));
            }
        }
        byKey.forEach((fp, devs) -> {
            if (devs.size() > 1) {
                out.add(f("key-shared", Severity.CRITICAL, fp, ev("keyFingerprint", fp, "devices", String.join(",", devs),
                        "count", devs.size()), "revoke the certificates of all these devices and re-enroll each with its own key"));
            }
        });
        bySerial.forEach((serial, devs) -> {
            if (devs.size() > 1) {
                out.add(f("cert-serial-shared", Severity.CRITICAL, serial, ev("serial", serial, "devices",
                        String.join(",", devs)), "one certificate is used by several devices: revoke it and re-enroll them"));
            }
        });
    }

    private static void cas(FleetSnapshot fleet, Instant now, List<Finding> out) {
        for (FleetSnapshot.TrustedCa ca : fleet.trustedCas()) {
            if (ca.revoked()) {
                out.add(f("ca-revoked", Severity.CRITICAL, ca.subject(), ev("fingerprint", ca.fingerprint()),
                        "remove the revoked CA from the trust store and re-issue the certificates it signed"));
            } else if (ca.notAfter().isBefore(now)) {
                out.add(f("ca-expired", Severity.HIGH, ca.subject(), ev("fingerprint", ca.fingerprint(), "notAfter",
                        ca.notAfter().toString()), "remove the expired CA from the trust store"));
            }
        }
    }

    private static void anchors(FleetSnapshot fleet, List<Finding> out) {
        for (FleetSnapshot.ManufacturerAnchorStatus a : fleet.manufacturerAnchors()) {
            if (a.revoked() && a.activeDevices() > 0) {
                out.add(f("anchor-revoked-active", Severity.HIGH, a.name(), ev("activeDevices", a.activeDevices()),
                        "re-enroll or quarantine the devices enrolled through the revoked manufacturer anchor"));
            }
        }
    }

    private static void topics(FleetSnapshot fleet, List<Finding> out) {
        List<FleetSnapshot.TopicGrant> contract = fleet.wireContract();
        for (FleetSnapshot.TopicGrant g : fleet.topicGrants()) {
            boolean covered = contract.stream().anyMatch(c -> c.direction().equalsIgnoreCase(g.direction())
                    && covers(c.pattern(), g.pattern()));
            if (!covered) {
                out.add(f("topic-policy-wide", Severity.HIGH, g.direction() + " " + g.pattern(), ev("grant", g.pattern(),
                        "direction", g.direction()), "narrow the grant to the topics the wire contract defines"));
            }
        }
    }

    /** Whether every topic the filter {@code inner} matches is matched by {@code outer}. */
    static boolean covers(String outer, String inner) {
        String[] o = outer.split("/", -1);
        String[] i = inner.split("/", -1);
        for (int k = 0; k < o.length; k++) {
            if (o[k].equals("#")) {
                return true;
            }
            if (k >= i.length || i[k].equals("#")) {
                return false;
            }
            if (o[k].equals("+")) {
                continue;
            }
            if (i[k].equals("+") || !o[k].equals(i[k])) {
                return false;
            }
        }
        return o.length == i.length;
    }

    private static void auditChain(FleetSnapshot fleet, List<Finding> out) {
        FleetSnapshot.AuditChainStatus s = fleet.auditChain();
        if (!s.enabled()) {
            out.add(f("audit-log-disabled", Severity.CRITICAL, "platform", ev("message", s.message()),
                    "enable the audit log; security-relevant actions are not being recorded"));
        } else if (!s.intact()) {
            out.add(f("audit-chain-broken", Severity.CRITICAL, "platform", ev("brokenAtSeq", s.brokenAtSeq(), "message",
                    s.message()), "investigate tampering from the broken entry; restore the log from a backup"));
        }
    }

    private void support(FleetSnapshot fleet, Instant now, List<Finding> out) {
        YearMonth month = YearMonth.from(now.atZone(ZoneOffset.UTC));
        Map<String, Long> live = new TreeMap<>();
        for (FleetSnapshot.DeviceInfo d : fleet.devices()) {
            if (LIVE.contains(d.state())) {
                live.merge(d.model(), 1L, Long::sum);
            }
        }
        for (FleetSnapshot.ModelSupport m : fleet.models()) {
            long n = live.getOrDefault(m.name(), 0L);
            if (n == 0) {
                continue;
            }
            if (month.isAfter(m.supportUntil())) {
                out.add(f("model-past-support", Severity.HIGH, m.name(), ev("supportUntil", m.supportUntil().toString(),
                        "devices", n), "replace or isolate these devices: they no longer receive security updates"));
            } else if (!month.plusMonths(settings.supportWarningMonths()).isBefore(m.supportUntil())) {
                out.add(f("model-support-ending", Severity.LOW, m.name(), ev("supportUntil", m.supportUntil().toString(),
                        "devices", n), "plan the replacement of these devices before the support period ends"));
            }
        }
    }

    private void devices(FleetSnapshot fleet, Instant now, List<Finding> out) {
        List<FleetSnapshot.ExploitedVulnerability> kev = fleet.exploitedVulnerabilities();
        for (FleetSnapshot.DeviceInfo d : fleet.devices()) {
            if (!LIVE.contains(d.state())) {
                continue;
            }
            if (d.lastSeen() != null && d.lastSeen().isBefore(now.minus(settings.silentAfter()))) {
                out.add(f("device-silent", Severity.LOW, d.deviceId(), ev("lastSeen", d.lastSeen().toString(),
                        "silentDays", Duration.between(d.lastSeen(), now).toDays()),
                        "check the device; decommission it if it is gone (its identity stays valid until then)"));
            }
            for (FleetSnapshot.ExploitedVulnerability v : kev) {
                if (v.model().equals(d.model()) && d.firmware() != null && ranges.contains(v.firmwareRange(), d.firmware())) {
                    out.add(new Finding("firmware-exploited:" + d.deviceId() + ":" + v.id(), "firmware-exploited",
                            Severity.CRITICAL, d.deviceId(), ev("vulnerability", v.id(), "firmware", d.firmware(),
                                    "range", v.firmwareRange(), "model", d.model()),
                            "roll out the fixed firmware now; apply a virtual patch or quarantine until then"));
                }
            }
        }
    }
}
