// Where the files that come with the script tag are: in the folder of its own URL, whatever CDN or theme folder
// serves it. String work only, so the first stage needs no URL parser inside its start window.

/**
 * The URL of `file` in the folder of the absolute URL `src` (its query and fragment dropped), as `new URL(file,
 * src)` gives it, without the URL parser's first use inside the start window.
 *
 * @example
 * besideScript('https://cdn.example/t/pinterest-tag.min.js?v=3', 'pinterest-tag-full.min.js')
 * // 'https://cdn.example/t/pinterest-tag-full.min.js'
 */
export function besideScript(src: string, file: string): string {
  const cut = (at: number): number => (at < 0 ? src.length : at);
  return src.slice(0, src.lastIndexOf('/', Math.min(cut(src.indexOf('?')), cut(src.indexOf('#')))) + 1) + file;
}
