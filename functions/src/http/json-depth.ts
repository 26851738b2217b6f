// Nesting depth of a JSON text, counted without parsing and without recursion: a body nested thousands
// deep is refused before any recursive code (parsers, canonicalization, validation) sees it.

/** Nesting no request body of this API needs more than (a batch row's party list is about 6 deep). */
export const MAX_JSON_DEPTH = 32;

/** True when brackets outside strings nest deeper than `max`. */
export function exceedsJsonDepth(text: string, max = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > max) return true;
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) depth--;
  }
  return false;
}
