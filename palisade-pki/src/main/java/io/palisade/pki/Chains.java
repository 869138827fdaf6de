package io.palisade.pki;

import io.palisade.core.PalisadeException;
import io.palisade.core.device.DeviceId;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXCertPathValidatorResult;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Certificate path validation (RFC 5280 §6 via the JDK PKIX validator), trust anchors and device id extraction. */
public final class Chains {
    private static final Logger LOG = LoggerFactory.getLogger(Chains.class);
    private static final int MAX_CHAIN = 10;
    private static final String URN_PREFIX = "urn:palisade:device:";

    private Chains() {
    }

    /** The validated leaf and the trust anchor its path ends at. */
    public record Validated(X509Certificate leaf, X509Certificate anchor) {
        public Validated {
            Objects.requireNonNull(leaf, "leaf");
            Objects.requireNonNull(anchor, "anchor");
        }
    }

    /**
     * Validates a presented chain (leaf first; the anchor itself may be included) against {@code anchors} at
     * {@code now}. No network access and no revocation check (the caller checks the registry). Fails with
     * {@link PalisadeException#unauthorized} and a short message; detail goes to the debug log.
     */
    public static Validated validate(X509Certificate[] chain, List<X509Certificate> anchors, Instant now) {
        Objects.requireNonNull(anchors, "anchors");
        Objects.requireNonNull(now, "now");
        if (chain == null || chain.length == 0 || Arrays.stream(chain).anyMatch(Objects::isNull)) {
            throw PalisadeException.unauthorized("no client certificate presented");
        }
        if (chain.length > MAX_CHAIN) {
            throw PalisadeException.unauthorized("certificate chain too long");
        }
        if (anchors.isEmpty()) {
            throw PalisadeException.unauthorized("certificate not issued by a trusted CA");
        }
        Set<String> anchorPrints = new HashSet<>();
        Set<TrustAnchor> trust = new HashSet<>();
        for (X509Certificate a : anchors) {
            anchorPrints.add(fingerprint(a));
            trust.add(new TrustAnchor(a, null));
        }
        List<X509Certificate> path = new ArrayList<>();
        for (X509Certificate c : chain) {
            if (anchorPrints.contains(fingerprint(c))) {
                break; // the path ends at a trust anchor; it is not part of the certification path
            }
            path.add(c);
        }
        if (!path.isEmpty() && path.get(0).getBasicConstraints() >= 0) {
            LOG.debug("presented leaf {} is a CA certificate", path.get(0).getSubjectX500Principal());
            throw PalisadeException.unauthorized("certificate chain invalid");
        }
        if (path.isEmpty()) {
            LOG.debug("presented certificate {} is itself a trust anchor", chain[0].getSubjectX500Principal());
            throw PalisadeException.unauthorized("certificate not issued by a trusted CA");
        }
        try {
            PKIXParameters params = new PKIXParameters(trust);
            params.setRevocationEnabled(false);
            params.setDate(Date.from(now));
            var certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
            var result = (PKIXCertPathValidatorResult) CertPathValidator.getInstance("PKIX").validate(certPath, params);
            return new Validated(path.get(0), result.getTrustAnchor().getTrustedCert());
        } catch (CertPathValidatorException e) {
            LOG.debug("certificate path of {} rejected: {} (reason {}, index {})",
                    chain[0].getSubjectX500Principal(), e.getMessage(), e.getReason(), e.getIndex());
            throw PalisadeException.unauthorized(shortReason(e));
        } catch (GeneralSecurityException e) {
            LOG.debug("certificate path of {} could not be validated", chain[0].getSubjectX500Principal(), e);
            throw PalisadeException.unauthorized("certificate not issued by a trusted CA");
        }
    }

    private static String shortReason(CertPathValidatorException e) {
        var reason = e.getReason();
        if (reason == CertPathValidatorException.BasicReason.EXPIRED || e.getCause() instanceof CertificateExpiredException) {
            return "certificate expired";
        }
        if (reason == CertPathValidatorException.BasicReason.NOT_YET_VALID
                || e.getCause() instanceof CertificateNotYetValidException) {
            return "certificate not yet valid";
        }
        if (reason == CertPathValidatorException.BasicReason.INVALID_SIGNATURE
                || reason == CertPathValidatorException.BasicReason.ALGORITHM_CONSTRAINED
                || reason == java.security.cert.PKIXReason.NO_TRUST_ANCHOR) {
            return "certificate not issued by a trusted CA";
        }
        return "certificate chain invalid";
    }

    /**
     * Parses a manufacturer trust anchor: exactly one certificate that is a CA (basicConstraints CA:true and
     * keyUsage keyCertSign) and is valid at {@code now}. Otherwise {@link PalisadeException#invalid}.
     */
    public static X509Certificate parseTrustAnchor(String pem, Instant now) {
        Objects.requireNonNull(now, "now");
        List<X509Certificate> certs = Pem.readCertificates(pem);
        if (certs.size() != 1) {
            throw PalisadeException.invalid("trust anchor PEM must hold exactly one certificate, found " + certs.size());
        }
        X509Certificate c = certs.get(0);
        if (c.getBasicConstraints() < 0) {
            throw PalisadeException.invalid("trust anchor is not a CA certificate (basicConstraints CA:true missing)");
        }
        boolean[] ku = c.getKeyUsage();
        if (ku == null || ku.length < 6 || !ku[5]) {
            throw PalisadeException.invalid("trust anchor may not sign certificates (keyUsage keyCertSign missing)");
        }
        try {
            c.checkValidity(Date.from(now));
        } catch (CertificateExpiredException e) {
            throw PalisadeException.invalid("trust anchor expired on " + c.getNotAfter().toInstant());
        } catch (CertificateNotYetValidException e) {
            throw PalisadeException.invalid("trust anchor is not valid before " + c.getNotBefore().toInstant());
        }
        return c;
    }

    /** Lowercase hex SHA-256 of the certificate's DER encoding. */
    public static String fingerprint(X509Certificate cert) {
        Objects.requireNonNull(cert, "cert");
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 not available or certificate not encodable", e);
        }
    }

    /**
     * The device id a certificate names: the URI SAN urn:palisade:device:&lt;id&gt; if there is one (all such SANs must
     * agree), else the subject serialNumber attribute, else the subject CN. Empty when the chosen value is not a
     * valid {@link DeviceId} or is ambiguous.
     */
    public static Optional<DeviceId> deviceIdOf(X509Certificate cert) {
        Objects.requireNonNull(cert, "cert");
        try {
            JcaX509CertificateHolder holder = new JcaX509CertificateHolder(cert);
            Extension san = holder.getExtension(Extension.subjectAlternativeName);
            if (san != null) {
                String found = null;
                for (GeneralName n : GeneralNames.getInstance(san.getParsedValue()).getNames()) {
                    if (n.getTagNo() == GeneralName.uniformResourceIdentifier) {
                        String uri = n.getName().toString();
                        if (uri.startsWith(URN_PREFIX)) {
                            String id = uri.substring(URN_PREFIX.length());
                            if (found != null && !found.equals(id)) {
                                return Optional.empty();
                            }
                            found = id;
                        }
                    }
                }
                if (found != null) {
                    return valid(found);
                }
            }
            X500Name subject = holder.getSubject();
            Optional<String> serial = single(subject, BCStyle.SERIALNUMBER);
            if (serial.isPresent()) {
                return valid(serial.get());
            }
            return single(subject, BCStyle.CN).flatMap(Chains::valid);
        } catch (CertificateEncodingException | RuntimeException e) {
            LOG.debug("cannot read device id from certificate: {}", e.toString());
            return Optional.empty();
        }
    }

    private static Optional<String> single(X500Name name, org.bouncycastle.asn1.ASN1ObjectIdentifier type) {
        List<String> values = new ArrayList<>();
        for (RDN rdn : name.getRDNs(type)) {
            for (var atv : rdn.getTypesAndValues()) {
                if (atv.getType().equals(type)) {
                    values.add(atv.getValue() instanceof ASN1String str ? str.getString()
                            : IETFUtils.valueToString(atv.getValue()));
                }
            }
        }
        if (values.size() > 1) {
            throw new IllegalArgumentException("subject has more than one " + type);
        }
        return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    private static Optional<DeviceId> valid(String s) {
        return DeviceId.isValid(s) ? Optional.of(DeviceId.of(s)) : Optional.empty();
    }
}
