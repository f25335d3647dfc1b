/**
 * The dashboard's HTML: a static shell with no data in it (the script fills it from the state
 * endpoint), and the page shown instead to a viewer who may not see details. Neither has an
 * inline script or style, so both work under the strict Content-Security-Policy they are sent with.
 */

/** Headers of every dashboard response: nothing may load from elsewhere, nobody may frame it. */
export const DASHBOARD_SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; " +
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
});

export const HTML_TYPE = 'text/html; charset=utf-8';

/** Where the page finds its parts and how often it polls. */
export interface DashboardLocation {
  /** What the URLs of its parts start with, relative to the page's own URL, e.g. `dashboard/`. */
  readonly assetBase: string;
  readonly refreshInterval: number;
  /** How often the fleet view is polled; undefined when there is none. */
  readonly fleetRefreshInterval?: number;
}

export function dashboardPage({ assetBase, refreshInterval, fleetRefreshInterval }: DashboardLocation): string {
  const at = (file: string) => escapeHtml(`${assetBase}${file}`);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>Health dashboard</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${at('app.css')}">
<script src="${at('app.js')}" defer></script>
</head>
<body>
<main id="dashboard" data-state-url="${at('state')}" data-refresh-interval="${refreshInterval}"${fleetRefreshInterval === undefined ? '' : ` data-fleet-url="${at('fleet')}" data-fleet-refresh-interval="${fleetRefreshInterval}"`}>
<header>
<h1 id="title">Health dashboard</h1>
<p id="summary" class="summary" role="status" aria-live="polite" aria-atomic="true">Loading the latest results…</p>
<p id="connection" class="connection" aria-live="polite">Connecting…</p>
</header>
<div class="layout">
<div class="tables">
<section aria-labelledby="components-heading">
<h2 id="components-heading">Components</h2>
<table id="components">
<thead><tr><th scope="col">Component</th><th scope="col">Status</th><th scope="col">Last change</th><th scope="col">Uptime</th><th scope="col">Latency</th><th scope="col">Checked</th><th scope="col">Reason</th></tr></thead>
<tbody></tbody>
</table>
</section>
<section aria-labelledby="groups-heading">
<h2 id="groups-heading">Groups</h2>
<table id="groups">
<thead><tr><th scope="col">Group</th><th scope="col">Status</th><th scope="col">Last change</th><th scope="col">Members</th></tr></thead>
<tbody></tbody>
</table>
</section>
</div>
<section id="timeline-section" aria-labelledby="timeline-heading">
<h2 id="timeline-heading">Recent transitions</h2>
<p id="timeline-empty" class="note">No status change recorded yet.</p>
<ol id="timeline" class="timeline"></ol>
</section>
</div>
${fleetRefreshInterval === undefined ? '' : FLEET_SECTION}<footer><p class="note">Results are evaluated as /health evaluates them: a viewer reuses each check's cached result, so however many
pages are open, a check runs at most once per cache time. Uptime is the share of time UP over the status history kept.</p></footer>
</main>
</body>
</html>
`;
}

/** The fleet view's place, filled by the script from `{assetBase}fleet`. */
const FLEET_SECTION = `<section id="fleet-section" aria-labelledby="fleet-heading">
<h2 id="fleet-heading">Fleet, as Prometheus sees it</h2>
<p id="fleet-connection" class="connection" aria-live="polite">Asking Prometheus…</p>
<div id="fleet"></div>
</section>
`;

/** What an unauthorized viewer gets: says why, shows nothing of the application. */
export function forbiddenPage(assetBase: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="color-scheme" content="light dark">
<title>Not authorized</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${escapeHtml(`${assetBase}app.css`)}">
</head>
<body>
<main>
<h1>Not authorized</h1>
<p>The health dashboard is shown only to viewers allowed to see health details. Ask the operators how to sign in,
or open it from an allowed network.</p>
</main>
</body>
</html>
`;
}

const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character]!);
}
