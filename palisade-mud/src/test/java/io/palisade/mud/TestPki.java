package io.palisade.mud;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/** Throw-away EC certificates and detached CMS signatures for tests. */
public final class TestPki {
    private TestPki() {
    }

    /** A key pair with its certificate. */
    public record Issued(KeyPair keys, X509Certificate cert) {
    }

    public static Issued issue(String subject, Issued issuer, boolean isCa, Instant notBefore, int days)
            throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair kp = g.generateKeyPair();
        X500Name name = new X500Name(subject);
        X500Name issuerName = issuer == null ? name : X500Name.getInstance(
                issuer.cert().getSubjectX500Principal().getEncoded());
        PrivateKey signingKey = issuer == null ? kp.getPrivate() : issuer.keys().getPrivate();
        var b = new JcaX509v3CertificateBuilder(issuerName, BigInteger.valueOf(System.nanoTime()),
                Date.from(notBefore), Date.from(notBefore.plus(days, ChronoUnit.DAYS)), name, kp.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(isCa ? KeyUsage.keyCertSign | KeyUsage.cRLSign
                : KeyUsage.digitalSignature));
        var holder = b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signingKey));
        return new Issued(kp, new JcaX509CertificateConverter().getCertificate(holder));
    }

    /** A detached DER CMS signature over {@code content} carrying the signer's certificate. */
    public static byte[] signDetached(byte[] content, Issued by) throws Exception {
        CMSSignedDataGenerator gen = new CMSSignedDataGenerator();
        gen.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(by.keys().getPrivate()), by.cert()));
        gen.addCertificates(new JcaCertStore(List.of(by.cert())));
        return gen.generate(new CMSProcessableByteArray(content), false).getEncoded();
    }
}
