package io.palisade.mud.sig;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.util.Selector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies the signature of a MUD file (RFC 8520 §13): a DER-encoded CMS SignedData over the exact bytes of the MUD
 * file, normally detached ({@code openssl cms -sign -signer S.pem -inkey K.pem -in mud.json -binary -outform DER
 * -out mud.p7s}). A signature with encapsulated content is accepted only if that content equals the MUD bytes.
 *
 * <p>Every signer in the SignedData must (1) have its certificate in the SignedData or among the trusted signers,
 * (2) be trusted: equal to a trusted certificate, or chain to one by PKIX path validation (trusted certificates are
 * the anchors, certificates inside the SignedData the intermediates, no revocation check) at the given time, and
 * (3) verify cryptographically (message digest and signature, BC checks the signing-time attribute against the
 * certificate). Anything else, including malformed input, is {@link SignatureCheck.Invalid}. Reasons are short and
 * safe to display; details go to the debug log. Thread-safe.
 */
public final class MudSignatureVerifier {
    /** Size limit of a signature file. */
    public static final int MAX_SIGNATURE_BYTES = 256 * 1024;
    /** Size limit of the signed MUD file (same as the parser's). */
    public static final int MAX_CONTENT_BYTES = 1 << 20;

    static final String NOT_TRUSTED = "signer is not trusted: ";
    static final String NOT_VALID_AT = "signer certificate chain is not valid at ";
    static final String BAD_SIGNATURE = "signature does not verify over the MUD file";
    static final String CONTENT_MISMATCH = "encapsulated content differs from the MUD file";
    static final String CERT_MISSING = "signer certificate not found";

    private enum Trust { TRUSTED, UNTRUSTED, NOT_VALID_AT_TIME }

    private static final Logger LOG = LoggerFactory.getLogger(MudSignatureVerifier.class);
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private final List<X509Certificate> trusted;

    public MudSignatureVerifier(Collection<X509Certificate> trustedSigners) {
        this.trusted = List.copyOf(trustedSigners);
        if (trusted.isEmpty()) {
            throw new IllegalArgumentException("at least one trusted signer certificate is required");
        }
    }

    /** Reads PEM or DER X.509 certificates (one or more). */
    public static List<X509Certificate> readCertificates(byte[] pemOrDer) throws CertificateException {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        List<X509Certificate> out = new ArrayList<>();
        try (InputStream in = new ByteArrayInputStream(pemOrDer)) {
            for (var c : cf.generateCertificates(in)) {
                out.add((X509Certificate) c);
            }
        } catch (IOException e) {
            throw new CertificateException("cannot read certificates", e);
        }
        if (out.isEmpty()) {
            throw new CertificateException("no certificate found");
        }
        return out;
    }

    /** Verifies at the current time. */
    public SignatureCheck verify(byte[] mudFile, byte[] signature) {
        return verify(mudFile, signature, Instant.now());
    }

    /** Verifies with certificate validity evaluated at {@code at}. */
    public SignatureCheck verify(byte[] mudFile, byte[] signature, Instant at) {
        Objects.requireNonNull(at, "at");
        if (mudFile == null || signature == null || signature.length == 0) {
            return new SignatureCheck.Invalid(SignatureCheck.Failure.MALFORMED, "MUD file or signature missing");
        }
        if (signature.length > MAX_SIGNATURE_BYTES) {
            return new SignatureCheck.Invalid(SignatureCheck.Failure.MALFORMED, "signature larger than "
                    + MAX_SIGNATURE_BYTES + " bytes");
        }
        if (mudFile.length > MAX_CONTENT_BYTES) {
            return new SignatureCheck.Invalid(SignatureCheck.Failure.MALFORMED, "MUD file larger than "
                    + MAX_CONTENT_BYTES + " bytes");
        }
        try {
            return doVerify(mudFile, signature, at);
        } catch (CMSException | IOException | GeneralSecurityException | OperatorCreationException
                 | RuntimeException e) {
            LOG.debug("MUD signature rejected", e);
            return new SignatureCheck.Invalid(SignatureCheck.Failure.MALFORMED,
                    "malformed or unverifiable CMS signature");
        }
    }

    private SignatureCheck doVerify(byte[] mud, byte[] signature, Instant at) throws CMSException, IOException,
            GeneralSecurityException, OperatorCreationException {
        CMSSignedData signed = new CMSSignedData(signature);
        if (!"1.2.840.113549.1.7.2".equals(signed.toASN1Structure().getContentType().getId())) {
            return new SignatureCheck.Invalid(SignatureCheck.Failure.MALFORMED, "not a CMS SignedData");
        }
        if (signed.getSignedContent() != null) {
            Object content = signed.getSignedContent().getContent();
            if (!(content instanceof byte[] encapsulated) || !MessageDigest.isEqual(encapsulated, mud)) {
                return new SignatureCheck.Invalid(SignatureCheck.Failure.CONTENT_MISMATCH, CONTENT_MISMATCH);
            }
        } else {
            signed = new CMSSignedData(new CMSProcessableByteArray(mud), signature);
        }
        Collection<SignerInformation> signers = signed.getSignerInfos().getSigners();
        if (signers.isEmpty()) {
            return new SignatureCheck.Invalid(SignatureCheck.Failure.MALFORMED, "no signer in the CMS signature");
        }
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter().setProvider(BC);
        List<X509Certificate> embedded = new ArrayList<>();
        for (X509CertificateHolder h : signed.getCertificates().getMatches(null)) {
            embedded.add(converter.getCertificate(h));
        }
        String subject = null;
        for (SignerInformation signer : signers) {
            X509Certificate cert = findSignerCertificate(signer, signed, converter);
            if (cert == null) {
                return new SignatureCheck.Invalid(SignatureCheck.Failure.SIGNER_CERTIFICATE_MISSING, CERT_MISSING);
            }
            Trust trust = trust(cert, embedded, at);
            if (trust == Trust.UNTRUSTED) {
                return new SignatureCheck.Invalid(SignatureCheck.Failure.UNTRUSTED_SIGNER, NOT_TRUSTED
                        + cert.getSubjectX500Principal().getName());
            }
            if (trust == Trust.NOT_VALID_AT_TIME) {
                return new SignatureCheck.Invalid(SignatureCheck.Failure.SIGNER_NOT_VALID_AT_TIME, NOT_VALID_AT + at
                        + " (expired or not yet valid): " + cert.getSubjectX500Principal().getName());
            }
            boolean ok;
            try {
                ok = signer.verify(new JcaSimpleSignerInfoVerifierBuilder().setProvider(BC).build(cert));
            } catch (CMSException e) {
                LOG.debug("CMS signer verification failed", e);
                ok = false;
            }
            if (!ok) {
                return new SignatureCheck.Invalid(SignatureCheck.Failure.BAD_SIGNATURE, BAD_SIGNATURE);
            }
            if (subject == null) {
                subject = cert.getSubjectX500Principal().getName();
            }
        }
        return new SignatureCheck.Valid(subject);
    }

    private X509Certificate findSignerCertificate(SignerInformation signer, CMSSignedData signed,
                                                  JcaX509CertificateConverter converter) throws CertificateException {
        @SuppressWarnings("unchecked")
        Selector<X509CertificateHolder> selector = (Selector<X509CertificateHolder>) (Selector<?>) signer.getSID();
        for (X509CertificateHolder h : signed.getCertificates().getMatches(selector)) {
            return converter.getCertificate(h);
        }
        for (X509Certificate t : trusted) {
            try {
                if (signer.getSID().match(new X509CertificateHolder(t.getEncoded()))) {
                    return t;
                }
            } catch (IOException e) {
                LOG.debug("unreadable trusted certificate", e);
            }
        }
        return null;
    }

    /**
     * Whether {@code cert} is trusted at {@code at}. A chain that is valid at some instant of the signer's validity
     * period but not at {@code at} is {@link Trust#NOT_VALID_AT_TIME} (expired or not yet valid), not untrusted.
     */
    private Trust trust(X509Certificate cert, List<X509Certificate> intermediates, Instant at) {
        for (X509Certificate t : trusted) {
            if (t.equals(cert)) {
                try {
                    cert.checkValidity(Date.from(at));
                    return Trust.TRUSTED;
                } catch (CertificateException e) {
                    LOG.debug("pinned MUD signer not valid at {}", at, e);
                    return Trust.NOT_VALID_AT_TIME;
                }
            }
        }
        if (chains(cert, intermediates, Date.from(at))) {
            return Trust.TRUSTED;
        }
        // would the chain hold at some time? then the problem is the validity period, not the trust
        Date[] probes = {cert.getNotBefore(), cert.getNotAfter(),
                new Date((cert.getNotBefore().getTime() + cert.getNotAfter().getTime()) / 2)};
        for (Date probe : probes) {
            if (chains(cert, intermediates, probe)) {
                return Trust.NOT_VALID_AT_TIME;
            }
        }
        return Trust.UNTRUSTED;
    }

    private boolean chains(X509Certificate cert, List<X509Certificate> intermediates, Date when) {
        try {
            Set<TrustAnchor> anchors = new HashSet<>();
            for (X509Certificate t : trusted) {
                anchors.add(new TrustAnchor(t, null));
            }
            X509CertSelector target = new X509CertSelector();
            target.setCertificate(cert);
            PKIXBuilderParameters params = new PKIXBuilderParameters(anchors, target);
            params.setRevocationEnabled(false);
            params.setDate(when);
            List<X509Certificate> store = new ArrayList<>(intermediates);
            store.add(cert);
            params.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(store)));
            var result = (java.security.cert.PKIXCertPathBuilderResult) CertPathBuilder.getInstance("PKIX")
                    .build(params);
            // the JDK does not check the anchor's own validity period; an expired trust anchor must not count
            X509Certificate anchor = result.getTrustAnchor().getTrustedCert();
            if (anchor != null) {
                anchor.checkValidity(when);
            }
            return true;
        } catch (GeneralSecurityException e) {
            LOG.debug("MUD signer does not chain to a trusted certificate at {}", when, e);
            return false;
        }
    }
}
