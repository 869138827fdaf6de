package io.palisade.edge;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A small test PKI built with Bouncy Castle: a platform CA, a server identity, device certificates, forged ones. */
public final class TestPki {
    private static final AtomicLong SERIALS = new AtomicLong(System.nanoTime() & 0xffffffffL);

    /** A certificate with its key and the chain to present (leaf first, without the root). */
    public record Identity(PrivateKey key, X509Certificate cert, List<X509Certificate> chain) {
        public BigInteger serial() {
            return cert.getSerialNumber();
        }
    }

    public final Identity ca;
    public final Identity server;

    public TestPki(String caName) {
        this.ca = selfSigned(caName, ecKeys());
        this.server = issue(ca, "localhost", null, ecKeys(), Instant.now().minus(Duration.ofHours(1)), Instant.now().plus(Duration.ofDays(30)), true);
    }

    public static KeyPair ecKeys() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public Identity device(String id) {
        return device(id, true);
    }

    /** A device certificate: URI SAN urn:palisade:device:id (when {@code withUri}) and CN = id. */
    public Identity device(String id, boolean withUri) {
        return issue(ca, id, withUri ? "urn:palisade:device:" + id : null, ecKeys(), Instant.now().minus(Duration.ofHours(1)),
                Instant.now().plus(Duration.ofDays(30)), false);
    }

    public Identity expiredDevice(String id) {
        return issue(ca, id, "urn:palisade:device:" + id, ecKeys(), Instant.now().minus(Duration.ofDays(30)), Instant.now().minus(Duration.ofDays(1)), false);
    }

    public static Identity selfSigned(String name, KeyPair keys) {
        return build(new X500Name("CN=" + name), keys.getPrivate(), null, new X500Name("CN=" + name), keys.getPublic(), null,
                Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(365)), true, false, keys.getPrivate());
    }

    public static Identity issue(Identity issuer, String cn, String uri, KeyPair keys, Instant from, Instant to, boolean server) {
        Identity id = build(X500Name.getInstance(issuer.cert().getSubjectX500Principal().getEncoded()), issuer.key(), issuer.cert(),
                new X500Name("CN=" + cn), keys.getPublic(), uri, from, to, false, server, keys.getPrivate());
        return id;
    }

    /** A certificate signed by {@code signerKey} in the name of {@code issuerName} (may be forged). */
    public static Identity forged(X500Name issuerName, PrivateKey signerKey, String deviceId) {
        KeyPair keys = ecKeys();
        return build(issuerName, signerKey, null, new X500Name("CN=" + deviceId), keys.getPublic(), "urn:palisade:device:" + deviceId,
                Instant.now().minus(Duration.ofHours(1)), Instant.now().plus(Duration.ofDays(30)), false, false, keys.getPrivate());
    }

    private static Identity build(X500Name issuerName, PrivateKey signerKey, X509Certificate issuerCert, X500Name subject, PublicKey subjectKey,
            String uri, Instant from, Instant to, boolean ca, boolean server, PrivateKey subjectPrivate) {
        try {
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuerName, BigInteger.valueOf(SERIALS.incrementAndGet()),
                    Date.from(from), Date.from(to), subject, subjectKey);
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            b.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(subjectKey));
            if (issuerCert != null) {
                b.addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(issuerCert));
            }
            if (ca) {
                b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            } else {
                b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
                b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(server ? KeyPurposeId.id_kp_serverAuth : KeyPurposeId.id_kp_clientAuth));
                List<GeneralName> names = new ArrayList<>();
                if (server) {
                    names.add(new GeneralName(GeneralName.dNSName, "localhost"));
                    names.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
                }
                if (uri != null) {
                    names.add(new GeneralName(GeneralName.uniformResourceIdentifier, uri));
                }
                if (!names.isEmpty()) {
                    b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(new GeneralName[0])));
                }
            }
            String alg = signerKey.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder(alg).build(signerKey)));
            return new Identity(subjectPrivate, cert, List.of(cert));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- client TLS material -------------------------------------------------------------------------

    public static KeyManagerFactory keyManagers(Identity id) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("client", id.key(), "pw".toCharArray(), id.chain().toArray(new Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, "pw".toCharArray());
            return kmf;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public TrustManagerFactory trustManagers() {
        try {
            KeyStore ts = KeyStore.getInstance("PKCS12");
            ts.load(null, null);
            ts.setCertificateEntry("ca", ca.cert());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ts);
            return tmf;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** An SSL context presenting {@code id} (or no certificate when null) and trusting this PKI's CA. */
    public SSLContext sslContext(Identity idOrNull) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(idOrNull == null ? null : keyManagers(idOrNull).getKeyManagers(), trustManagers().getTrustManagers(), new SecureRandom());
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- PEM files ------------------------------------------------------------------------------------

    public static String pem(Object o) {
        try {
            StringWriter w = new StringWriter();
            try (JcaPEMWriter pw = new JcaPEMWriter(w)) {
                pw.writeObject(o);
            }
            return w.toString();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes cert.pem (chain), key.pem and ca.pem into {@code dir}; returns dir. */
    public Path writePem(Identity id, Path dir) throws IOException {
        Files.createDirectories(dir);
        StringBuilder chain = new StringBuilder();
        for (X509Certificate c : id.chain()) {
            chain.append(pem(c));
        }
        Files.writeString(dir.resolve("cert.pem"), chain, StandardCharsets.US_ASCII);
        String pkcs8 = "-----BEGIN PRIVATE KEY-----\n" + java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(id.key().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
        Files.writeString(dir.resolve("key.pem"), pkcs8, StandardCharsets.US_ASCII);
        Files.writeString(dir.resolve("ca.pem"), pem(ca.cert()), StandardCharsets.US_ASCII);
        return dir;
    }

    // ---- corpus --------------------------------------------------------------------------------------

    public static X509Certificate corpusCert(String name) {
        try (InputStream in = TestPki.class.getResourceAsStream("/mqtt/paho-tls-testing/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static PrivateKey corpusKey(String name) {
        try (InputStream in = TestPki.class.getResourceAsStream("/mqtt/paho-tls-testing/" + name);
                Reader r = new InputStreamReader(in, StandardCharsets.US_ASCII);
                PEMParser p = new PEMParser(r)) {
            Object o = p.readObject();
            return new JcaPEMKeyConverter().getKeyPair((PEMKeyPair) o).getPrivate();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static InetAddress loopback() {
        return InetAddress.getLoopbackAddress();
    }
}
