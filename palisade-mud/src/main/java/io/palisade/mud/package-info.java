/**
 * RFC 8520 MUD file parsing ({@link io.palisade.mud.MudParser}, strict and lenient) with JSON-path errors
 * ({@link io.palisade.mud.MudException}).
 */
package io.palisade.mud;
