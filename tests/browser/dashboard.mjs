// tests/browser/dashboard.mjs: the dashboard of `rareflow serve` in headless Chromium
// (Debian's /usr/bin/chromium, driven by playwright-core from web/node_modules):
// load the page, raise the NdPr floor, then ban China's magnet exports to the US, and
// check that the charts' data moved the way the levers must move it:
//   - a floor of 150 USD/kg, far above the market, costs the US government money:
//     the what-if's government cost exceeds the baseline's, year by year in sum;
//   - a ban of Chinese magnets into the US from 2027 raises the US magnet price in 2028.
// A screenshot is saved.   node tests/browser/dashboard.mjs URL OUTDIR
import { launch, openWatched } from './browser.mjs';
import path from 'node:path';
import fs from 'node:fs';

const [url, outdir] = process.argv.slice(2);
fs.mkdirSync(outdir, { recursive: true });
const failures = [];
const browser = await launch();
try {
  // The page's own requests go to the server: only its errors are checked.
  const { page, errors } = await openWatched(browser, url, { width: 1400, height: 1000 });
  await page.waitForFunction(() => window.RF && RF.dashboard && RF.dashboard.baseline && RF.charts.prices,
                             null, { timeout: 60000 });
  const runs = async (n) => page.waitForFunction((k) => RF.dashboard.runs >= k && !RF.dashboard.busy, n,
                                                 { timeout: 60000 });
  // Sums of a chart's series by name.
  const seriesSum = (chart, name) => page.evaluate(([c, n]) => {
    const s = RF.charts[c].getOption().series.find((x) => x.name === n);
    return s ? s.data.reduce((a, v) => a + (v || 0), 0) : null;
  }, [chart, name]);

  await page.fill('#floor', '150');
  await page.dispatchEvent('#floor', 'change');
  await runs(1);
  const base = await seriesSum('government', 'government cost (baseline)');
  const what = await seriesSum('government', 'government cost (what-if)');
  if (!(what > base + 1e6)) failures.push(`floor 150: government cost ${what} not above the baseline's ${base}`);

  await page.check('#ban');
  await page.selectOption('#ban-products', 'magnets');
  await page.fill('#ban-year', '2027');
  await page.dispatchEvent('#ban-year', 'change');
  await runs(2);
  await page.selectOption('#sec-prices select', 'magnet:NdFeB');
  const at2028 = await page.evaluate(() => {
    const o = RF.charts.prices.getOption();
    const i = o.xAxis[0].data.indexOf('2028') >= 0 ? o.xAxis[0].data.indexOf('2028') : o.xAxis[0].data.indexOf(2028);
    const v = (n) => { const s = o.series.find((x) => x.name === n); return s ? s.data[i] : null; };
    return { base: v('US (baseline)'), what: v('US (what-if)') };
  });
  if (!(at2028.what > at2028.base)) failures.push(`ban: US magnet price 2028 ${at2028.what} not above ${at2028.base}`);
  const sent = await page.evaluate(() => RF.dashboard.scenario);
  if (!/"type": "ban"/.test(sent) || !/"floor": 150/.test(sent)) failures.push('the scenario sent lacks the ban or the floor');
  if (errors.length) failures.push('console errors: ' + errors.slice(0, 3).join(' | '));
  await page.screenshot({ path: path.join(outdir, 'dashboard.png'), fullPage: false });
  console.log(JSON.stringify({ government: { base, what }, us_magnet_2028: at2028 }));
} finally {
  await browser.close();
}
if (failures.length) { console.error('dashboard.mjs: ' + failures.join('; ')); process.exit(1); }
