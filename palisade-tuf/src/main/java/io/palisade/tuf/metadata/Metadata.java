package io.palisade.tuf.metadata;

import java.util.List;
import java.util.Objects;

/**
 * A parsed metadata document: the typed {@code signed} portion, its signatures, the canonical JSON bytes the
 * signatures are made over, and the exact bytes it was parsed from (what the client persists).
 *
 * @param <T> the metadata type
 */
public final class Metadata<T extends Signed> {
    private final T signed;
    private final List<Signature> signatures;
    private final byte[] canonicalSigned;
    private final byte[] raw;

    Metadata(T signed, List<Signature> signatures, byte[] canonicalSigned, byte[] raw) {
        this.signed = Objects.requireNonNull(signed, "signed");
        this.signatures = List.copyOf(signatures);
        this.canonicalSigned = canonicalSigned.clone();
        this.raw = raw.clone();
    }

    public T signed() {
        return signed;
    }

    public List<Signature> signatures() {
        return signatures;
    }

    /** The canonical JSON encoding of {@code signed}: the bytes every signature is verified against. */
    public byte[] canonicalSigned() {
        return canonicalSigned.clone();
    }

    /** The bytes this metadata was parsed from. */
    public byte[] raw() {
        return raw.clone();
    }

    @Override
    public String toString() {
        return "Metadata[" + signed.type().typeName() + " v" + signed.version() + ", " + signatures.size() + " signature(s)]";
    }
}
