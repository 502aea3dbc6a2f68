/**
 * The rules every free-text field shares (names, memos, descriptions, notes, tags, comments):
 * well-formed Unicode (no lone surrogates: they cannot be stored as UTF-8 and break every
 * client that renders them), no control characters (NUL and friends; multi-line fields keep
 * line breaks and tabs), normalized to NFC so one name is stored one way, then trimmed and
 * bounded. A refused value is a 400 naming its path, like any other invalid field.
 */
import * as z from './zod';

/** C0 and C1 controls and DEL; `\t`, `\n`, `\r` are handled apart for multi-line text. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is this pattern's purpose.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
const LINE_BREAK_OR_TAB = /[\t\n\r]/;

export interface TextRules {
  readonly min?: number;
  readonly max: number;
  /** Keeps `\n`, `\r` and `\t` (notes, comments); single-line text refuses them. */
  readonly multiline?: boolean;
  /** Default true; false keeps surrounding spaces (a memo as typed). */
  readonly trim?: boolean;
}

const isWellFormed = (value: string): boolean => !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(value);

export function textSchema(rules: TextRules) {
  return z.string().check(
    z.refine(isWellFormed, 'must be well-formed Unicode (no lone surrogates)'),
    z.refine((v) => !CONTROL.test(v) && (rules.multiline === true || !LINE_BREAK_OR_TAB.test(v)), 'must not contain control characters'),
    z.normalize('NFC'),
    ...(rules.trim === false ? [] : [z.trim()]),
    z.minLength(rules.min ?? 0),
    z.maxLength(rules.max),
  );
}
