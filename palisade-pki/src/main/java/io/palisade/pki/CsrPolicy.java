package io.palisade.pki;

import io.palisade.core.PalisadeException;
import io.palisade.core.device.DeviceId;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Objects;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enrollment policy for PKCS#10 requests (RFC 2986) from devices: proof of possession, strong key, and no request
 * for more than a device client certificate. The certificate Palisade issues is built from policy alone; the
 * requested extensions are only checked so a device asking for more is told so instead of silently getting less.
 */
public final class CsrPolicy {
    private static final Logger LOG = LoggerFactory.getLogger(CsrPolicy.class);
    /** Largest CSR accepted, in any encoding. */
    public static final int MAX_BYTES = 16 * 1024;
    private static final Set<ASN1ObjectIdentifier> SIGNATURE_ALGORITHMS = Set.of(
            X9ObjectIdentifiers.ecdsa_with_SHA256, X9ObjectIdentifiers.ecdsa_with_SHA384,
            X9ObjectIdentifiers.ecdsa_with_SHA512, PKCSObjectIdentifiers.sha256WithRSAEncryption,
            PKCSObjectIdentifiers.sha384WithRSAEncryption, PKCSObjectIdentifiers.sha512WithRSAEncryption,
            PKCSObjectIdentifiers.id_RSASSA_PSS);

    private CsrPolicy() {
    }

    /** Validates a CSR in PEM, DER or base64(DER) for {@code expectedId}; rejects with {@link PalisadeException#invalid}. */
    public static ValidatedCsr validate(byte[] csr, DeviceId expectedId) {
        Objects.requireNonNull(expectedId, "expectedId");
        if (csr == null || csr.length == 0) {
            throw PalisadeException.invalid("CSR is empty");
        }
        if (csr.length > MAX_BYTES) {
            throw PalisadeException.invalid("CSR is larger than " + MAX_BYTES / 1024 + " KiB");
        }
        try {
            return check(parse(csr), expectedId);
        } catch (PalisadeException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.debug("CSR rejected while parsing: {}", e.toString());
            throw unparseable();
        }
    }

    private static PKCS10CertificationRequest parse(byte[] input) {
        byte[] der;
        String text = new String(input, StandardCharsets.ISO_8859_1).strip();
        if (text.startsWith("-----BEGIN")) {
            Object o;
            try (PEMParser p = new PEMParser(new StringReader(text))) {
                o = p.readObject();
            } catch (IOException e) {
                throw unparseable();
            }
            if (!(o instanceof PKCS10CertificationRequest req)) {
                throw PalisadeException.invalid("PEM does not hold a CERTIFICATE REQUEST");
            }
            der = encoded(req);
        } else if ((input[0] & 0xff) == 0x30) {
            der = input;
        } else {
            try {
                der = Base64.getDecoder().decode(text.replaceAll("[\\s]", ""));
            } catch (IllegalArgumentException e) {
                throw unparseable();
            }
        }
        if (der.length == 0 || (der[0] & 0xff) != 0x30) {
            throw unparseable();
        }
        try {
            PKCS10CertificationRequest req = new PKCS10CertificationRequest(der);
            // Reject trailing data and non-DER encodings: what we check must be exactly what was signed and sent.
            if (!java.util.Arrays.equals(req.getEncoded(), der)) {
                throw PalisadeException.invalid("CSR is not a single DER-encoded PKCS#10 request (trailing or non-DER data)");
            }
            return req;
        } catch (IOException e) {
            throw unparseable();
        }
    }

    private static ValidatedCsr check(PKCS10CertificationRequest req, DeviceId expectedId) {
        SubjectPublicKeyInfo spki = req.getSubjectPublicKeyInfo();
        PublicKey key = checkKey(spki);
        if (!SIGNATURE_ALGORITHMS.contains(req.getSignatureAlgorithm().getAlgorithm())) {
            throw PalisadeException.invalid("CSR signature algorithm is not allowed: use ECDSA or RSA with SHA-256/384/512");
        }
        boolean signatureOk;
        try {
            signatureOk = req.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(Bc.PROVIDER).build(key));
        } catch (Exception e) {
            LOG.debug("CSR signature check failed: {}", e.toString());
            signatureOk = false;
        }
        if (!signatureOk) {
            throw PalisadeException.invalid("CSR signature is invalid (no proof of possession of the private key)");
        }
        String cn = commonName(req);
        if (cn != null && !cn.equals(expectedId.value())) {
            throw PalisadeException.invalid("CSR subject claims another device id");
        }
        checkExtensions(req, expectedId);
        return new ValidatedCsr(key, cn);
    }

    private static PublicKey checkKey(SubjectPublicKeyInfo spki) {
        ASN1ObjectIdentifier alg = spki.getAlgorithm().getAlgorithm();
        String jcaAlg;
        if (X9ObjectIdentifiers.id_ecPublicKey.equals(alg)) {
            var params = spki.getAlgorithm().getParameters();
            if (!(params instanceof ASN1ObjectIdentifier curve)
                    || !(curve.equals(SECObjectIdentifiers.secp256r1) || curve.equals(SECObjectIdentifiers.secp384r1))) {
                throw PalisadeException.invalid("CSR key is not allowed: EC keys must use the named curve P-256 or P-384");
            }
            jcaAlg = "EC";
        } else if (PKCSObjectIdentifiers.rsaEncryption.equals(alg)) {
            BigInteger modulus;
            try {
                modulus = RSAPublicKey.getInstance(spki.parsePublicKey()).getModulus();
            } catch (IOException | RuntimeException e) {
                throw PalisadeException.invalid("CSR RSA public key is malformed");
            }
            int bits = modulus.bitLength();
            if (bits < 2048 || bits > 4096) {
                throw PalisadeException.invalid("CSR key is too weak or too large: RSA keys must have 2048 to 4096 bits (got "
                        + bits + ")");
            }
            jcaAlg = "RSA";
        } else {
            throw PalisadeException.invalid("CSR key type is not allowed: use EC P-256/P-384 or RSA 2048-4096");
        }
        try {
            return KeyFactory.getInstance(jcaAlg).generatePublic(new X509EncodedKeySpec(spki.getEncoded()));
        } catch (GeneralSecurityException | IOException e) {
            throw PalisadeException.invalid("CSR public key is malformed");
        }
    }

    private static String commonName(PKCS10CertificationRequest req) {
        RDN[] cns = req.getSubject().getRDNs(BCStyle.CN);
        if (cns.length == 0) {
            return null;
        }
        if (cns.length > 1 || cns[0].isMultiValued()) {
            throw PalisadeException.invalid("CSR subject has more than one common name");
        }
        var value = cns[0].getFirst().getValue();
        return value instanceof org.bouncycastle.asn1.ASN1String str ? str.getString() : IETFUtils.valueToString(value);
    }

    private static void checkExtensions(PKCS10CertificationRequest req, DeviceId expectedId) {
        Attribute[] attrs = req.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest);
        if (attrs.length == 0) {
            return;
        }
        if (attrs.length > 1 || attrs[0].getAttrValues().size() != 1) {
            throw PalisadeException.invalid("CSR has more than one extension request");
        }
        Extensions exts = Extensions.getInstance(attrs[0].getAttrValues().getObjectAt(0));
        for (ASN1ObjectIdentifier oid : exts.getExtensionOIDs()) {
            Extension e = exts.getExtension(oid);
            ASN1Primitive value = e.getParsedValue().toASN1Primitive();
            if (oid.equals(Extension.basicConstraints)) {
                if (BasicConstraints.getInstance(value).isCA()) {
                    throw PalisadeException.invalid("CSR requests a CA certificate (basicConstraints CA:true)");
                }
            } else if (oid.equals(Extension.extendedKeyUsage)) {
                for (KeyPurposeId p : ExtendedKeyUsage.getInstance(value).getUsages()) {
                    if (!p.equals(KeyPurposeId.id_kp_clientAuth)) {
                        throw PalisadeException.invalid("CSR requests an extended key usage other than clientAuth ("
                                + p.getId() + ")");
                    }
                }
            } else if (oid.equals(Extension.keyUsage)) {
                KeyUsage ku = KeyUsage.getInstance(value);
                if (ku.hasUsages(KeyUsage.keyCertSign) || ku.hasUsages(KeyUsage.cRLSign)) {
                    throw PalisadeException.invalid("CSR requests a CA key usage (keyCertSign or cRLSign)");
                }
            } else if (oid.equals(Extension.subjectAlternativeName)) {
                for (GeneralName n : GeneralNames.getInstance(value).getNames()) {
                    if (n.getTagNo() != GeneralName.uniformResourceIdentifier
                            || !expectedId.uri().equals(n.getName().toString())) {
                        throw PalisadeException.invalid("CSR requests a subject alternative name other than "
                                + expectedId.uri());
                    }
                }
            }
        }
    }

    private static byte[] encoded(PKCS10CertificationRequest req) {
        try {
            return req.getEncoded();
        } catch (IOException e) {
            throw unparseable();
        }
    }

    private static PalisadeException unparseable() {
        return PalisadeException.invalid("CSR cannot be parsed: send a PKCS#10 request as PEM, DER or base64 DER");
    }
}
