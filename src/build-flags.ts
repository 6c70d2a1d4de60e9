// Build-time switches of the script-tag build. rollup.config.mjs replaces this module per file it builds, so a
// switched-off part is not in that file at all; the values here are what the tests and the npm build see.

/**
 * The script tag's event sources (`data-sources`, `pinterestTag('source', …)`): in
 * `pinterest-tag-full-sources.min.js`, which the first stage loads instead of `pinterest-tag-full.min.js` when its
 * script has `data-sources`, so that a store that uses no source downloads none of their wiring.
 */
export const WITH_SOURCES: boolean = true;
