// tests/browser/browser.mjs: what every browser test shares: playwright-core from
// web/node_modules (`make assets`) and the headless launch of Debian's chromium.
//   import { launch } from './browser.mjs';  const browser = await launch();
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
