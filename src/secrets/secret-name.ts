/** A name without any of these fragments is never secret: most names stop here, cheaply. */
const FRAGMENT = /key|token|pass|pw|secret|credential|auth|private|session|pat|salt|sig/i;

/** Where a name breaks into words: `_ - .` and spaces, and camelCase humps (`apiKey`, `OAuthToken`). */
const WORD_BREAK = /[\s_.-]+|(?<=[a-z\d])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])/;

/**
 * A word that names a secret: one that contains a secret-only word, starts or ends with `auth`,
 * ends with `key`, `pass` or `pwd` (`apikey`, `dbpass`, `mysqlpwd`), or is an abbreviation that
 * means a secret only as a whole word (`pw`, `pat` for a personal access token, `salt`, `sig`).
 */
const SECRET_WORD =
  /secret|token|credential|private|session|passw(or)?d|passphrase|^auth|auth$|(key|pass|pwd)s?$|^(pw|pat|salt|sig|signature)$/;

/** English words that end like a secret word but name none. */
const PLAIN_WORDS = new Set([
  'author',
  'authored',
  'monkey',
  'donkey',
  'turkey',
  'hockey',
  'jockey',
  'whiskey',
  'hotkey',
  'turnkey',
  'bypass',
  'compass',
  'surpass',
  'overpass',
  'underpass',
]);

/**
 * Whether a variable, option or key name says its value is a secret. The name is judged word by
 * word, so `DB_PWD`, `GITHUB_PAT`, `SIGNING_SALT`, `AccountKey` and `x-api-key` are secret while
 * `PATH`, `KEYBOARD`, `MONKEY`, `PASSENGERS` and `AUTHOR` are not. `PWD` alone is secret here
 * (ODBC's `PWD=` is a password); the environment scrubber knows the shell's `PWD` is a directory.
 */
export function isSecretName(name: string): boolean {
  if (!FRAGMENT.test(name)) return false;
  return name.split(WORD_BREAK).some(isSecretWord);
}

function isSecretWord(word: string): boolean {
  // Trailing digits and a plural do not change what a word means: KEY2, monkeys.
  const stem = word.toLowerCase().replace(/\d+$/, '');
  return SECRET_WORD.test(stem) && !PLAIN_WORDS.has(stem) && !PLAIN_WORDS.has(stem.replace(/s$/, ''));
}
