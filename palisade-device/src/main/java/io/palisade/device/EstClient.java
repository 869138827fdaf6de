package io.palisade.device;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.palisade.device.internal.CertsOnly;
import io.palisade.device.internal.DeviceIds;
import io.palisade.device.internal.LimitedBodySubscriber;
import io.palisade.device.internal.TrustAnchors;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RFC 7030 (EST) client for {@code /cacerts}, {@code /simpleenroll} and {@code /simplereenroll}. The platform root,
 * provisioned out of band, is the only HTTPS trust anchor; hostname verification is on; only TLS 1.3/1.2. Requests
 * carry base64 DER PKCS#10 ({@code application/pkcs10}); responses must be base64 certs-only CMS
 * ({@code application/pkcs7-mime}). Every call is bounded in time and size; every failure is an {@link EstException}.
 * Enrollment answers must certify the key of the CSR; the returned chain is ordered leaf first.
 */
public final class EstClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EstClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Default bound of one EST call (connect, TLS, request, response). */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    private static final int MAX_ERROR_BODY_BYTES = 16 * 1024;
    private static final int MAX_PROBLEM_CHARS = 300;
    private static final int MAX_CSR_BYTES = 64 * 1024;

    private final URI base;
    private final X509Certificate trustedRoot;
    private final Duration timeout;
    private final HttpClient anonymous;

    public EstClient(URI estBase, X509Certificate trustedRoot) {
        this(estBase, trustedRoot, DEFAULT_TIMEOUT);
    }

    public EstClient(URI estBase, X509Certificate trustedRoot, Duration timeout) {
        if (estBase == null || !"https".equalsIgnoreCase(estBase.getScheme()) || estBase.getHost() == null) {
            throw new IllegalArgumentException("EST base must be an https:// URI with a host, e.g."
                    + " https://localhost:8443/.well-known/est/");
        }
        if (trustedRoot == null) {
            throw new IllegalArgumentException("trusted root certificate is required");
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        String s = estBase.toString();
        this.base = URI.create(s.endsWith("/") ? s : s + "/");
        this.trustedRoot = trustedRoot;
        this.timeout = timeout;
        this.anonymous = httpClient(null);
    }

    public URI base() {
        return base;
    }

    /** GET /cacerts: the current CA certificates (RFC 7030 §4.1). */
    public List<X509Certificate> cacerts() {
        HttpRequest req = request("cacerts").GET().build();
        return CertsOnly.parseBase64(200, send(anonymous, req, "cacerts"));
    }

    /** POST /simpleenroll with HTTP Basic {@code deviceId:oneTimeToken} (RFC 7030 §3.2.3). Chain leaf first. */
    public List<X509Certificate> simpleEnroll(String deviceId, String oneTimeToken, byte[] csrDer) {
        DeviceIds.requireValid(deviceId);
        if (oneTimeToken == null || oneTimeToken.isEmpty() || oneTimeToken.length() > 1024
                || oneTimeToken.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("one-time token must be 1-1024 printable characters");
        }
        SubjectPublicKeyInfo key = csrKey(csrDer);
        String basic = Base64.getEncoder()
                .encodeToString((deviceId + ":" + oneTimeToken).getBytes(StandardCharsets.UTF_8));
        HttpRequest req = csrRequest("simpleenroll", csrDer).header("Authorization", "Basic " + basic).build();
        return leafFirst(key, CertsOnly.parseBase64(200, send(anonymous, req, "simpleenroll")));
    }

    /** POST /simpleenroll authenticated by a manufacturer identity (IDevID) over mutual TLS. */
    public List<X509Certificate> simpleEnrollWithClientCert(KeyManagerFactory idevid, byte[] csrDer) {
        return withClientCert("simpleenroll", idevid, csrDer);
    }

    /** POST /simplereenroll authenticated by the current certificate over mutual TLS (RFC 7030 §4.2.2). */
    public List<X509Certificate> simpleReenroll(KeyManagerFactory current, byte[] csrDer) {
        return withClientCert("simplereenroll", current, csrDer);
    }

    private List<X509Certificate> withClientCert(String op, KeyManagerFactory identity, byte[] csrDer) {
        if (identity == null) {
            throw new IllegalArgumentException("client identity (KeyManagerFactory) is required");
        }
        SubjectPublicKeyInfo key = csrKey(csrDer);
        try (HttpClient client = httpClient(identity)) {
            HttpRequest req = csrRequest(op, csrDer).build();
            return leafFirst(key, CertsOnly.parseBase64(200, send(client, req, op)));
        }
    }

    private static SubjectPublicKeyInfo csrKey(byte[] csrDer) {
        if (csrDer == null || csrDer.length == 0 || csrDer.length > MAX_CSR_BYTES) {
            throw new IllegalArgumentException("CSR must be 1-" + MAX_CSR_BYTES + " bytes of DER PKCS#10");
        }
        try {
            return new PKCS10CertificationRequest(csrDer).getSubjectPublicKeyInfo();
        } catch (Exception e) {
            throw new IllegalArgumentException("CSR is not a DER PKCS#10 request: " + e.getMessage(), e);
        }
    }

    /** Keeps the certificate for the CSR key first, then its issuers as far as the response carries them. */
    static List<X509Certificate> leafFirst(SubjectPublicKeyInfo csrKey, List<X509Certificate> certs) {
        byte[] wanted;
        try {
            wanted = csrKey.getEncoded();
        } catch (java.io.IOException e) {
            throw new EstException(0, "cannot encode the CSR key", e);
        }
        X509Certificate leaf = certs.stream()
                .filter(c -> Arrays.equals(c.getPublicKey().getEncoded(), wanted))
                .findFirst()
                .orElseThrow(() -> new EstException(200, "the issued certificate does not certify the CSR key"));
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(leaf);
        X509Certificate current = leaf;
        while (!current.getIssuerX500Principal().equals(current.getSubjectX500Principal())
                && chain.size() < certs.size()) {
            X509Certificate cur = current;
            Optional<X509Certificate> issuer = certs.stream()
                    .filter(c -> !chain.contains(c))
                    .filter(c -> c.getSubjectX500Principal().equals(cur.getIssuerX500Principal()))
                    .findFirst();
            if (issuer.isEmpty()) {
                break;
            }
            chain.add(issuer.get());
            current = issuer.get();
        }
        return List.copyOf(chain);
    }

    private HttpRequest.Builder request(String op) {
        return HttpRequest.newBuilder(base.resolve(op)).timeout(timeout).header("Accept", "application/pkcs7-mime");
    }

    private HttpRequest.Builder csrRequest(String op, byte[] csrDer) {
        byte[] body = Base64.getMimeEncoder(64, "\r\n".getBytes(StandardCharsets.US_ASCII)).encode(csrDer);
        return request(op)
                .header("Content-Type", "application/pkcs10")
                .header("Content-Transfer-Encoding", "base64")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    }

    private HttpClient httpClient(KeyManagerFactory identity) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(timeout)
                .sslContext(TrustAnchors.context(trustedRoot, identity))
                .sslParameters(TrustAnchors.parameters())
                .build();
    }

    private byte[] send(HttpClient client, HttpRequest req, String op) {
        CompletableFuture<HttpResponse<byte[]>> future = client.sendAsync(req, info -> info.statusCode() / 100 == 2
                ? new LimitedBodySubscriber(CertsOnly.MAX_BODY_BYTES, false)
                : new LimitedBodySubscriber(MAX_ERROR_BODY_BYTES, true)); // error text is only shown abbreviated
        HttpResponse<byte[]> resp;
        try {
            resp = future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new EstException(0, op + " to " + req.uri() + " timed out after " + timeout.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new EstException(0, op + " to " + req.uri() + " interrupted", e);
        } catch (ExecutionException e) {
            throw transportFailure(op, req.uri(), e.getCause() == null ? e : e.getCause());
        }
        int status = resp.statusCode();
        if (status == 200) {
            String type = resp.headers().firstValue("Content-Type").orElse("");
            if (!mediaType(type).equals("application/pkcs7-mime")) {
                throw new EstException(status, op + " answered with content type '"
                        + clean(type, 100) + "', expected application/pkcs7-mime");
            }
            LOG.debug("EST {} succeeded ({} bytes)", op, resp.body().length);
            return resp.body();
        }
        if (status == 202) {
            String retry = resp.headers().firstValue("Retry-After").map(v -> clean(v, 40)).orElse("unspecified");
            throw new EstException(status, op + " accepted but pending manual approval; retry after " + retry);
        }
        throw new EstException(status, op + " rejected: " + problemText(resp));
    }

    private static EstException transportFailure(String op, URI uri, Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof LimitedBodySubscriber.TooLargeException) {
                return new EstException(0, op + " response from " + uri + ": " + t.getMessage(), cause);
            }
            if (t instanceof SSLHandshakeException || t instanceof SSLException) {
                return new EstException(0, "TLS with " + uri.getHost() + " failed for " + op
                        + " (the server certificate must chain to the platform root and match the host name): "
                        + clean(String.valueOf(t.getMessage()), 200), cause);
            }
            if (t instanceof HttpTimeoutException) {
                return new EstException(0, op + " to " + uri + " timed out", cause);
            }
        }
        return new EstException(0, op + " to " + uri + " failed: " + cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : " (" + clean(cause.getMessage(), 200) + ")"), cause);
    }

    private static String mediaType(String contentType) {
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    private static String problemText(HttpResponse<byte[]> resp) {
        String type = mediaType(resp.headers().firstValue("Content-Type").orElse(""));
        String body = new String(resp.body(), StandardCharsets.UTF_8);
        if (type.equals("application/problem+json") || type.equals("application/json")) {
            try {
                JsonNode node = JSON.readTree(body);
                if (node != null && node.isObject()) {
                    String detail = node.path("detail").asText("");
                    String title = node.path("title").asText("");
                    String text = !detail.isBlank() ? (title.isBlank() ? detail : title + ": " + detail) : title;
                    if (!text.isBlank()) {
                        return clean(text, MAX_PROBLEM_CHARS);
                    }
                }
            } catch (Exception e) {
                // fall through to the raw text
            }
        }
        String text = clean(body, MAX_PROBLEM_CHARS);
        return text.isBlank() ? "no problem details" : text;
    }

    /** Printable single-line text, abbreviated. */
    private static String clean(String s, int max) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), max + 3));
        for (int i = 0; i < s.length() && b.length() < max; i++) {
            char c = s.charAt(i);
            b.append(Character.isISOControl(c) ? ' ' : c);
        }
        if (s.length() > max) {
            b.append("...");
        }
        return b.toString().strip();
    }

    @Override
    public void close() {
        anonymous.close();
    }

    @Override
    public String toString() {
        return "EstClient[" + base + "]";
    }
}
