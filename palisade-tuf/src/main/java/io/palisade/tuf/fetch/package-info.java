/** Length-capped downloads over HTTP(S) ({@link io.palisade.tuf.fetch.HttpFetcher}) and from files. */
package io.palisade.tuf.fetch;
