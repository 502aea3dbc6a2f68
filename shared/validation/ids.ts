/**
 * The shapes of identifiers, as plain patterns: the request schemas build on them, and
 * every handler checks its path parameters with them without bundling any schema.
 */
export const ID_PATTERN = /^[0-9A-Za-z_-]{1,64}$/;
/** Not only dots: `.` and `..` in a URL path are resolved away, so such a product could never be read. */
export const SKU_PATTERN = /^(?!\.+$)[A-Za-z0-9._-]{1,64}$/;
