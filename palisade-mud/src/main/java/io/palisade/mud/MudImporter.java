package io.palisade.mud;

import io.palisade.mud.MudException.Code;
import io.palisade.mud.model.MudProfile;
import io.palisade.mud.sig.MudSignatureVerifier;
import io.palisade.mud.sig.SignatureCheck;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code mud import} step in one call: checks the detached CMS signature (RFC 8520 §13) against the configured
 * trusted MUD signers, parses and validates the file (strict, or lenient if allowed and needed), and returns what
 * the server stores: the profile plus its metadata and the SHA-256 of the exact bytes.
 *
 * <p>Order of checks: size; signature over the exact bytes (before the content is interpreted); parse (strict,
 * then lenient if allowed; a file refused only because lenient mode is not allowed keeps the strict error's code and
 * says so in its reason); {@code mud-url} against the expected URL. The parser itself enforces mud-version 1,
 * cache-validity 1..168, is-supported present, systeminfo ≤ 60 characters, every ACL reference defined, unique ACL
 * and ACE names, limits on size, depth and entries, strict UTF-8.
 *
 * <p>Signature policy (fail closed): a valid signature by a trusted signer is required. Without one, the file is
 * refused ({@link Code#UNSIGNED}, {@link Code#UNTRUSTED_SIGNER}, {@link Code#SIGNER_EXPIRED}) unless
 * {@link ImportOptions#signatureOverrideReason()} is given, which is logged at WARN and returned in the result; in
 * production mode an override is itself refused ({@link Code#OVERRIDE_REFUSED_IN_PRODUCTION}). A signature that
 * does not verify over the bytes ({@link Code#SIGNATURE_INVALID}) or is malformed ({@link Code#SIGNATURE_MALFORMED})
 * is never overridable. Thread-safe.
 */
public final class MudImporter {
    private static final Logger LOG = LoggerFactory.getLogger(MudImporter.class);

    private final MudSignatureVerifier verifier;

    /** @param trustedSigners trusted MUD signer certificates or CAs; may be empty (then nothing verifies) */
    public MudImporter(Collection<X509Certificate> trustedSigners) {
        Objects.requireNonNull(trustedSigners, "trustedSigners");
        this.verifier = trustedSigners.isEmpty() ? null : new MudSignatureVerifier(trustedSigners);
    }

    /** One-shot form of {@link #importMud(byte[], byte[], ImportOptions)}. */
    public static ImportResult importMud(byte[] mud, byte[] signature, Collection<X509Certificate> trustedSigners,
                                         ImportOptions options) throws MudException {
        return new MudImporter(trustedSigners).importMud(mud, signature, options);
    }

    /**
     * Imports one MUD file.
     *
     * @param mud       the exact bytes of the MUD file
     * @param signature the detached (or encapsulating) DER CMS signature, or null if none
     * @throws MudException with a stable {@link MudException#code()} for every refusal
     */
    public ImportResult importMud(byte[] mud, byte[] signature, ImportOptions options) throws MudException {
        Objects.requireNonNull(options, "options");
        if (mud == null || mud.length == 0) {
            throw new MudException(Code.MALFORMED_JSON, "$", "MUD file is empty");
        }
        if (mud.length > MudParser.MAX_BYTES) {
            throw new MudException(Code.TOO_LARGE, "$", "MUD file is " + mud.length + " bytes, larger than the limit"
                    + " of " + MudParser.MAX_BYTES + " bytes");
        }
        SignatureStatus status = signature(mud, signature, options);

        MudParseResult parsed;
        try {
            parsed = MudParser.strict().parse(mud);
        } catch (MudException strictError) {
            MudParseResult lenient;
            try {
                lenient = MudParser.lenient().parse(mud);
            } catch (MudException lenientError) {
                // broken in both shapes: report the error of the most permissive mode in use
                throw options.lenientAllowed() ? lenientError : strictError;
            }
            if (!options.lenientAllowed()) {
                // keep the precise code of the strict failure; say that lenient mode would accept the file
                throw new MudException(strictError.code(), strictError.path(), strictError.reason()
                        + " (the file is accepted in lenient mode with " + lenient.normalizations().size()
                        + " normalization(s), which is not allowed here)", strictError);
            }
            parsed = lenient;
        }
        MudProfile p = parsed.profile();
        if (options.expectedMudUrl().isPresent() && !options.expectedMudUrl().get().equals(p.mudUrl())) {
            throw new MudException(Code.MUD_URL_MISMATCH, "$.ietf-mud:mud.mud-url", "mud-url " + p.mudUrl()
                    + " is not the expected " + options.expectedMudUrl().get());
        }
        List<String> warnings = new ArrayList<>();
        if (!p.supported()) {
            warnings.add("is-supported is false: the manufacturer no longer supports this device");
        }
        if (status.overridden()) {
            warnings.add("signature requirement overridden (" + status.state() + "): " + status.overrideReason());
            LOG.warn("MUD file {} imported with signature override {}: {}", p.mudUrl(), status.state(),
                    status.overrideReason());
        }
        if (parsed.mode() == ParseMode.LENIENT) {
            LOG.info("MUD file {} read in lenient mode with {} normalization(s)", p.mudUrl(),
                    parsed.normalizations().size());
        }
        return new ImportResult(p, p.mudUrl().toString(), MudProfile.MUD_VERSION, p.lastUpdate().toString(),
                p.cacheValidityHours(), p.supported(), p.systemInfo().orElse(null), p.mfgName().orElse(null),
                p.modelName().orElse(null), p.manufacturerAuthority(), status, parsed.mode(),
                parsed.normalizations(), parsed.ignoredExtensions(), warnings, sha256(mud), mud.length);
    }

    private SignatureStatus signature(byte[] mud, byte[] signature, ImportOptions options) throws MudException {
        if (signature == null || signature.length == 0) {
            return override(options, SignatureStatus.State.UNSIGNED_OVERRIDDEN, null, Code.UNSIGNED,
                    "MUD file is not signed");
        }
        SignatureCheck check = verifier == null
                ? new SignatureCheck.Invalid(SignatureCheck.Failure.UNTRUSTED_SIGNER,
                "signer is not trusted: no trusted MUD signers are configured")
                : verifier.verify(mud, signature, options.verificationTime());
        return switch (check) {
            case SignatureCheck.Valid v -> SignatureStatus.valid(v.signerSubject());
            case SignatureCheck.Invalid inv -> switch (inv.failure()) {
                case UNTRUSTED_SIGNER, SIGNER_CERTIFICATE_MISSING -> override(options,
                        SignatureStatus.State.UNTRUSTED_OVERRIDDEN, inv.reason(), Code.UNTRUSTED_SIGNER, inv.reason());
                case SIGNER_NOT_VALID_AT_TIME -> override(options, SignatureStatus.State.EXPIRED_OVERRIDDEN,
                        inv.reason(), Code.SIGNER_EXPIRED, inv.reason());
                case BAD_SIGNATURE, CONTENT_MISMATCH -> throw new MudException(Code.SIGNATURE_INVALID, "$",
                        inv.reason());
                case MALFORMED -> throw new MudException(Code.SIGNATURE_MALFORMED, "$", inv.reason());
            };
        };
    }

    private static SignatureStatus override(ImportOptions options, SignatureStatus.State state, String detail,
                                            Code refusal, String problem) throws MudException {
        if (options.signatureOverrideReason().isEmpty()) {
            throw new MudException(refusal, "$", problem + "; refused (an explicit override is required)");
        }
        if (options.production()) {
            throw new MudException(Code.OVERRIDE_REFUSED_IN_PRODUCTION, "$", problem
                    + "; a signature override is not allowed in production mode");
        }
        return new SignatureStatus(state, null, detail, options.signatureOverrideReason().get());
    }

    /** Hex SHA-256 of bytes. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
