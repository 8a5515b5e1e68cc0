// tests/browser/mc_report.mjs: open a Monte Carlo run's HTML report (`rareflow mc
// --report`) in headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core
// from web/node_modules) and check it: no console error and no network request; the fan
// chart's band series have one point per year with p5 <= p50 <= p95 (and p25 <= p75 inside
// them); every headline fan drawn; the tornado has one bar per input listed in the
// document's sensitivity for its output and year, each input once, sorted by |rho|
// descending.  A screenshot is saved as OUTDIR/mc_report.png.
//   node tests/browser/mc_report.mjs REPORT.html OUTDIR
import { launch, openWatched } from './browser.mjs';
import path from 'node:path';
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';

const [file, outdir] = process.argv.slice(2);
fs.mkdirSync(outdir, { recursive: true });
const browser = await launch();
const failures = [];
const near = (a, b) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
try {
  const { page, errors, requests } = await openWatched(browser, pathToFileURL(path.resolve(file)).href);
  await page.waitForFunction(() => window.RF && window.RF.charts && window.RF.charts.fan && window.RF.charts.tornado);

  // What the charts show, and what the data block says.
  const got = await page.evaluate(() => {
    const doc = JSON.parse(document.getElementById('rareflow-data').textContent);
    const series = (name) => (window.RF.charts[name].getOption().series || []).map((s) => ({
      name: s.name, type: s.type,
      data: (s.data || []).map((d) => (d !== null && typeof d === 'object' ? d.value : d)) }));
    const t = window.RF.charts.tornado.getOption();
    const fans = Object.keys(window.RF.charts).filter((k) => /^fan_\d+$/.test(k));
    return {
      years: [...new Set(doc.percentiles.map((r) => r.year))].sort((a, b) => a - b),
      ninputs: doc.inputs.length,
      sensitivity: doc.sensitivity,
      fan: series('fan'),
      fans: fans.map((k) => ({ name: k, series: series(k) })),
      tornado: { inputs: t.yAxis[0].data, rho: series('tornado')[0].data },
      tornadoKey: (() => {
        const sel = document.querySelectorAll('#sec-tornado select');
        return { output: sel[0].value, year: Number(sel[1].value) };
      })(),
      labels: doc.sensitivity.map((r) => ({ label: window.RF.mcLabel(r), key: window.RF.mcKey(r) })),
    };
  });

  function checkFan(name, ss) {
    const by = Object.fromEntries(ss.map((s) => [s.name, s.data]));
    for (const k of ['P5', 'P5-P95', 'P25', 'P25-P75', 'P50']) {
      if (!by[k]) { failures.push(`${name}: no ${k} series`); return; }
      if (by[k].length !== got.years.length) failures.push(`${name}: ${k} has ${by[k].length} points, ${got.years.length} years`);
    }
    let points = 0;
    for (let i = 0; i < got.years.length; i++) {
      const p5 = by.P5[i], p95 = p5 + by['P5-P95'][i], p25 = by.P25[i], p75 = p25 + by['P25-P75'][i], p50 = by.P50[i];
      if (p5 === null || p50 === null) continue;
      points++;
      const tol = 1e-9 * Math.max(1, Math.abs(p95));
      if (!(p5 <= p25 + tol && p25 <= p50 + tol && p50 <= p75 + tol && p75 <= p95 + tol))
        failures.push(`${name}: year ${got.years[i]}: p5 ${p5} p25 ${p25} p50 ${p50} p75 ${p75} p95 ${p95} out of order`);
    }
    if (!points) failures.push(`${name}: no point`);
  }
  checkFan('fan', got.fan);
  if (got.fans.length < 10) failures.push(`only ${got.fans.length} headline fans`);
  for (const f of got.fans) checkFan(f.name, f.series);

  // The tornado: the sensitivity rows of its output and year, one bar per input, by |rho|.
  const key = got.labels.find((l) => l.label === got.tornadoKey.output)?.key;
  const rows = got.sensitivity.filter((r) => got.labels[got.sensitivity.indexOf(r)].key === key && r.year === got.tornadoKey.year);
  const tin = got.tornado.inputs, rho = got.tornado.rho;
  if (!rows.length) failures.push('the tornado\'s output has no sensitivity rows');
  if (tin.length !== rows.length || rho.length !== rows.length) failures.push(`tornado: ${tin.length} bars, ${rows.length} rows`);
  if (new Set(tin).size !== tin.length) failures.push('tornado: an input twice');
  if (tin.length > got.ninputs) failures.push('tornado: more bars than inputs');
  for (let i = 0; i < tin.length; i++) {
    const r = rows.find((x) => x.input === tin[i]);
    if (!r || !near(r.rho, rho[i])) failures.push(`tornado bar ${tin[i]}: ${rho[i]} vs ${r && r.rho}`);
    if (i > 0 && Math.abs(rho[i]) > Math.abs(rho[i - 1]) + 1e-12) failures.push(`tornado not sorted at ${tin[i]}`);
  }
  if (errors.length) failures.push('console errors: ' + errors.slice(0, 3).join(' | '));
  if (requests.length) failures.push('network requests: ' + requests.slice(0, 3).join(' '));
  await page.screenshot({ path: path.join(outdir, 'mc_report.png'), fullPage: true });
  console.log(JSON.stringify({ years: got.years.length, fans: got.fans.length, tornado: tin.length, output: got.tornadoKey }));
} finally {
  await browser.close();
}
if (failures.length) { console.error('mc_report.mjs: ' + failures.join('; ')); process.exit(1); }
