package io.palisade.edge.internal;

import io.palisade.core.device.DeviceId;
import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * Checks a client certificate chain again after the TLS layer (fail closed) and derives the device id from it.
 */
public final class ClientCertificates {
    private static final String URN_PREFIX = "urn:palisade:device:";
    private static final int SAN_URI = 6;
    private static final int MAX_CHAIN = 8;

    private final Set<TrustAnchor> anchors;

    public ClientCertificates(List<X509Certificate> trustedCas) {
        Set<TrustAnchor> a = new HashSet<>();
        for (X509Certificate ca : trustedCas) {
            a.add(new TrustAnchor(ca, null));
        }
        this.anchors = Set.copyOf(a);
    }

    /** Why a chain was refused, as a metric tag ("untrusted-chain", "expired-or-not-yet-valid", ...), or empty if valid. */
    public Optional<String> verify(X509Certificate leaf, X509Certificate[] presentedChain, Instant at) {
        if (leaf == null) {
            return Optional.of("no-certificate");
        }
        try {
            leaf.checkValidity(Date.from(at));
        } catch (GeneralSecurityException e) {
            return Optional.of("certificate-expired-or-not-yet-valid");
        }
        List<X509Certificate> path = new ArrayList<>();
        path.add(leaf);
        if (presentedChain != null) {
            if (presentedChain.length > MAX_CHAIN) {
                return Optional.of("chain-too-long");
            }
            for (X509Certificate c : presentedChain) {
                if (c == null || c.equals(leaf)) {
                    continue;
                }
                // trust anchors are not part of the path to validate
                if (anchors.stream().anyMatch(t -> t.getTrustedCert().equals(c))) {
                    break;
                }
                path.add(c);
            }
        }
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            CertPath certPath = cf.generateCertPath(path);
            PKIXParameters params = new PKIXParameters(anchors);
            params.setRevocationEnabled(false); // revocation is the DeviceGate's decision (registry), not CRL fetching
            params.setDate(Date.from(at));
            CertPathValidator.getInstance("PKIX").validate(certPath, params);
            return Optional.empty();
        } catch (GeneralSecurityException | RuntimeException e) {
            return Optional.of("untrusted-chain");
        }
    }

    /** The device id: URI SAN {@code urn:palisade:device:<id>} (exactly one), else the subject CN. */
    public static Optional<DeviceId> deviceId(X509Certificate cert) {
        List<String> uris = new ArrayList<>();
        try {
            Collection<List<?>> sans = cert.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    if (san.size() >= 2 && san.get(0) instanceof Integer type && type == SAN_URI && san.get(1) instanceof String uri
                            && uri.toLowerCase(Locale.ROOT).startsWith(URN_PREFIX)) {
                        uris.add(uri.substring(URN_PREFIX.length()));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            return Optional.empty();
        }
        if (uris.size() > 1) {
            return Optional.empty(); // ambiguous identity: refuse
        }
        if (uris.size() == 1) {
            return DeviceId.isValid(uris.get(0)) ? Optional.of(DeviceId.of(uris.get(0))) : Optional.empty();
        }
        return commonName(cert).filter(DeviceId::isValid).map(DeviceId::of);
    }

    private static Optional<String> commonName(X509Certificate cert) {
        try {
            LdapName name = new LdapName(cert.getSubjectX500Principal().getName());
            String cn = null;
            for (Rdn rdn : name.getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    if (cn != null) {
                        return Optional.empty(); // more than one CN: refuse
                    }
                    cn = String.valueOf(rdn.getValue());
                }
            }
            return Optional.ofNullable(cn);
        } catch (InvalidNameException e) {
            return Optional.empty();
        }
    }
}
