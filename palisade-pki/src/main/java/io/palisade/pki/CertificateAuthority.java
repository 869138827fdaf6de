package io.palisade.pki;

import io.palisade.core.PalisadeException;
import io.palisade.core.device.DeviceId;
import io.palisade.core.device.DeviceModel;
import io.palisade.core.files.OwnerOnlyFiles;
import io.palisade.core.identity.CertificateRecord;
import io.palisade.core.identity.IdentityIssuer;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.Req;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DigestCalculator;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.util.IPAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform certificate authority: an offline-style root and an online issuing CA (both EC P-256), kept in a
 * directory with the private keys encrypted under a passphrase (PKCS#8 PBES2: PBKDF2-HMAC-SHA256, AES-256-CBC).
 * Issues device certificates (RFC 5280 profile with the RFC 8520 MUD URL extension), TLS server certificates,
 * CRLs (RFC 5280 §5) and OCSP responses (RFC 6960). Thread-safe.
 */
public final class CertificateAuthority implements IdentityIssuer {
    private static final Logger LOG = LoggerFactory.getLogger(CertificateAuthority.class);

    /** id-pe-mud-url, RFC 8520 §10. */
    public static final ASN1ObjectIdentifier MUD_URL_OID = new ASN1ObjectIdentifier("1.3.6.1.5.5.7.1.25");
    static final String ROOT_CERT = "root.crt";
    static final String ISSUING_CERT = "issuing.crt";
    static final String ROOT_KEY = "root.key.enc";
    static final String ISSUING_KEY = "issuing.key.enc";
    /** PBKDF2-HMAC-SHA256 iterations (OWASP 2023 recommendation). */
    static final int KDF_ITERATIONS = 600_000;
    private static final int MAX_FILE_BYTES = 64 * 1024;
    private static final int MAX_OCSP_REQUEST = 16 * 1024;
    private static final int MAX_OCSP_CERT_IDS = 64;
    private static final String SIG_ALG = "SHA256withECDSA";
    private static final Duration ROOT_VALIDITY = Duration.ofDays(3653);
    private static final Duration ISSUING_VALIDITY = Duration.ofDays(1826);
    private static final Duration BACKDATE = Duration.ofMinutes(1);
    private static final Duration CRL_VALIDITY = Duration.ofHours(1);
    private static final Duration OCSP_VALIDITY = Duration.ofMinutes(10);
    private static final Pattern DNS_NAME = Pattern.compile(
            "(\\*\\.)?([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
    private static final Set<PosixFilePermission> DIR_MODE = OwnerOnlyFiles.DIR_MODE;
    private static final Set<PosixFilePermission> FILE_MODE = OwnerOnlyFiles.FILE_MODE;

    private final X509Certificate root;
    private final X509Certificate issuing;
    private final PrivateKey issuingKey;
    private final CaUrls urls;
    private final Clock clock;
    private final boolean createdNow;
    private final X509CertificateHolder issuingHolder;
    private final AtomicLong lastCrlNumber = new AtomicLong();

    private CertificateAuthority(X509Certificate root, X509Certificate issuing, PrivateKey issuingKey, CaUrls urls,
            Clock clock, boolean createdNow) {
        this.root = root;
        this.issuing = issuing;
        this.issuingKey = issuingKey;
        this.urls = urls;
        this.clock = clock;
        this.createdNow = createdNow;
        try {
            this.issuingHolder = new JcaX509CertificateHolder(issuing);
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException("issuing certificate cannot be encoded", e);
        }
    }

    /**
     * Loads the CA from {@code caDir}, or creates it there when the directory holds none of the CA files. A directory
     * holding only some of them is an error (never silently replaced). The passphrase array is not retained.
     */
    public static CertificateAuthority loadOrCreate(Path caDir, char[] passphrase, CaUrls urls, Clock clock) {
        Objects.requireNonNull(caDir, "caDir");
        Objects.requireNonNull(urls, "urls");
        Objects.requireNonNull(clock, "clock");
        if (passphrase == null || passphrase.length < 8) {
            throw PalisadeException.invalid("CA passphrase must have at least 8 characters");
        }
        List<String> names = List.of(ROOT_CERT, ISSUING_CERT, ROOT_KEY, ISSUING_KEY);
        long present = names.stream().filter(n -> Files.exists(caDir.resolve(n), LinkOption.NOFOLLOW_LINKS)).count();
        try {
            if (present == 0) {
                return create(caDir, passphrase, urls, clock);
            }
            if (present < names.size()) {
                throw PalisadeException.illegalState("CA directory " + caDir + " is incomplete: it must hold "
                        + String.join(", ", names) + " (restore it from backup; it is never recreated over partial files)");
            }
            return load(caDir, passphrase, urls, clock);
        } catch (IOException e) {
            throw new PalisadeException(io.palisade.core.ErrorCode.INTERNAL,
                    "cannot access CA directory " + caDir + ": " + e.getMessage(), e);
        }
    }

    private static CertificateAuthority create(Path caDir, char[] passphrase, CaUrls urls, Clock clock)
            throws IOException {
        OwnerOnlyFiles.requirePosix(caDir); // fail closed: CA keys never go where they cannot be owner-only
        OwnerOnlyFiles.privateDir(caDir);
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        String suffix = HexFormat.of().formatHex(randomBytes(4));
        X500Name rootName = caName("Palisade Root CA " + suffix);
        X500Name issuingName = caName("Palisade Issuing CA " + suffix);
        KeyPair rootKeys = KeyPairs.ecP256();
        KeyPair issuingKeys = KeyPairs.ecP256();
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            Instant rootStart = now.minus(BACKDATE);
            X509v3CertificateBuilder rb = new JcaX509v3CertificateBuilder(rootName, newSerial(), Date.from(rootStart),
                    Date.from(now.plus(ROOT_VALIDITY)), rootName, rootKeys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(1))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            ext.createSubjectKeyIdentifier(rootKeys.getPublic()));
            X509Certificate root = toCert(rb, rootKeys.getPrivate());
            X509v3CertificateBuilder ib = new JcaX509v3CertificateBuilder(root, newSerial(), Date.from(rootStart),
                    Date.from(now.plus(ISSUING_VALIDITY)), issuingName, issuingKeys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true,
                            new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            ext.createSubjectKeyIdentifier(issuingKeys.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(root));
            X509Certificate issuing = toCert(ib, rootKeys.getPrivate());
            writePrivate(caDir.resolve(ROOT_KEY), encryptKey(rootKeys.getPrivate(), passphrase));
            writePrivate(caDir.resolve(ISSUING_KEY), encryptKey(issuingKeys.getPrivate(), passphrase));
            writePrivate(caDir.resolve(ROOT_CERT), Pem.certificate(root));
            writePrivate(caDir.resolve(ISSUING_CERT), Pem.certificate(issuing));
            LOG.info("created platform CA in {}: root '{}', issuing CA '{}'", caDir,
                    root.getSubjectX500Principal().getName(), issuing.getSubjectX500Principal().getName());
            return new CertificateAuthority(root, issuing, issuingKeys.getPrivate(), urls, clock, true);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot create CA: " + e.getMessage(), e);
        }
    }

    private static CertificateAuthority load(Path caDir, char[] passphrase, CaUrls urls, Clock clock)
            throws IOException {
        tightenModes(caDir);
        X509Certificate root = single(Pem.readCertificates(readSmall(caDir.resolve(ROOT_CERT))), ROOT_CERT);
        X509Certificate issuing = single(Pem.readCertificates(readSmall(caDir.resolve(ISSUING_CERT))), ISSUING_CERT);
        PrivateKey issuingKey = decryptKey(readSmall(caDir.resolve(ISSUING_KEY)), passphrase, ISSUING_KEY);
        PrivateKey rootKey = decryptKey(readSmall(caDir.resolve(ROOT_KEY)), passphrase, ROOT_KEY);
        try {
            issuing.verify(root.getPublicKey());
            root.verify(root.getPublicKey());
            if (!keysMatch(issuingKey, issuing.getPublicKey()) || !keysMatch(rootKey, root.getPublicKey())) {
                throw PalisadeException.illegalState("CA directory " + caDir
                        + " is inconsistent: a private key does not belong to its certificate");
            }
        } catch (GeneralSecurityException e) {
            throw PalisadeException.illegalState("CA directory " + caDir
                    + " is inconsistent: issuing.crt is not signed by root.crt");
        }
        if (issuing.getNotAfter().toInstant().isBefore(clock.instant())) {
            LOG.warn("issuing CA '{}' expired on {}; device certificates cannot be issued",
                    issuing.getSubjectX500Principal().getName(), issuing.getNotAfter().toInstant());
        }
        LOG.info("loaded platform CA from {}: issuing CA '{}'", caDir, issuing.getSubjectX500Principal().getName());
        return new CertificateAuthority(root, issuing, issuingKey, urls, clock, false);
    }

    public boolean createdNow() {
        return createdNow;
    }

    public X509Certificate rootCertificate() {
        return root;
    }

    public X509Certificate issuingCertificate() {
        return issuing;
    }

    /** [issuing, root]. */
    public List<X509Certificate> chain() {
        return List.of(issuing, root);
    }

    /**
     * Issues a device certificate for a key whose possession was proven. Subject CN=id, URI SAN
     * urn:palisade:device:id, EKU clientAuth only, CRL DP and AIA OCSP from {@link CaUrls}, id-pe-mud-url
     * (RFC 8520 §10) when the model has a MUD URL. Valid from one minute before {@code now}, for exactly the risk
     * profile's certificate validity in total (notAfter - notBefore), never beyond the issuing CA.
     */
    @Override
    public X509Certificate issue(DeviceId id, PublicKey key, DeviceModel model, Instant now) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(now, "now");
        Instant start = now.truncatedTo(ChronoUnit.SECONDS).minus(BACKDATE);
        // the whole lifetime (backdating included) stays within the profile's maximum
        Instant end = capped(start.plus(model.profile().certificateValidity()), now);
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, id.value()).build();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuingHolder.getSubject(), newSerial(),
                    Date.from(start), Date.from(end), subject, key)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth))
                    .addExtension(Extension.subjectAlternativeName, false,
                            new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, id.uri())))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(key))
                    .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(issuing))
                    .addExtension(Extension.cRLDistributionPoints, false, crlDistPoint())
                    .addExtension(Extension.authorityInfoAccess, false, new AuthorityInformationAccess(
                            OCSPObjectIdentifiers.id_pkix_ocsp,
                            new GeneralName(GeneralName.uniformResourceIdentifier, urls.ocspUrl())));
            if (model.mudUrl() != null) {
                if (!DERIA5String.isIA5String(model.mudUrl())) {
                    throw PalisadeException.invalid("MUD URL must be ASCII (IA5String, RFC 8520 section 10)");
                }
                b.addExtension(MUD_URL_OID, false, new DERIA5String(model.mudUrl(), true));
            }
            return toCert(b, issuingKey);
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot issue device certificate: " + e.getMessage(), e);
        }
    }

    /**
     * TLS server certificate for the platform's own listeners: EKU serverAuth, SAN dNSName/iPAddress entries,
     * subject CN = the first name. Validity starts one minute before the clock's now.
     */
    public X509Certificate issueServerCertificate(List<String> dnsNames, List<String> ipAddresses, PublicKey key,
            Duration validity) {
        Objects.requireNonNull(dnsNames, "dnsNames");
        Objects.requireNonNull(ipAddresses, "ipAddresses");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(validity, "validity");
        if (validity.isNegative() || validity.isZero()) {
            throw PalisadeException.invalid("server certificate validity must be positive");
        }
        List<GeneralName> sans = new ArrayList<>();
        for (String dns : dnsNames) {
            if (dns == null || dns.length() > 253 || !DNS_NAME.matcher(dns).matches()) {
                throw PalisadeException.invalid("invalid DNS name for server certificate: " + dns);
            }
            sans.add(new GeneralName(GeneralName.dNSName, dns.toLowerCase(Locale.ROOT)));
        }
        for (String ip : ipAddresses) {
            if (ip == null || !IPAddress.isValid(ip)) {
                throw PalisadeException.invalid("invalid IP address for server certificate: " + ip);
            }
            sans.add(new GeneralName(GeneralName.iPAddress, ip));
        }
        if (sans.isEmpty()) {
            throw PalisadeException.invalid("a server certificate needs at least one DNS name or IP address");
        }
        String cn = !dnsNames.isEmpty() ? dnsNames.get(0).toLowerCase(Locale.ROOT) : ipAddresses.get(0);
        Instant now = clock.instant();
        Instant start = now.truncatedTo(ChronoUnit.SECONDS).minus(BACKDATE);
        Instant end = capped(now.plus(validity), now);
        int usage = KeyUsage.digitalSignature | (key instanceof RSAPublicKey ? KeyUsage.keyEncipherment : 0);
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, cn).build();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuingHolder.getSubject(), newSerial(),
                    Date.from(start), Date.from(end), subject, key)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(usage))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(Extension.subjectAlternativeName, false,
                            new GeneralNames(sans.toArray(GeneralName[]::new)))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(key))
                    .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(issuing));
            return toCert(b, issuingKey);
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot issue server certificate: " + e.getMessage(), e);
        }
    }

    /**
     * A DER X.509 v2 CRL (RFC 5280 §5) signed by the issuing CA with thisUpdate = now, nextUpdate = now + 1 hour,
     * a monotonic CRL number and the AKI. It lists every record revoked at {@code now} with its reason code;
     * revocations that take effect later are left out.
     */
    public byte[] crl(List<CertificateRecord> revoked, Instant now) {
        Objects.requireNonNull(revoked, "revoked");
        Objects.requireNonNull(now, "now");
        long number = lastCrlNumber.updateAndGet(prev -> Math.max(prev + 1, now.toEpochMilli()));
        try {
            X509v2CRLBuilder b = new X509v2CRLBuilder(issuingHolder.getSubject(), Date.from(now));
            b.setNextUpdate(Date.from(now.plus(CRL_VALIDITY)));
            for (CertificateRecord r : revoked) {
                if (r.isRevokedAt(now)) {
                    Instant at = r.revokedAt() != null ? r.revokedAt() : now;
                    int reason = r.reason() != null ? r.reason().code() : CRLReason.unspecified;
                    b.addCRLEntry(r.serial(), Date.from(at), reason);
                }
            }
            b.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.valueOf(number)));
            b.addExtension(Extension.authorityKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(issuing));
            X509CRLHolder crl = b.build(signer(issuingKey));
            return crl.getEncoded();
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot build CRL: " + e.getMessage(), e);
        }
    }

    /**
     * Built-in OCSP responder (RFC 6960). Never throws on bad input: a request that is not parseable, larger than
     * 16 KiB or without CertIDs gets a malformedRequest response. CertIDs for another issuer (or with a hash other
     * than SHA-1/SHA-256) are answered "unknown". The response is signed by the issuing CA, responder id by key
     * hash, carries the issuing certificate, echoes the nonce, thisUpdate = now, nextUpdate = now + 10 minutes.
     */
    public byte[] ocsp(byte[] requestDer, Function<BigInteger, Optional<CertificateRecord>> lookup, Instant now) {
        Objects.requireNonNull(lookup, "lookup");
        Objects.requireNonNull(now, "now");
        OCSPReq req;
        try {
            if (requestDer == null || requestDer.length == 0 || requestDer.length > MAX_OCSP_REQUEST) {
                return status(OCSPRespBuilder.MALFORMED_REQUEST);
            }
            req = new OCSPReq(requestDer);
            if (req.getRequestList().length == 0 || req.getRequestList().length > MAX_OCSP_CERT_IDS) {
                return status(OCSPRespBuilder.MALFORMED_REQUEST);
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("malformed OCSP request: {}", e.toString());
            return status(OCSPRespBuilder.MALFORMED_REQUEST);
        }
        try {
            DigestCalculatorProvider digests = new JcaDigestCalculatorProviderBuilder().setProvider(Bc.PROVIDER).build();
            DigestCalculator sha1 = digests.get(CertificateID.HASH_SHA1);
            SubjectPublicKeyInfo spki = issuingHolder.getSubjectPublicKeyInfo();
            BasicOCSPRespBuilder b = new BasicOCSPRespBuilder(new RespID(spki, sha1));
            Date thisUpdate = Date.from(now);
            Date nextUpdate = Date.from(now.plus(OCSP_VALIDITY));
            for (Req one : req.getRequestList()) {
                CertificateID certId = one.getCertID();
                CertificateStatus status;
                try {
                    status = statusOf(certId, digests, lookup, now);
                } catch (LookupFailed e) {
                    LOG.warn("OCSP status lookup failed; answering internalError", e.getCause());
                    return status(OCSPRespBuilder.INTERNAL_ERROR);
                }
                b.addResponse(certId, status, thisUpdate, nextUpdate, null);
            }
            Extension nonce = req.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
            if (nonce != null) {
                b.setResponseExtensions(new Extensions(new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false,
                        nonce.getExtnValue())));
            }
            var basic = b.build(signer(issuingKey), new X509CertificateHolder[] {issuingHolder}, thisUpdate);
            return new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL, basic).getEncoded();
        } catch (OCSPException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot build OCSP response: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            LOG.debug("OCSP request could not be answered: {}", e.toString());
            return status(OCSPRespBuilder.MALFORMED_REQUEST);
        }
    }

    private CertificateStatus statusOf(CertificateID certId, DigestCalculatorProvider digests,
            Function<BigInteger, Optional<CertificateRecord>> lookup, Instant now) throws OCSPException {
        ASN1ObjectIdentifier hash = certId.getHashAlgOID();
        if (!(OIWObjectIdentifiers.idSHA1.equals(hash) || NISTObjectIdentifiers.id_sha256.equals(hash))
                || !certId.matchesIssuer(issuingHolder, digests)) {
            return new UnknownStatus();
        }
        Optional<CertificateRecord> record;
        try {
            record = Objects.requireNonNull(lookup.apply(certId.getSerialNumber()), "lookup returned null");
        } catch (RuntimeException e) {
            throw new LookupFailed(e);
        }
        if (record.isEmpty()) {
            return new UnknownStatus();
        }
        CertificateRecord r = record.get();
        if (r.isRevokedAt(now)) {
            Instant at = r.revokedAt() != null ? r.revokedAt() : now;
            int reason = r.reason() != null ? r.reason().code() : CRLReason.unspecified;
            return new RevokedStatus(Date.from(at), reason);
        }
        return CertificateStatus.GOOD;
    }

    /** A failure of the caller's registry lookup: answered with internalError, not malformedRequest. */
    private static final class LookupFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LookupFailed(RuntimeException cause) {
            super(cause);
        }
    }

    private static byte[] status(int status) {
        try {
            return new OCSPRespBuilder().build(status, null).getEncoded();
        } catch (OCSPException | IOException e) {
            throw new IllegalStateException("cannot encode OCSP status response", e);
        }
    }

    private Instant capped(Instant wanted, Instant now) {
        Instant caEnd = issuing.getNotAfter().toInstant();
        Instant end = wanted.isAfter(caEnd) ? caEnd : wanted;
        end = end.truncatedTo(ChronoUnit.SECONDS);
        if (!end.isAfter(now)) {
            throw PalisadeException.illegalState("the issuing CA expired on " + caEnd + "; renew the platform CA");
        }
        return end;
    }

    private CRLDistPoint crlDistPoint() {
        GeneralNames names = new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, urls.crlUrl()));
        return new CRLDistPoint(new DistributionPoint[] {
                new DistributionPoint(new DistributionPointName(names), null, null)});
    }

    // ---- helpers ----

    private static X500Name caName(String cn) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Palisade").addRDN(BCStyle.CN, cn).build();
    }

    static BigInteger newSerial() {
        BigInteger s;
        do {
            s = new BigInteger(1, randomBytes(16));
        } while (s.signum() == 0);
        return s;
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        Bc.RANDOM.nextBytes(b);
        return b;
    }

    private static ContentSigner signer(PrivateKey key) throws OperatorCreationException {
        return new JcaContentSignerBuilder(SIG_ALG).build(key);
    }

    private static X509Certificate toCert(X509v3CertificateBuilder b, PrivateKey signingKey)
            throws GeneralSecurityException, OperatorCreationException {
        return new JcaX509CertificateConverter().getCertificate(b.build(signer(signingKey)));
    }

    private static boolean keysMatch(PrivateKey priv, PublicKey pub) {
        try {
            byte[] probe = randomBytes(32);
            var s = java.security.Signature.getInstance(SIG_ALG);
            s.initSign(priv);
            s.update(probe);
            byte[] sig = s.sign();
            s.initVerify(pub);
            s.update(probe);
            return s.verify(sig);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static String encryptKey(PrivateKey key, char[] passphrase) throws OperatorCreationException {
        var encryptor = new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                .setPRF(PKCS8Generator.PRF_HMACSHA256)
                .setIterationCount(KDF_ITERATIONS)
                .setRandom(Bc.RANDOM)
                .setPassword(passphrase)
                .setProvider(Bc.PROVIDER)
                .build();
        try {
            var pem = new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(key, encryptor).generate();
            return Pem.encode(pem.getType(), pem.getContent());
        } catch (org.bouncycastle.util.io.pem.PemGenerationException e) {
            throw new IllegalStateException("cannot encrypt CA key", e);
        }
    }

    private static PrivateKey decryptKey(String pem, char[] passphrase, String file) {
        Object o;
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            o = parser.readObject();
        } catch (IOException | RuntimeException e) {
            o = null;
        }
        if (!(o instanceof PKCS8EncryptedPrivateKeyInfo enc)) {
            throw PalisadeException.illegalState(file + " is not an encrypted PKCS#8 private key (ENCRYPTED PRIVATE KEY)");
        }
        try {
            var decryptor = new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(Bc.PROVIDER).build(passphrase);
            return new JcaPEMKeyConverter().getPrivateKey(enc.decryptPrivateKeyInfo(decryptor));
        } catch (PKCSException | OperatorCreationException | IOException | RuntimeException e) {
            throw PalisadeException.unauthorized("cannot decrypt CA key " + file + ": wrong CA passphrase");
        }
    }

    private static String readSmall(Path file) throws IOException {
        if (Files.isSymbolicLink(file) || !Files.isRegularFile(file)) {
            throw PalisadeException.illegalState(file + " is not a regular file");
        }
        if (Files.size(file) > MAX_FILE_BYTES) {
            throw PalisadeException.illegalState(file + " is larger than " + MAX_FILE_BYTES / 1024 + " KiB");
        }
        return Files.readString(file, StandardCharsets.US_ASCII);
    }

    private static X509Certificate single(List<X509Certificate> certs, String file) {
        if (certs.size() != 1) {
            throw PalisadeException.illegalState(file + " must hold exactly one certificate");
        }
        return certs.get(0);
    }

    /** Writes a file readable only by the owner: created 0600 in a temporary name, then moved in place. */
    private static void writePrivate(Path target, String content) throws IOException {
        OwnerOnlyFiles.writePrivate(target, content.getBytes(StandardCharsets.US_ASCII));
    }

    private static void tightenModes(Path caDir) throws IOException {
        if (!Files.getPosixFilePermissions(caDir).equals(DIR_MODE)) {
            LOG.warn("CA directory {} had mode {}; setting 0700", caDir,
                    PosixFilePermissions.toString(Files.getPosixFilePermissions(caDir)));
            Files.setPosixFilePermissions(caDir, DIR_MODE);
        }
        for (String name : Arrays.asList(ROOT_CERT, ISSUING_CERT, ROOT_KEY, ISSUING_KEY)) {
            Path f = caDir.resolve(name);
            if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)
                    && !Files.getPosixFilePermissions(f, LinkOption.NOFOLLOW_LINKS).equals(FILE_MODE)) {
                LOG.warn("CA file {} had a mode other than 0600; setting 0600", f);
                Files.setPosixFilePermissions(f, FILE_MODE);
            }
        }
    }

    @Override
    public String toString() {
        return "CertificateAuthority[" + issuing.getSubjectX500Principal().getName() + "]";
    }
}
