package io.palisade.device.internal;

import io.palisade.device.EstException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1InputStream;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.SignedData;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.Certificate;

/**
 * Parses the body of an EST certificate response (RFC 7030 §4.1.3 / §4.2.3, RFC 8951): base64 of a CMS SignedData
 * "certs-only" message. Bounded and total: any malformed, truncated or oversized input gives an {@link EstException}.
 */
public final class CertsOnly {
    /** Upper bound of an EST certificate response body. */
    public static final int MAX_BODY_BYTES = 256 * 1024;
    /** Upper bound of certificates in one response. */
    public static final int MAX_CERTIFICATES = 16;

    private CertsOnly() {
    }

    /** Decodes a base64 (whitespace allowed, RFC 8951) certs-only body. {@code status} is used in errors. */
    public static List<X509Certificate> parseBase64(int status, byte[] body) {
        if (body == null || body.length == 0) {
            throw new EstException(status, "empty certificate response");
        }
        if (body.length > MAX_BODY_BYTES) {
            throw new EstException(status, "certificate response larger than " + MAX_BODY_BYTES + " bytes");
        }
        StringBuilder compact = new StringBuilder(body.length);
        for (byte b : body) {
            char c = (char) (b & 0xff);
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                continue;
            }
            compact.append(c);
        }
        byte[] der;
        try {
            der = Base64.getDecoder().decode(compact.toString().getBytes(StandardCharsets.ISO_8859_1));
        } catch (IllegalArgumentException e) {
            throw new EstException(status, "certificate response is not valid base64");
        }
        return parseDer(status, der);
    }

    /** Parses a DER/BER CMS certs-only message. */
    public static List<X509Certificate> parseDer(int status, byte[] der) {
        if (der.length == 0 || der.length > MAX_BODY_BYTES) {
            throw new EstException(status, "certificate response is empty or too large");
        }
        String structure = checkStructure(der);
        if (structure != null) {
            throw new EstException(status, "malformed certificate response: " + structure);
        }
        try (ASN1InputStream in = new ASN1InputStream(der)) {
            ASN1Primitive top = in.readObject();
            if (top == null || in.readObject() != null) {
                throw new EstException(status, "certificate response must hold exactly one CMS message");
            }
            ContentInfo ci = ContentInfo.getInstance(top);
            if (!PKCSObjectIdentifiers.signedData.equals(ci.getContentType())) {
                throw new EstException(status, "certificate response is not a CMS SignedData message");
            }
            SignedData sd = SignedData.getInstance(ci.getContent());
            ASN1Set certs = sd.getCertificates();
            if (certs == null || certs.size() == 0) {
                throw new EstException(status, "certificate response holds no certificates");
            }
            if (certs.size() > MAX_CERTIFICATES) {
                throw new EstException(status, "certificate response holds more than " + MAX_CERTIFICATES
                        + " certificates");
            }
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            List<X509Certificate> out = new ArrayList<>(certs.size());
            for (ASN1Encodable e : certs) {
                if (!(e.toASN1Primitive() instanceof org.bouncycastle.asn1.ASN1Sequence)) {
                    throw new EstException(status, "certificate response holds a non-X.509 certificate choice");
                }
                byte[] enc = Certificate.getInstance(e).getEncoded(ASN1Encoding.DER);
                out.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(enc)));
            }
            return List.copyOf(out);
        } catch (EstException e) {
            throw e;
        } catch (IOException | CertificateException | RuntimeException e) {
            throw new EstException(status, "malformed certificate response: " + describe(e), e);
        } catch (StackOverflowError e) {
            throw new EstException(status, "malformed certificate response: nesting too deep");
        }
    }

    /** Upper bound of nested constructed encodings (a certs-only message needs about a dozen). */
    static final int MAX_DEPTH = 40;

    /**
     * Walks the BER/DER TLV structure without recursion: one top-level element, lengths within bounds, nesting at
     * most {@link #MAX_DEPTH}. Returns null when sound, otherwise what is wrong.
     */
    static String checkStructure(byte[] b) {
        int[] ends = new int[MAX_DEPTH + 1]; // end offset of each open constructed element, -1 = indefinite length
        int depth = 0;
        int pos = 0;
        int topLevel = 0;
        while (true) {
            while (depth > 0 && ends[depth - 1] >= 0 && pos == ends[depth - 1]) {
                depth--;
            }
            if (pos == b.length) {
                return depth == 0 ? null : "truncated encoding";
            }
            if (depth == 0 && ++topLevel > 1) {
                return "trailing data after the CMS message";
            }
            if (depth > 0 && ends[depth - 1] < 0 && b[pos] == 0) {
                if (pos + 1 >= b.length || b[pos + 1] != 0) {
                    return "bad end-of-contents";
                }
                pos += 2;
                depth--;
                continue;
            }
            int tag = b[pos++] & 0xff;
            boolean constructed = (tag & 0x20) != 0;
            if ((tag & 0x1f) == 0x1f) {
                int n = 0;
                do {
                    if (pos >= b.length || ++n > 4) {
                        return "bad tag";
                    }
                } while ((b[pos++] & 0x80) != 0);
            }
            if (pos >= b.length) {
                return "truncated encoding";
            }
            int first = b[pos++] & 0xff;
            int end;
            if (first == 0x80) {
                if (!constructed) {
                    return "indefinite length on a primitive element";
                }
                end = -1;
            } else {
                long len;
                if ((first & 0x80) == 0) {
                    len = first;
                } else {
                    int n = first & 0x7f;
                    if (n > 4 || pos + n > b.length) {
                        return "bad length";
                    }
                    len = 0;
                    for (int i = 0; i < n; i++) {
                        len = (len << 8) | (b[pos++] & 0xff);
                    }
                }
                long limit = depth > 0 && ends[depth - 1] >= 0 ? ends[depth - 1] : b.length;
                if (pos + len > limit) {
                    return "length beyond the end of the enclosing element";
                }
                end = (int) (pos + len);
            }
            if (constructed) {
                if (depth == MAX_DEPTH) {
                    return "nesting deeper than " + MAX_DEPTH;
                }
                ends[depth++] = end;
            } else {
                pos = end;
            }
        }
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : " (" + abbreviate(m, 200) + ")");
    }

    static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "...";
    }
}
