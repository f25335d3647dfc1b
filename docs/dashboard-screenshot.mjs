// Takes docs/dashboard.png: starts the compiled sample (`npm run compile` first), asks /z/health
// once so every check has a result, and photographs /z/dashboard in Debian's Chromium.
//   node docs/dashboard-screenshot.mjs [light|dark]
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium } from 'playwright-core';

const scheme = process.argv[2] === 'dark' ? 'dark' : 'light';
const port = Number(process.env.PORT ?? 3210);
const base = `http://127.0.0.1:${port}/z`;
const authorization = { Authorization: 'Bearer let-me-see' };

const sample = spawn(process.execPath, ['build/sample/main.js'], { env: { ...process.env, PORT: String(port), WARMUP_MS: '1500' }, stdio: 'ignore' });
try {
  await until(async () => (await fetch(`${base}/health/liveness`)).ok);
  // Start-up over (the warm-up) and every check asked once, so the page has something to show.
  await until(async () => (await fetch(`${base}/health/readiness`)).ok);
  await fetch(`${base}/health`, { headers: authorization });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
  const context = await browser.newContext({ viewport: { width: 1200, height: 800 }, colorScheme: scheme, extraHTTPHeaders: authorization });
  const page = await context.newPage();
  await page.goto(`${base}/dashboard`);
  await page.locator('#connection', { hasText: 'Live' }).waitFor();
  await page.locator('#timeline li').first().waitFor();
  const file = scheme === 'dark' ? 'docs/dashboard-dark.png' : 'docs/dashboard.png';
  await page.screenshot({ path: file });
  await browser.close();
  console.log(`wrote ${file}`);
} finally {
  sample.kill('SIGTERM');
  if (sample.exitCode === null) await once(sample, 'exit');
}

async function until(ready) {
  for (let attempt = 0; attempt < 200; attempt++) {
    try {
      if (await ready()) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error('the sample did not become ready in 20 s');
}
