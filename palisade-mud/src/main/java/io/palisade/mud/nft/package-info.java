/** nftables ruleset export of a compiled MUD policy. */
package io.palisade.mud.nft;
