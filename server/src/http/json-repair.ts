// The contract's own CI snippet builds JSON with sed, escaping only quotes and newlines, so
// build logs with tabs, ANSI colour codes or backslashes arrive as invalid JSON. Rather than
// lose those reports, a body that fails strict parsing gets one repair pass: raw control
// characters inside strings are escaped, and a backslash that starts no valid escape is
// taken literally. Anything still invalid is rejected.
const VALID_ESCAPE = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't', 'u']);

export function repairJson(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (!inString) {
      if (ch === '"') inString = true;
      out += ch;
      continue;
    }
    if (ch === '"') {
      inString = false;
      out += ch;
    } else if (ch === '\\') {
      const next = text[i + 1];
      if (
        next !== undefined &&
        VALID_ESCAPE.has(next) &&
        (next !== 'u' || /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6)))
      ) {
        out += ch + next;
        i++;
      } else {
        out += '\\\\';
      }
    } else if (ch < ' ') {
      out += `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
    } else {
      out += ch;
    }
  }
  return out;
}
