/** RFC 8520 section 13 detached CMS signature verification of MUD files. */
package io.palisade.mud.sig;
