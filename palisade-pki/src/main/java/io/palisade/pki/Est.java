package io.palisade.pki;

import io.palisade.core.ErrorCode;
import io.palisade.core.PalisadeException;
import java.io.IOException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSAbsentContent;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedDataGenerator;

/** RFC 7030 (EST) encodings. */
public final class Est {
    private Est() {
    }

    /**
     * A degenerate CMS SignedData holding only certificates (RFC 7030 §4.1.3, §4.2.3; RFC 5652 §5), DER encoded,
     * served as {@code application/pkcs7-mime; smime-type=certs-only} (base64 with Content-Transfer-Encoding).
     */
    public static byte[] certsOnly(List<X509Certificate> certs) {
        Objects.requireNonNull(certs, "certs");
        if (certs.isEmpty()) {
            throw PalisadeException.invalid("certs-only response needs at least one certificate");
        }
        try {
            CMSSignedDataGenerator gen = new CMSSignedDataGenerator();
            gen.addCertificates(new JcaCertStore(certs));
            return gen.generate(new CMSAbsentContent(), false).getEncoded(ASN1Encoding.DER);
        } catch (CertificateEncodingException | CMSException | IOException e) {
            throw new IllegalStateException("cannot encode certs-only CMS: " + e.getMessage(), e);
        }
    }

    /**
     * Decodes an EST base64 body (RFC 7030 §4.2.1: base64 with line breaks). CR, LF, tab and space are ignored.
     * {@code maxBytes} bounds the body as received; too large raises {@link ErrorCode#PAYLOAD_TOO_LARGE}, bad
     * base64 raises {@link ErrorCode#INVALID_INPUT}.
     */
    public static byte[] decodeBase64(byte[] body, int maxBytes) {
        if (body == null || body.length == 0) {
            throw PalisadeException.invalid("request body is empty; expected base64-encoded DER");
        }
        if (body.length > maxBytes) {
            throw new PalisadeException(ErrorCode.PAYLOAD_TOO_LARGE,
                    "request body is larger than " + maxBytes + " bytes");
        }
        byte[] compact = new byte[body.length];
        int n = 0;
        for (byte b : body) {
            if (b == '\r' || b == '\n' || b == ' ' || b == '\t') {
                continue;
            }
            compact[n++] = b;
        }
        if (n == 0) {
            throw PalisadeException.invalid("request body is empty; expected base64-encoded DER");
        }
        try {
            return Base64.getDecoder().decode(java.util.Arrays.copyOf(compact, n));
        } catch (IllegalArgumentException e) {
            throw PalisadeException.invalid("request body is not valid base64 (RFC 7030 section 4.2.1)");
        }
    }
}
