/*
 * report.js: the HTML report's page.  It reads the data block (the JSON
 * script element whose id is rareflow-data, made by `rareflow report`:
 * src/output/html_out.c) and draws every chart with
 * charts.js.  One run, or with --vs {"runs": [A, B]}: B is drawn dashed.
 */
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('rareflow-data').textContent);
  var docs = data.runs || [data];
  var runs = docs.map(function (d, k) {
    return { label: docs.length > 1 ? (k === 0 ? 'A: ' : 'B: ') + d.scenario : d.scenario, doc: d };
  });
  var first = docs[0].years[0], last = docs[0].years[docs[0].years.length - 1];
  document.getElementById('title').textContent = docs.length > 1
    ? 'rareflow: ' + docs[0].scenario + ' against ' + docs[1].scenario
    : 'rareflow: ' + docs[0].scenario;
  document.title = document.getElementById('title').textContent;
  document.getElementById('subtitle').textContent = 'Years ' + first.year + '-' + last.year +
    (docs.length > 1 ? '; the second run is drawn dashed.' : '.');
  window.RF.render(document.getElementById('charts'), runs, data.sankey);
})();
