// tests/browser/browser.mjs: what every browser test shares: playwright-core from
// web/node_modules (`make assets`), the headless launch of Debian's chromium, and
// a page opened with its console errors and outside requests watched.
//   import { launch, openWatched } from './browser.mjs';  const browser = await launch();
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '../../web/package.json'));
const { chromium } = require('playwright-core');

export const LAUNCH = {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
         '--disable-component-update', '--disable-sync', '--no-first-run'],
};

export function launch() {
  return chromium.launch(LAUNCH);
}

// Open `url` in a new page of `browser`, watching it: console and page errors go
// to `errors`; a request that leaves the page's file (anything but file: and
// data:) goes to `requests`, for the offline reports.  { page, errors, requests }.
export async function openWatched(browser, url, viewport = { width: 1280, height: 900 }) {
  const page = await browser.newPage({ viewport });
  const errors = [];
  const requests = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('request', (r) => { if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) requests.push(r.url()); });
  await page.goto(url);
  return { page, errors, requests };
}
