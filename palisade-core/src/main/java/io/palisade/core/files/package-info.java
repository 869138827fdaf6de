/** Owner-only (0600/0700) file and directory creation with atomic replacement: {@link io.palisade.core.files.OwnerOnlyFiles}. */
package io.palisade.core.files;
