// Automatic enhanced match (DESIGN rule 4): an email a shopper types into the page's email fields is hashed at
// once and given to the tag; the plain value never leaves this module.
import { hashMatchValue } from './common/match-keys';

/** An email field: `type=email`, `autocomplete=email`, or a name or id like `email` / `e-mail` (SPEC §4.2). */
const isEmailField = (input: HTMLInputElement): boolean =>
  /email/i.test(input.type + input.autocomplete) || /e[-_.]?mail/i.test((input.name || input.id).slice(0, 100));

/**
 * Calls `onEmail` with the SHA-256 of each valid email entered in an email field: when the field changes, and
 * for each such field of a form when it is submitted. Returns a function that stops watching.
 */
export function watchEmailFields(onEmail: (hash: string) => void): () => void {
  const take = (input: unknown): void => {
    try {
      const field = input as HTMLInputElement | null;
      const hash = field?.tagName === 'INPUT' && isEmailField(field) ? hashMatchValue('em', field.value) : '';
      if (hash) onEmail(hash);
    } catch {
      // These are the page's own form events: whatever happens here must not surface as the page's error.
    }
  };
  const onChange = (event: Event): void => take(event.target);
  const onSubmit = (event: Event): void => {
    try {
      Array.prototype.forEach.call((event.target as HTMLFormElement | null)?.elements ?? [], take);
    } catch {
      // See above.
    }
  };
  document.addEventListener('change', onChange, true);
  document.addEventListener('submit', onSubmit, true);
  return () => {
    document.removeEventListener('change', onChange, true);
    document.removeEventListener('submit', onSubmit, true);
  };
}
