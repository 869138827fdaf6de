/**
 * A client of The Update Framework (TUF) specification 1.0: {@link io.palisade.tuf.Updater} implements the
 * detailed client workflow (spec §5) over a {@link io.palisade.tuf.fetch.Fetcher}; metadata types, the strict parser,
 * canonical JSON and threshold signature verification are in {@link io.palisade.tuf.metadata}. This module depends on
 * no other Palisade module, so the device agent can embed it.
 */
package io.palisade.tuf;
