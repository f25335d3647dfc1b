import { isSecretName } from './secret-name.js';

/** What a scrubbed secret shows instead of its value. */
export const SCRUBBED = '******';

/**
 * `scheme://userinfo@`. The userinfo runs to the last `@` before the path, query or fragment,
 * so a password that holds an unescaped `@` is hidden whole. The scheme's length is bounded so
 * that a long run like `a.a.a.a…` costs linear time, not quadratic (remote bodies are scrubbed).
 */
const URL_USERINFO = /\b([a-z][a-z\d+.-]{0,31}:\/\/)([^\s/?#"'<>]*)@/gi;

/** `key=` at the start of a word, with optional blanks around `=`; the key may be an option (`--db-password=`). */
const PAIR_KEY = /(?<![\w.-])(-{0,2}[A-Za-z_][\w.-]*)[ \t]*=[ \t]*/g;

/** `"key": value` with a string, number or literal value: JSON cut into a longer text. */
const JSON_MEMBER = /"([^"\\]{1,200})"[ \t]*:[ \t]*("(?:[^"\\]|\\.)*"|[\w.+-]+)/g;

/** A quoted or braced value (connection strings quote values that hold `;`, ODBC braces them). */
const QUOTED_VALUE = /"[^"]*"|'[^']*'|\{[^}]*\}/y;
/** A query parameter's value ends at the next parameter or the fragment. */
const QUERY_VALUE = /[^&#\s"'<>]*/y;
/** In a `;`-separated connection string a value may hold blanks, `,` and `&`: it ends at `;`. */
const LISTED_VALUE = /[^;"'\r\n]*/y;
/** Anywhere else (command lines, header lists like `api-key=x,tenant=y`, prose) a value is one word. */
const WORD_VALUE = /[^\s,;&"'<>]*/y;
/**
 * An HTTP authentication scheme and its credentials (`Bearer x`, `Basic x`): one value of two
 * words, so `Authorization=Bearer x` hides the credentials, not only the scheme.
 */
const SCHEME_VALUE = /(?:bearer|basic|digest|negotiate|ntlm|token|bot|apikey)[ \t]+[^\s,;&"'<>]+/iy;
/** An `Authorization:` header written out (`Proxy-Authorization: Bearer x`, in a log line or a curl command). */
const AUTHORIZATION_HEADER = /(?<![\w-])((?:proxy-)?authorization[ \t]*:[ \t]*)((?:bearer|basic|digest|negotiate|ntlm|token|bot|apikey)[ \t]+)?[^\s,;"'<>]+/gi;

/** Hides the password of every URL in `text` (`postgres://user:******@host/db`), and a lone user name, which is usually a token. */
export function scrubUrls(text: string): string {
  if (!text.includes('://') || !text.includes('@')) return text;
  return text.replace(URL_USERINFO, (_match, scheme: string, userinfo: string) => `${scheme}${scrubUserinfo(userinfo)}@`);
}

/**
 * Hides the values of secret-named pairs in `text`: `DB_PASSWORD=x`, `--api-key=x`,
 * `Server=h;Password=x;`, `AccountKey=x`, `?password=x&user=y`, `api-key=x,other=y` and
 * `"password": "x"`. The pairs of other names are left as they are.
 */
export function scrubPairs(text: string): string {
  const assigned = text.includes('=') ? scrubAssignments(text) : text;
  const headers = assigned.includes(':') ? assigned.replace(AUTHORIZATION_HEADER, (_match, name: string, scheme = '') => `${name}${scheme}${SCRUBBED}`) : assigned;
  return headers.includes('"') ? headers.replace(JSON_MEMBER, scrubMember) : headers;
}

function scrubUserinfo(userinfo: string): string {
  const colon = userinfo.indexOf(':');
  if (colon === -1) return userinfo === '' ? '' : SCRUBBED;
  return colon === userinfo.length - 1 ? userinfo : `${userinfo.slice(0, colon)}:${SCRUBBED}`;
}

function scrubAssignments(text: string): string {
  const valuePattern = text.includes(';') ? LISTED_VALUE : WORD_VALUE;
  let scrubbed = '';
  let copied = 0;
  for (const match of text.matchAll(PAIR_KEY)) {
    // A key inside a value already hidden is part of that value (`Password=a=b`).
    if (match.index < copied || !isSecretName(match[1]!)) continue;
    const start = match.index + match[0].length;
    const inQuery = text[match.index - 1] === '?' || text[match.index - 1] === '&';
    const end = valueEnd(text, start, inQuery ? QUERY_VALUE : valuePattern);
    if (end === start) continue;
    scrubbed += text.slice(copied, start) + SCRUBBED;
    copied = end;
  }
  return copied === 0 ? text : scrubbed + text.slice(copied);
}

function valueEnd(text: string, start: number, pattern: RegExp): number {
  for (const candidate of pattern === WORD_VALUE ? [QUOTED_VALUE, SCHEME_VALUE, pattern] : [QUOTED_VALUE, pattern]) {
    candidate.lastIndex = start;
    if (candidate.test(text)) return candidate.lastIndex;
  }
  return start;
}

function scrubMember(member: string, key: string, value: string): string {
  if (!isSecretName(key) || value === '""' || value === 'null') return member;
  return `${member.slice(0, member.length - value.length)}"${SCRUBBED}"`;
}
