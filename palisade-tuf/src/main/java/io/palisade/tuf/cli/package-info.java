/** The tuf-conformance client CLI ({@link io.palisade.tuf.cli.TufClientCli}). */
package io.palisade.tuf.cli;
