import { after, before } from 'node:test';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';

/** Debian's Chromium; the tests never download a browser. `CHROMIUM_PATH` points elsewhere. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Generous, for a loaded CI machine: auto-waiting returns as soon as the page is right. */
export const PAGE_TIMEOUT = 15_000;

/** One headless Chromium for the test file, started before its first test and closed after its last. */
export function sharedBrowser(): () => Browser {
  let browser: Browser | undefined;
  before(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  });
  after(async () => {
    await browser?.close();
  });
  return () => {
    if (!browser) throw new Error('the browser has not started');
    return browser;
  };
}

/** A page and everything it did that a test may assert on. */
export interface ObservedPage {
  readonly page: Page;
  /** Every URL the page requested, in order. */
  readonly requests: readonly string[];
  /** Console errors and uncaught exceptions. */
  readonly errors: readonly string[];
  /** Content-Security-Policy violations the page reported, as `directive: blocked URI`. */
  violations(): Promise<string[]>;
  close(): Promise<void>;
}

/**
 * Opens a fresh context and page that record every request, console error, page error and CSP
 * violation. The violation listener is added by the browser itself (an init script), not by the
 * page, so the page's own policy does not stop it.
 */
export async function observedPage(browser: Browser, options: BrowserContextOptions = {}): Promise<ObservedPage> {
  const context = await browser.newContext({ viewport: { width: 1200, height: 800 }, ...options });
  const page = await context.newPage();
  page.setDefaultTimeout(PAGE_TIMEOUT);
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(String(error)));
  await page.addInitScript({
    content:
      'window.__violations = [];' +
      "document.addEventListener('securitypolicyviolation', function (event) {" +
      " window.__violations.push(event.violatedDirective + ': ' + event.blockedURI); });",
  });
  return {
    page,
    requests,
    errors,
    violations: async () => (await page.evaluate('window.__violations || []')) as string[],
    close: () => context.close(),
  };
}
