package io.palisade.pki;

import io.palisade.core.PalisadeException;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/** PEM (RFC 7468) helpers. Readers have size limits and raise {@link PalisadeException#invalid} with a clear message. */
public final class Pem {
    /** Largest PEM text accepted by the readers. */
    public static final int MAX_PEM_CHARS = 256 * 1024;
    /** Most certificates accepted in one PEM bundle. */
    public static final int MAX_CERTIFICATES = 32;

    private Pem() {
    }

    public static String certificates(List<X509Certificate> certs) {
        Objects.requireNonNull(certs, "certs");
        StringBuilder sb = new StringBuilder();
        for (X509Certificate c : certs) {
            sb.append(certificate(c));
        }
        return sb.toString();
    }

    public static String certificate(X509Certificate cert) {
        Objects.requireNonNull(cert, "cert");
        try {
            return encode("CERTIFICATE", cert.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate cannot be encoded", e);
        }
    }

    /** Unencrypted PKCS#8 "PRIVATE KEY". Only for keys that are meant to leave the process (device side, tests). */
    public static String privateKey(PrivateKey key) {
        Objects.requireNonNull(key, "key");
        if (!"PKCS#8".equalsIgnoreCase(key.getFormat()) || key.getEncoded() == null) {
            throw PalisadeException.invalid("private key is not exportable as PKCS#8");
        }
        return encode("PRIVATE KEY", key.getEncoded());
    }

    public static String csr(byte[] der) {
        Objects.requireNonNull(der, "der");
        return encode("CERTIFICATE REQUEST", der);
    }

    static String encode(String type, byte[] der) {
        StringWriter out = new StringWriter();
        try (PemWriter w = new PemWriter(out)) {
            w.writeObject(new PemObject(type, der));
        } catch (IOException e) {
            throw new IllegalStateException("PEM encoding failed", e);
        }
        return out.toString();
    }

    /** All certificates of a PEM bundle, in order; anything else in the bundle is an error. */
    public static List<X509Certificate> readCertificates(String pem) {
        checkSize(pem);
        List<X509Certificate> out = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object o;
            while ((o = parser.readObject()) != null) {
                if (!(o instanceof X509CertificateHolder holder)) {
                    throw PalisadeException.invalid("PEM contains something other than a certificate");
                }
                if (out.size() == MAX_CERTIFICATES) {
                    throw PalisadeException.invalid("PEM contains more than " + MAX_CERTIFICATES + " certificates");
                }
                out.add(converter.getCertificate(holder));
            }
        } catch (PalisadeException e) {
            throw e;
        } catch (IOException | CertificateException | RuntimeException e) {
            throw PalisadeException.invalid("PEM certificate cannot be parsed: use base64 DER between "
                    + "-----BEGIN CERTIFICATE----- and -----END CERTIFICATE----- lines");
        }
        if (out.isEmpty()) {
            throw PalisadeException.invalid("no certificate found in PEM (expected -----BEGIN CERTIFICATE-----)");
        }
        return List.copyOf(out);
    }

    /** One unencrypted private key: PKCS#8 "PRIVATE KEY" or SEC1 "EC PRIVATE KEY" (also "RSA PRIVATE KEY"). */
    public static PrivateKey readPrivateKey(String pem) {
        checkSize(pem);
        Object o;
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            o = parser.readObject();
            if (o != null && parser.readObject() != null) {
                throw PalisadeException.invalid("PEM contains more than one object; expected exactly one private key");
            }
        } catch (PalisadeException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw PalisadeException.invalid("PEM private key cannot be parsed");
        }
        try {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (o instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            if (o instanceof PEMKeyPair pair) {
                return converter.getPrivateKey(pair.getPrivateKeyInfo());
            }
        } catch (IOException | RuntimeException e) {
            throw PalisadeException.invalid("private key has an unsupported algorithm or a malformed encoding");
        }
        if (o instanceof PKCS8EncryptedPrivateKeyInfo || o instanceof PEMEncryptedKeyPair) {
            throw PalisadeException.invalid("private key is encrypted; supply an unencrypted PKCS#8 or SEC1 key");
        }
        throw PalisadeException.invalid("no private key found in PEM (expected -----BEGIN PRIVATE KEY----- or "
                + "-----BEGIN EC PRIVATE KEY-----)");
    }

    private static void checkSize(String pem) {
        if (pem == null || pem.isEmpty()) {
            throw PalisadeException.invalid("PEM text is empty");
        }
        if (pem.length() > MAX_PEM_CHARS) {
            throw PalisadeException.invalid("PEM text is larger than " + MAX_PEM_CHARS / 1024 + " KiB");
        }
    }
}
