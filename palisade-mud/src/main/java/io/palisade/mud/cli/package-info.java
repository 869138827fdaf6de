/** Offline MUD analysis command line ({@link io.palisade.mud.cli.MudCheckCli}). */
package io.palisade.mud.cli;
