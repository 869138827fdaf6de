package io.palisade.mud;

/** How strictly a MUD file is read. */
public enum ParseMode {
    /** Only the RFC 8520 / RFC 8519 / RFC 7951 JSON shape is accepted. */
    STRICT,
    /**
     * The pre-RFC draft shapes seen in real files are also accepted and normalized to the RFC model; every
     * normalization applied is reported in {@link MudParseResult#normalizations()}.
     */
    LENIENT
}
