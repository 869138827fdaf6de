/** IP addresses and prefixes held as longs for allocation-free matching. */
package io.palisade.mud.net;
