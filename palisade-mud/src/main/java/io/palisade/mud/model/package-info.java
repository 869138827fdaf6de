/** Immutable model of a parsed MUD file: the ietf-mud container and its RFC 8519 ACLs. */
package io.palisade.mud.model;
