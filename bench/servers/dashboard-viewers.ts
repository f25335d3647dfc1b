// A bench child standing in for open dashboard pages: each polls the state URL every `pollMs`,
// as the page's script does (one request at a time, the next `pollMs` after the answer), until the
// parent disconnects; then it sends the number of answers and exits. It runs in its own process so
// the viewers never share the load generator's CPU.
import { setTimeout as sleep } from 'node:timers/promises';

interface ViewersConfig {
  url: string;
  pages: number;
  pollMs: number;
}

const { url, pages, pollMs } = JSON.parse(process.argv[2]!) as ViewersConfig;
let polling = true;
let answers = 0;

async function page(offset: number): Promise<void> {
  await sleep(offset);
  while (polling) {
    const response = await fetch(url, { headers: { Accept: 'application/json' } });
    await response.arrayBuffer();
    if (response.ok) answers += 1;
    await sleep(pollMs);
  }
}

const pagesDone = Promise.all(Array.from({ length: pages }, (_, index) => page((index * pollMs) / pages)));
process.send!({ ready: true });
process.once('message', async () => {
  polling = false;
  await pagesDone;
  process.send!({ answers }, () => process.exit(0));
});
