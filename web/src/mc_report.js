/*
 * mc_report.js: the page of a Monte Carlo run's HTML report (`rareflow mc
 * --report FILE.html`, or `rareflow report RUN` of a recorded mc run).  It
 * reads the data block (the JSON script element whose id is rareflow-data:
 * the run's document exactly as `rareflow mc --json` prints it) and draws the
 * fan and tornado charts with charts.js (RF.renderMc).
 */
(function () {
  'use strict';
  var doc = JSON.parse(document.getElementById('rareflow-data').textContent);
  var ys = doc.percentiles.map(function (r) { return r.year; });
  var first = Math.min.apply(null, ys), last = Math.max.apply(null, ys);
  document.getElementById('title').textContent = 'rareflow Monte Carlo: ' + doc.scenario;
  document.title = document.getElementById('title').textContent;
  document.getElementById('subtitle').textContent = 'Years ' + first + '-' + last + '; ' + doc.draws + ' draws (' +
    doc.sampling + ' sampling, seed ' + doc.seed + '); ' + doc.failed_draws + ' failed' +
    (doc.failed_draws ? ' (left out of every percentile and correlation)' : '') + '; ' + doc.inputs.length +
    ' uncertain inputs.';
  window.RF.renderMc(document.getElementById('charts'), doc);
})();
