package io.palisade.device.internal;

import io.palisade.device.DeviceException;
import io.palisade.device.KeyStorage;
import java.io.IOException;
import java.math.BigInteger;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.operator.RuntimeOperatorException;
import org.bouncycastle.pkcs.PKCS10CertificationRequestBuilder;

/** CSR and TLS identity logic shared by every key storage; subclasses say where the key lives. */
abstract class AbstractKeyStorage implements KeyStorage {
    /** The P-256 field size; every storage accepts only EC P-256 keys. */
    static final int P256_BITS = 256;

    protected abstract PrivateKey privateKey();

    /** The provider that must perform signatures with {@link #privateKey()}, or null for the default lookup. */
    protected abstract Provider signingProvider();

    @Override
    public byte[] csr(String deviceId) {
        DeviceIds.requireValid(deviceId);
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, deviceId).build();
        SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(publicKey().getEncoded());
        try {
            return new PKCS10CertificationRequestBuilder(subject, spki)
                    .build(new SignatureContentSigner(privateKey(), signingProvider()))
                    .getEncoded();
        } catch (IOException | RuntimeOperatorException e) {
            throw new DeviceException("cannot build the certificate signing request: " + e.getMessage(), e);
        }
    }

    @Override
    public KeyManagerFactory keyManagers(List<X509Certificate> chain) {
        if (chain == null || chain.isEmpty()) {
            throw new IllegalArgumentException("certificate chain (leaf first) is required");
        }
        if (!Arrays.equals(chain.get(0).getPublicKey().getEncoded(), publicKey().getEncoded())) {
            throw new DeviceException("the leaf certificate does not match the stored device key");
        }
        return SingleIdentityKeyManagerFactory.of(privateKey(), chain);
    }

    static void requireP256(PublicKey key) {
        if (!(key instanceof ECPublicKey ec) || ec.getParams().getCurve().getField().getFieldSize() != P256_BITS
                || !ec.getParams().getOrder().equals(P256_ORDER)) {
            throw new DeviceException("the device key must be an EC P-256 key");
        }
    }

    static final BigInteger P256_ORDER =
            new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);

    /** A self-signed placeholder certificate, signed with the stored key (used to keep a token key addressable). */
    static X509Certificate selfSigned(String cn, PublicKey pub, PrivateKey key, Provider provider) {
        X500Name name = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, cn).build();
        Instant now = Instant.now();
        try {
            X509v3CertificateBuilder b = new X509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                    Date.from(now.minusSeconds(60)), Date.from(now.plusSeconds(100L * 365 * 24 * 3600)), name,
                    SubjectPublicKeyInfo.getInstance(pub.getEncoded()));
            return new JcaX509CertificateConverter().getCertificate(b.build(new SignatureContentSigner(key, provider)));
        } catch (CertificateException | RuntimeOperatorException e) {
            throw new DeviceException("cannot create the key holder certificate: " + e.getMessage(), e);
        }
    }
}
