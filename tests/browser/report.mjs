// tests/browser/report.mjs: open a rareflow report in headless Chromium (Debian's
// /usr/bin/chromium, driven by playwright-core from web/node_modules) and check that it
// renders every chart from its data block with no console error; a screenshot is saved.
//   node tests/browser/report.mjs REPORT.html OUTDIR [--vs]
import { launch, openWatched } from './browser.mjs';
import path from 'node:path';
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';

const [file, outdir, vs] = process.argv.slice(2);
fs.mkdirSync(outdir, { recursive: true });
const browser = await launch();
const failures = [];
try {
  // Offline: any request leaving the file is a failure of self-containment.
  const { page, errors, requests } = await openWatched(browser, pathToFileURL(path.resolve(file)).href);
  await page.waitForFunction(() => window.RF && window.RF.charts && window.RF.charts.prices);
  const got = await page.evaluate(() => {
    const out = {};
    for (const [name, c] of Object.entries(window.RF.charts)) {
      const o = c.getOption();
      out[name] = (o.series || []).map((s) => ({ name: s.name, type: s.type, n: (s.data || []).length,
        links: (s.links || []).length }));
    }
    return out;
  });
  for (const name of ['sankey', 'prices', 'china_share', 'shortage', 'capacity', 'government', 'touched']) {
    if (!got[name] || got[name].length === 0) failures.push(`chart ${name} has no series`);
  }
  if (got.sankey && got.sankey[0] && got.sankey[0].links === 0) failures.push('the Sankey has no links');
  if (vs !== undefined && !(got.prices || []).some((s) => /\(B: /.test(s.name))) failures.push('no B series in a comparison');
  // Thin pools (a price row's supply_t under 1 t): no point drawn, and the note counts them.
  const thin = await page.evaluate(() => {
    const data = JSON.parse(document.getElementById('rareflow-data').textContent);
    const doc = (data.runs || [data])[0];
    const o = window.RF.charts.prices.getOption();
    const x = o.xAxis[0].data.map(String);
    let rows = 0, drawn = 0;
    doc.years.forEach((y) => (y.prices || []).forEach((p) => {
      if (p.product !== 'oxide:NdPr' || !(p.supply_t < 1)) return;
      rows++;
      // The first run's series: "CA", or "CA (A: baseline)" in a comparison.
      const s = o.series.find((z) => z.name === p.region || z.name.startsWith(p.region + ' (A: '));
      const i = x.indexOf(String(y.year));
      if (s && i >= 0 && s.data[i] !== null && s.data[i] !== undefined) drawn++;
    }));
    return { rows, drawn, note: document.querySelector('#sec-prices').textContent };
  });
  if (thin.drawn > 0) failures.push(`${thin.drawn} thin NdPr oxide prices drawn`);
  if (thin.rows > 0 && !/not drawn/.test(thin.note)) failures.push('the prices note does not say thin prices are not drawn');
  if (errors.length) failures.push('console errors: ' + errors.slice(0, 3).join(' | '));
  if (requests.length) failures.push('network requests: ' + requests.slice(0, 3).join(' '));
  await page.screenshot({ path: path.join(outdir, vs !== undefined ? 'report-vs.png' : 'report.png'), fullPage: true });
  console.log(JSON.stringify(got));
} finally {
  await browser.close();
}
if (failures.length) { console.error('report.mjs: ' + failures.join('; ')); process.exit(1); }
