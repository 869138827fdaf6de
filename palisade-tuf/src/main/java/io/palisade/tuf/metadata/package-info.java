/**
 * TUF 1.0 metadata: typed records for root, timestamp, snapshot and targets (with delegations), the strict
 * size-limited {@link io.palisade.tuf.metadata.MetadataParser}, OLPC {@link io.palisade.tuf.metadata.CanonicalJson},
 * and {@link io.palisade.tuf.metadata.SignatureVerifier} (ed25519, ECDSA P-256, RSASSA-PSS-SHA256).
 */
package io.palisade.tuf.metadata;
