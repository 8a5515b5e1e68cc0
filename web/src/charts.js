/*
 * charts.js: rareflow's charts, shared by the HTML report (report.js) and the
 * dashboard (dashboard.js).  They read run documents as `rareflow run --json`
 * prints them (docs/cli.md) and draw with Apache ECharts (from the npm
 * registry, web/package.json); nothing is drawn by hand.
 *
 * RF.render(root, runs, sankeys) fills `root` with every chart: `runs` is
 * [{label, doc}] (one run, or a run and the one it is compared with: the
 * second is drawn dashed and the differences are tabled), `sankeys` the
 * report's `sankey` array (or null: made here from each year's stage_flows,
 * as the dashboard gets plain run documents).  The charts are kept in
 * RF.charts by name, so that a test can read what they show.
 *
 * RF.renderMc(root, doc) draws a Monte Carlo run's report from its document
 * as `rareflow mc --json` prints it: the fan chart `fan` of any watched output
 * (chosen in a selector), `fan_0`, `fan_1`, ... of the headline outputs, and
 * the tornado `tornado` of the sensitivity.
 */
(function (global) {
  'use strict';

  var RF = global.RF || (global.RF = {});
  RF.charts = RF.charts || {};

  /* One colour per region, the same in every chart; China red. */
  var REGION_COLOURS = {
    CN: '#c0392b', US: '#1f5fa8', AU: '#2e8b57', MY: '#8e6c3a', JP: '#7b3fa0', EU: '#2a9fd6', VN: '#e67e22',
    MM: '#a0522d', KR: '#16a085', GB: '#34495e', IN: '#f39c12', BR: '#27ae60', CA: '#d35400', LA: '#7f8c8d',
    MG: '#95a5a6', NG: '#6d4c41', RU: '#8e44ad', TH: '#b8860b', ROW: '#9e9e9e', stock: '#cfcfcf'
  };
  var SPARE = ['#4e79a7', '#f28e2b', '#59a14f', '#b07aa1', '#76b7b2', '#edc948', '#ff9da7', '#9c755f'];
  RF.colour = function (region) {
    if (REGION_COLOURS[region]) return REGION_COLOURS[region];
    var h = 0;
    for (var i = 0; i < String(region).length; i++) h = (h * 31 + String(region).charCodeAt(i)) >>> 0;
    return SPARE[h % SPARE.length];
  };

  /* Prices on less supply than this in the year (t made or imported, a row's
   * supply_t) are a thin pool's: what the next kg would cost there, not a
   * traded price (RF_THIN_POOL_T, docs/analytics.md).  Not drawn. */
  var THIN_POOL_T = 1.0;

  /* The Sankey's columns (a link runs only to a later column). */
  var SANKEY_MIN_T = 0.1;
  var STAGE_DEPTH = { mine: 0, end_of_life: 0, separation: 1, recycling: 1, metal: 2, magnet: 3, end_use: 4 };
  var STAGE_LABEL = { mine: 'mine', end_of_life: 'end-of-life scrap', recycling: 'recycling',
                      separation: 'separation', metal: 'metal', magnet: 'magnet', end_use: 'end use' };

  /* A year's Sankey from its stage_flows (the same rule as the report's data
   * block, src/output/html_out.c): nodes "stage:region", links summed over
   * products, what runs back counted in loop_t. */
  RF.sankeyOfYear = function (year, run) {
    var nodes = [], index = {}, links = [], sums = {}, loop = 0;
    function node(stage, region) {
      var id = stage + ':' + region;
      if (!(id in index)) { index[id] = nodes.length; nodes.push({ id: id, stage: stage, region: region }); }
      return index[id];
    }
    (year.stage_flows || []).forEach(function (r) {
      if (!(r.t > 0)) return;
      var a = STAGE_DEPTH[r.from_stage], b = STAGE_DEPTH[r.to_stage];
      if (a === undefined || b === undefined || b <= a) { loop += r.t; return; }
      var s = node(r.from_stage, r.from_region), t = node(r.to_stage, r.to_region), key = s + '>' + t;
      if (key in sums) { sums[key].t += r.t; return; }
      sums[key] = { source: s, target: t, t: r.t };
      links.push(sums[key]);
    });
    return { year: year.year, run: run, nodes: nodes, links: links, loop_t: loop };
  };

  RF.sankeysOf = function (runs) {
    var out = [];
    runs.forEach(function (r, k) { r.doc.years.forEach(function (y) { out.push(RF.sankeyOfYear(y, k)); }); });
    return out;
  };

  /* ---------- reading the documents ---------- */

  function years(doc) { return doc.years.map(function (y) { return y.year; }); }
  function sum(rows, pick, f) {
    var s = 0;
    (rows || []).forEach(function (r) { if (!pick || pick(r)) s += f ? f(r) : r.t; });
    return s;
  }
  function unique(list) { return list.filter(function (v, i) { return list.indexOf(v) === i; }); }
  /* Series per key over the years of doc: rowsOf(year) -> rows, keyOf(row), valueOf(row). */
  function seriesBy(doc, rowsOf, keyOf, valueOf) {
    var keys = [], byKey = {};
    doc.years.forEach(function (y, i) {
      (rowsOf(y) || []).forEach(function (r) {
        var k = keyOf(r);
        if (k === null || k === undefined) return;
        if (!(k in byKey)) { byKey[k] = doc.years.map(function () { return null; }); keys.push(k); }
        byKey[k][i] = (byKey[k][i] || 0) + valueOf(r);
      });
    });
    return { keys: keys, data: byKey };
  }
  function fmt(x, d) {
    if (x === null || x === undefined || !isFinite(x)) return '–';
    var a = Math.abs(x);
    if (a >= 1e9) return (x / 1e9).toFixed(2) + ' bn';
    if (a >= 1e6) return (x / 1e6).toFixed(1) + ' m';
    return x.toLocaleString('en-US', { maximumFractionDigits: d === undefined ? 1 : d });
  }
  RF.fmt = fmt;

  /* ---------- the page's pieces ---------- */

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function section(root, id, title, note) {
    var s = el('section', { id: 'sec-' + id, class: 'chart-section' });
    s.appendChild(el('h2', {}, title));
    if (note) s.appendChild(el('p', { class: 'note' }, note));
    var controls = el('div', { class: 'controls' });
    s.appendChild(controls);
    var box = el('div', { class: 'chart', id: 'chart-' + id });
    s.appendChild(box);
    root.appendChild(s);
    return { section: s, controls: controls, box: box };
  }
  function select(controls, label, values, chosen, onchange) {
    var l = el('label', {}, label + ' ');
    var s = el('select', {});
    values.forEach(function (v) {
      var o = el('option', { value: String(v) }, String(v));
      if (String(v) === String(chosen)) o.selected = true;
      s.appendChild(o);
    });
    s.addEventListener('change', function () { onchange(s.value); });
    l.appendChild(s);
    controls.appendChild(l);
    return s;
  }
  function chart(name, box) {
    var old = RF.charts[name];
    if (old && !old.isDisposed()) old.dispose();
    var c = global.echarts.init(box, null, { renderer: 'svg' });
    RF.charts[name] = c;
    return c;
  }
  var DASH = ['solid', 'dashed'];
  function lineSeries(name, data, colour, run, extra) {
    var s = { name: name, type: 'line', data: data, showSymbol: false, connectNulls: false,
              lineStyle: { type: DASH[run] || 'solid', width: 2 }, itemStyle: { color: colour } };
    Object.keys(extra || {}).forEach(function (k) { s[k] = extra[k]; });
    return s;
  }
  function baseOption(x, yName, legend) {
    return {
      animation: false,
      tooltip: { trigger: 'axis', valueFormatter: function (v) { return fmt(v, 2); } },
      legend: { type: 'scroll', top: 0, data: legend },
      grid: { left: 70, right: 20, top: 40, bottom: 30 },
      xAxis: { type: 'category', data: x },
      yAxis: { type: 'value', name: yName, nameGap: 12 }
    };
  }
  function labelled(runs, name, k) { return runs.length > 1 ? name + ' (' + runs[k].label + ')' : name; }

  /* ---------- the charts ---------- */

  function drawSankey(root, runs, sankeys) {
    var sec = section(root, 'sankey', 'Flows from mine to end use',
      'Tonnes of each stage\'s product in the year (concentrate, oxide, metal, magnet, scrap), from where it is ' +
      'made to where it is used; coloured by country.  Swarf that runs back from magnet makers to recyclers ' +
      'cannot be drawn in a Sankey; it is totalled below the chart.');
    var ys = unique(sankeys.map(function (s) { return s.year; }));
    /* The last run first: with two, the one being compared (the dashboard's what-if). */
    var state = { year: ys.indexOf(2030) >= 0 ? 2030 : ys[0], run: runs.length - 1 };
    var foot = el('p', { class: 'note' });
    sec.section.appendChild(foot);
    function draw() {
      var sk = sankeys.filter(function (s) { return s.year === Number(state.year) && s.run === state.run; })[0];
      var c = chart('sankey', sec.box);
      if (!sk) { c.clear(); return; }
      /* Links under a tenth of a tonne are mostly the price probes' kilograms
       * (docs/model.md, "One answer whatever the solver's path"), hairlines that
       * say nothing: they are not drawn, and their total is given below.  The
       * data block keeps every link. */
      var shown = sk.links.filter(function (l) { return l.t >= SANKEY_MIN_T; });
      var used = {};
      shown.forEach(function (l) { used[l.source] = true; used[l.target] = true; });
      var hidden = sum(sk.links, null, function (l) { return l.t < SANKEY_MIN_T ? l.t : 0; });
      c.setOption({
        animation: false,
        tooltip: { trigger: 'item', valueFormatter: function (v) { return fmt(v, 0) + ' t'; } },
        series: [{
          type: 'sankey', left: 10, right: 110, top: 10, bottom: 10, nodeGap: 6, layoutIterations: 32,
          emphasis: { focus: 'adjacency' }, lineStyle: { color: 'source', opacity: 0.35, curveness: 0.5 },
          label: { fontSize: 10 },
          data: sk.nodes.filter(function (n, i) { return used[i]; }).map(function (n) {
            return { name: n.id, depth: STAGE_DEPTH[n.stage], itemStyle: { color: RF.colour(n.region) },
                     label: { formatter: STAGE_LABEL[n.stage] + ' ' + n.region } };
          }),
          links: shown.map(function (l) {
            return { source: sk.nodes[l.source].id, target: sk.nodes[l.target].id, value: l.t };
          })
        }]
      }, true);
      foot.textContent = 'Year ' + sk.year + (runs.length > 1 ? ', ' + runs[state.run].label : '') +
        ': ' + fmt(sum(sk.links, null, function (l) { return l.t; }), 0) + ' t along the links; ' +
        fmt(sk.loop_t, 0) + ' t running back up the chain' +
        (hidden > 0 ? '; ' + fmt(hidden, 2) + ' t in links under ' + SANKEY_MIN_T + ' t not drawn.' : '.');
    }
    select(sec.controls, 'Year', ys, state.year, function (v) { state.year = Number(v); draw(); });
    if (runs.length > 1)
      select(sec.controls, 'Run', runs.map(function (r) { return r.label; }), runs[state.run].label,
             function (v) { state.run = runs.map(function (r) { return r.label; }).indexOf(v); draw(); });
    draw();
  }

  function drawPrices(root, runs) {
    var sec = section(root, 'prices', 'Prices', 'Delivered price in each region, USD/kg (the dual of the region\'s use pool).');
    var products = unique([].concat.apply([], runs[0].doc.years.map(function (y) {
      return (y.prices || []).map(function (p) { return p.product; });
    }))).filter(function (p) { return p.indexOf('@') < 0; }).sort();
    var state = { product: products.indexOf('oxide:NdPr') >= 0 ? 'oxide:NdPr' : products[0] };
    var foot = el('p', { class: 'note' });
    sec.section.appendChild(foot);
    function draw() {
      var series = [], legend = [], thin = 0;
      runs.forEach(function (r, k) {
        var s = seriesBy(r.doc, function (y) { return y.prices; },
          function (p) {
            if (p.product !== state.product) return null;
            if (p.supply_t < THIN_POOL_T) { thin++; return null; }
            return p.region;
          },
          function (p) { return p.usd_per_kg; });
        s.keys.sort().forEach(function (region) {
          var name = labelled(runs, region, k);
          legend.push(name);
          series.push(lineSeries(name, s.data[region], RF.colour(region), k));
        });
      });
      var o = baseOption(years(runs[0].doc), 'USD/kg', legend);
      o.series = series;
      chart('prices', sec.box).setOption(o, true);
      foot.textContent = thin > 0 ? thin + ' price' + (thin > 1 ? 's' : '') + ' of a region and year with under ' +
        THIN_POOL_T + ' t made or imported not drawn: a thin pool\'s price is what the next kg would cost, ' +
        'not a traded price (the data block keeps them).' : '';
    }
    select(sec.controls, 'Product', products, state.product, function (v) { state.product = v; draw(); });
    draw();
  }

  function drawChinaShare(root, runs) {
    var sec = section(root, 'china_share', 'China\'s share by stage', 'Share of world output at each stage made in China.');
    var series = [], legend = [];
    var stageColour = { mining: '#8c564b', separation: '#d62728', metal: '#ff7f0e', magnet: '#9467bd', recycling: '#2ca02c' };
    runs.forEach(function (r, k) {
      var s = seriesBy(r.doc, function (y) { return y.shares; },
        function (x) { return x.region === 'CN' ? x.stage : null; }, function (x) { return x.share; });
      s.keys.forEach(function (stage) {
        var name = labelled(runs, stage, k);
        legend.push(name);
        series.push(lineSeries(name, s.data[stage], stageColour[stage] || RF.colour(stage), k));
      });
    });
    var o = baseOption(years(runs[0].doc), 'share', legend);
    o.yAxis.min = 0;
    o.yAxis.max = 1;
    o.series = series;
    chart('china_share', sec.box).setOption(o, true);
  }

  function drawShortage(root, runs) {
    var sec = section(root, 'shortage', 'Shortage by sector',
      'Demand left unserved though buyers would pay at least 1.5 times the reference price, t of product, all regions.');
    var series = [], legend = [];
    var sectorColours = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#9c755f'];
    runs.forEach(function (r, k) {
      var s = seriesBy(r.doc, function (y) { return y.shortage; }, function (x) { return x.sector; },
                       function (x) { return x.t; });
      s.keys.sort().forEach(function (sector, i) {
        var name = labelled(runs, sector, k);
        legend.push(name);
        series.push({ name: name, type: 'bar', stack: 'run' + k, data: s.data[sector],
                      itemStyle: { color: sectorColours[i % sectorColours.length], opacity: k ? 0.55 : 1,
                                   decal: k ? { symbol: 'rect', dashArrayX: [1, 0], dashArrayY: [2, 3], rotation: 0.8 } : null } });
      });
    });
    var o = baseOption(years(runs[0].doc), 't', legend);
    o.series = series;
    chart('shortage', sec.box).setOption(o, true);
  }

  function drawCapacity(root, runs) {
    var sec = section(root, 'capacity', 'Capacity by stage and region', 'Capacity available in each year, t of the stage\'s product.');
    var stages = unique([].concat.apply([], runs[0].doc.years.map(function (y) {
      return (y.capacity || []).map(function (c) { return c.stage; });
    })));
    var state = { stage: stages.indexOf('magnet') >= 0 ? 'magnet' : stages[0] };
    function draw() {
      var series = [], legend = [];
      runs.forEach(function (r, k) {
        var s = seriesBy(r.doc, function (y) { return y.capacity; },
          function (c) { return c.stage === state.stage ? c.region : null; }, function (c) { return c.t; });
        s.keys.sort().forEach(function (region) {
          var name = labelled(runs, region, k);
          legend.push(name);
          series.push(lineSeries(name, s.data[region], RF.colour(region), k,
            runs.length > 1 ? {} : { stack: 'capacity', areaStyle: { opacity: 0.6 } }));
        });
      });
      var o = baseOption(years(runs[0].doc), 't', legend);
      o.series = series;
      chart('capacity', sec.box).setOption(o, true);
    }
    select(sec.controls, 'Stage', stages, state.stage, function (v) { state.stage = v; draw(); });
    draw();
    /* The projects that arrive within the run. */
    var table = el('table', { class: 'data', id: 'projects-table' });
    var head = el('tr');
    ['run', 'project', 'operator', 'region', 'stage', 'decided', 'arrives', 'capacity t', 'capex USD'].forEach(function (h) {
      if (h !== 'run' || runs.length > 1) head.appendChild(el('th', {}, h));
    });
    table.appendChild(head);
    runs.forEach(function (r) {
      var first = r.doc.years[0].year, last = r.doc.years[r.doc.years.length - 1];
      (last.projects || []).filter(function (p) {
        return p.arrives && p.arrives > first && p.arrives <= last.year && p.status !== 'candidate' && p.status !== 'closed';
      }).sort(function (a, b) { return a.arrives - b.arrives || (a.id < b.id ? -1 : 1); }).forEach(function (p) {
        var tr = el('tr');
        var cells = [r.label, p.id, p.operator, p.region, p.stage, p.decided, p.arrives, fmt(p.capacity_t, 0), fmt(p.capex_usd)];
        cells.forEach(function (v, i) { if (i > 0 || runs.length > 1) tr.appendChild(el('td', {}, v === undefined ? '' : String(v))); });
        table.appendChild(tr);
      });
    });
    sec.section.appendChild(el('h3', {}, 'Projects that arrive'));
    sec.section.appendChild(table);
  }

  function drawMoney(root, runs) {
    var sec = section(root, 'government', 'Government cost and tariff revenue',
      'What the levers cost governments (floors, offtakes, grants, loans, stockpiles) and what tariffs and export taxes collect, USD per year, all regions.');
    var series = [], legend = [];
    runs.forEach(function (r, k) {
      var cost = r.doc.years.map(function (y) { return sum(y.government_cost, null, function (g) { return g.usd; }); });
      var tariff = r.doc.years.map(function (y) {
        return sum(y.tariff_revenue, null, function (g) { return g.usd; }) + sum(y.export_tax_revenue, null, function (g) { return g.usd; });
      });
      var a = labelled(runs, 'government cost', k), b = labelled(runs, 'tariff and export-tax revenue', k);
      legend.push(a, b);
      series.push({ name: a, type: 'bar', data: cost, itemStyle: { color: '#c0392b', opacity: k ? 0.5 : 1 } });
      series.push({ name: b, type: 'bar', data: tariff, itemStyle: { color: '#1f5fa8', opacity: k ? 0.5 : 1 } });
    });
    var o = baseOption(years(runs[0].doc), 'USD', legend);
    o.series = series;
    chart('government', sec.box).setOption(o, true);
  }

  function drawTouched(root, runs) {
    var has = runs[0].doc.years.some(function (y) { return (y.touched || []).length > 0; });
    if (!has) return;
    var sec = section(root, 'touched', 'Touched China',
      'Share of each region\'s consumption of the product that passed through China at any stage (mine, separation, metal or magnet).');
    var products = unique([].concat.apply([], runs[0].doc.years.map(function (y) {
      return (y.touched || []).filter(function (t) { return t.focus === 'CN'; }).map(function (t) { return t.product; });
    }))).sort();
    var state = { product: products.indexOf('magnet:NdFeB') >= 0 ? 'magnet:NdFeB' : products[0] };
    function draw() {
      var series = [], legend = [];
      runs.forEach(function (r, k) {
        var s = seriesBy(r.doc, function (y) { return y.touched; },
          function (t) { return t.focus === 'CN' && t.product === state.product && t.region !== 'CN' ? t.region : null; },
          function (t) { return t.share; });
        s.keys.sort().forEach(function (region) {
          var name = labelled(runs, region, k);
          legend.push(name);
          series.push(lineSeries(name, s.data[region], RF.colour(region), k));
        });
      });
      var o = baseOption(years(runs[0].doc), 'share', legend);
      o.yAxis.min = 0;
      o.yAxis.max = 1;
      o.series = series;
      chart('touched', sec.box).setOption(o, true);
    }
    select(sec.controls, 'Product', products, state.product, function (v) { state.product = v; draw(); });
    draw();
  }

  /* The headline numbers of each run, and with two runs their differences. */
  function headline(doc) {
    var rows = [];
    function price(region, product) {
      return function (y) {
        var p = (y.prices || []).filter(function (x) { return x.region === region && x.product === product; })[0];
        return p ? p.usd_per_kg : null;
      };
    }
    [['oxide:NdPr', 'CN'], ['oxide:NdPr', 'US'], ['oxide:Dy', 'CN'], ['oxide:Tb', 'CN'], ['magnet:NdFeB', 'US'],
     ['magnet:NdFeB-hc', 'US']].forEach(function (pr) {
      rows.push({ metric: 'price ' + pr[0] + ' in ' + pr[1] + ', USD/kg', f: price(pr[1], pr[0]) });
    });
    ['mining', 'separation', 'metal', 'magnet'].forEach(function (st) {
      rows.push({ metric: 'China\'s share of ' + st, f: function (y) {
        var s = (y.shares || []).filter(function (x) { return x.region === 'CN' && x.stage === st; })[0];
        return s ? s.share : null;
      } });
    });
    rows.push({ metric: 'shortage, t (all regions)', f: function (y) { return sum(y.shortage); } });
    rows.push({ metric: 'government cost, USD', f: function (y) { return sum(y.government_cost, null, function (g) { return g.usd; }); } });
    rows.push({ metric: 'tariff revenue, USD', f: function (y) { return sum(y.tariff_revenue, null, function (g) { return g.usd; }); } });
    return rows;
  }

  function drawDifferences(root, runs) {
    var last = runs[0].doc.years[runs[0].doc.years.length - 1].year;
    var pick = unique([runs[0].doc.years[0].year, 2025, 2027, 2030, 2035, last]).filter(function (y) {
      return years(runs[0].doc).indexOf(y) >= 0;
    });
    var sec = el('section', { id: 'sec-differences', class: 'chart-section' });
    sec.appendChild(el('h2', {}, runs.length > 1 ? 'Side by side' : 'Headline numbers'));
    var table = el('table', { class: 'data', id: 'differences-table' });
    var head = el('tr');
    head.appendChild(el('th', {}, 'measure'));
    pick.forEach(function (y) {
      runs.forEach(function (r) { head.appendChild(el('th', {}, y + (runs.length > 1 ? ' ' + r.label : ''))); });
      if (runs.length > 1) head.appendChild(el('th', {}, y + ' change'));
    });
    table.appendChild(head);
    headline(runs[0].doc).forEach(function (row) {
      var tr = el('tr');
      tr.appendChild(el('td', {}, row.metric));
      pick.forEach(function (y) {
        var v = runs.map(function (r) {
          var yr = r.doc.years.filter(function (x) { return x.year === y; })[0];
          return yr ? row.f(yr) : null;
        });
        v.forEach(function (x) { tr.appendChild(el('td', { class: 'num' }, fmt(x, 2))); });
        if (runs.length > 1) {
          var d = v[0] !== null && v[1] !== null ? v[1] - v[0] : null;
          /* A change within rounding of the solver is no change (no "-0"). */
          if (d !== null && Math.abs(d) <= 1e-9 * Math.max(1, Math.abs(v[0]))) d = 0;
          tr.appendChild(el('td', { class: 'num ' + (d > 0 ? 'up' : d < 0 ? 'down' : '') }, d === null ? '–' : (d > 0 ? '+' : '') + fmt(d, 2)));
        }
      });
      table.appendChild(tr);
    });
    sec.appendChild(table);
    root.appendChild(sec);
  }

  RF.render = function (root, runs, sankeys) {
    Object.keys(RF.charts).forEach(function (k) { if (!RF.charts[k].isDisposed()) RF.charts[k].dispose(); });
    RF.charts = {};
    root.innerHTML = '';
    drawDifferences(root, runs);
    drawSankey(root, runs, sankeys || RF.sankeysOf(runs));
    drawPrices(root, runs);
    drawChinaShare(root, runs);
    drawShortage(root, runs);
    drawCapacity(root, runs);
    drawMoney(root, runs);
    drawTouched(root, runs);
  };

  /* ---------- a Monte Carlo run (rareflow mc --json) ---------- */

  /* The key and the label of a watched output (a percentile or sensitivity row). */
  function mcKey(r) { return [r.metric, r.region, r.product, r.sector, r.stage].join('|'); }
  RF.mcKey = mcKey;
  function mcLabel(r) {
    switch (r.metric) {
      case 'price': return 'price of ' + r.product + ' in ' + r.region + ', USD/kg';
      case 'shortage': return r.region ? 'shortage, ' + r.region + ' ' + r.sector + ', t' : 'shortage, all regions and sectors, t';
      case 'china_share': return 'China\'s share of ' + r.stage;
      case 'touched_china': return 'share of ' + r.region + '\'s ' + r.product + ' that touched China';
      case 'government_cost': return 'government cost, ' + r.region + ', USD';
      case 'capacity_ex_china': return 'capacity outside China, ' + r.stage + ', t';
      default: return [r.metric, r.region, r.product, r.sector, r.stage].filter(function (x) { return x; }).join(' ');
    }
  }
  RF.mcLabel = mcLabel;

  /* The headline outputs that get a fan chart of their own, when the run has them. */
  function mcHeadlines(doc) {
    var want = [];
    [['price', 'CN', 'oxide:NdPr'], ['price', 'US', 'oxide:NdPr'], ['price', 'CN', 'oxide:Dy'], ['price', 'US', 'oxide:Dy'],
     ['price', 'CN', 'oxide:Tb'], ['price', 'US', 'oxide:Tb'], ['price', 'US', 'magnet:NdFeB'],
     ['price', 'US', 'magnet:NdFeB-hc']].forEach(function (x) {
      want.push({ metric: x[0], region: x[1], product: x[2], sector: '', stage: '' });
    });
    want.push({ metric: 'shortage', region: '', product: '', sector: '', stage: '' });
    ['mining', 'separation', 'metal', 'magnet'].forEach(function (st) {
      want.push({ metric: 'china_share', region: '', product: '', sector: '', stage: st });
    });
    ['magnet:NdFeB', 'magnet:NdFeB-hc'].forEach(function (p) {
      want.push({ metric: 'touched_china', region: 'US', product: p, sector: '', stage: '' });
    });
    var have = {};
    doc.percentiles.forEach(function (r) { have[mcKey(r)] = true; });
    /* Government cost: every region that pays something. */
    doc.percentiles.forEach(function (r) {
      if (r.metric === 'government_cost' && !want.some(function (w) { return mcKey(w) === mcKey(r); }))
        want.push({ metric: r.metric, region: r.region, product: r.product, sector: r.sector, stage: r.stage });
    });
    return want.filter(function (w) { return have[mcKey(w)]; });
  }

  /* A fan chart of one output: the P5-P95 and P25-P75 bands and the median
   * over the years.  Bands are stacked areas: 'P5' (hidden) then 'P5-P95' its
   * width, 'P25' (hidden) then 'P25-P75'; 'P50' the line. */
  function fanOption(doc, key, ys, compact) {
    var rows = {};
    doc.percentiles.forEach(function (r) { if (mcKey(r) === key) rows[r.year] = r; });
    function col(f) { return ys.map(function (y) { return rows[y] ? f(rows[y]) : null; }); }
    var colour = '#1f5fa8';
    var hidden = { lineStyle: { opacity: 0 }, showSymbol: false, tooltip: { show: false } };
    function band(name, stack, data, opacity) {
      return { name: name, type: 'line', stack: stack, stackStrategy: 'all', data: data, showSymbol: false,
               lineStyle: { opacity: 0 }, areaStyle: { color: colour, opacity: opacity }, itemStyle: { color: colour } };
    }
    var series = [
      Object.assign({ name: 'P5', type: 'line', stack: 'p90', stackStrategy: 'all', data: col(function (r) { return r.p5; }) }, hidden),
      band('P5-P95', 'p90', col(function (r) { return r.p95 - r.p5; }), 0.18),
      Object.assign({ name: 'P25', type: 'line', stack: 'p50', stackStrategy: 'all', data: col(function (r) { return r.p25; }) }, hidden),
      band('P25-P75', 'p50', col(function (r) { return r.p75 - r.p25; }), 0.35),
      { name: 'P50', type: 'line', data: col(function (r) { return r.p50; }), showSymbol: !compact, symbolSize: 4,
        lineStyle: { width: 2, color: '#0b2e59' }, itemStyle: { color: '#0b2e59' } },
      { name: 'mean', type: 'line', data: col(function (r) { return r.mean; }), showSymbol: false,
        lineStyle: { width: 1, type: 'dashed', color: '#c0392b' }, itemStyle: { color: '#c0392b' } }
    ];
    return {
      animation: false,
      title: compact ? { text: mcLabel(rows[ys[0]] || rows[Object.keys(rows)[0]]), left: 0, top: 0,
                         textStyle: { fontSize: 12, fontWeight: 'normal' } } : undefined,
      tooltip: { trigger: 'axis', formatter: function (ps) {
        var y = ps[0].axisValue, r = rows[y];
        if (!r) return String(y);
        return y + '<br>P95 ' + fmt(r.p95, 2) + '<br>P75 ' + fmt(r.p75, 2) + '<br>P50 ' + fmt(r.p50, 2) +
          '<br>P25 ' + fmt(r.p25, 2) + '<br>P5 ' + fmt(r.p5, 2) + '<br>mean ' + fmt(r.mean, 2);
      } },
      legend: compact ? undefined : { top: 0, data: ['P5-P95', 'P25-P75', 'P50', 'mean'] },
      grid: { left: 70, right: 20, top: compact ? 28 : 40, bottom: 30 },
      xAxis: { type: 'category', data: ys, boundaryGap: false },
      yAxis: { type: 'value', scale: true },
      series: series
    };
  }

  function drawFan(root, doc, ys) {
    var sec = section(root, 'fan', 'Fan chart of any watched output',
      'The median (P50, solid), the mean (dashed red), the P25-P75 band (dark) and the P5-P95 band (light) over ' +
      'the successful draws, year by year.  A year\'s percentiles need not come from the same draws as the ' +
      'next year\'s: the bands are not paths.');
    var keys = [], labels = {};
    doc.percentiles.forEach(function (r) {
      var k = mcKey(r);
      if (!(k in labels)) { labels[k] = mcLabel(r); keys.push(k); }
    });
    var heads = mcHeadlines(doc).map(mcKey);
    var state = { key: heads[0] || keys[0] };
    var byLabel = {};
    keys.forEach(function (k) { byLabel[labels[k]] = k; });
    function draw() { chart('fan', sec.box).setOption(fanOption(doc, state.key, ys, false), true); }
    select(sec.controls, 'Output', keys.map(function (k) { return labels[k]; }), labels[state.key],
           function (v) { state.key = byLabel[v]; draw(); });
    draw();
  }

  function drawHeadlineFans(root, doc, ys) {
    var s = el('section', { id: 'sec-fans', class: 'chart-section' });
    s.appendChild(el('h2', {}, 'Headline outputs'));
    s.appendChild(el('p', { class: 'note' }, 'P5-P95 (light), P25-P75 (dark) and the median (line) of each headline output.'));
    var grid = el('div', { class: 'fan-grid' });
    s.appendChild(grid);
    root.appendChild(s);
    mcHeadlines(doc).forEach(function (h, i) {
      var box = el('div', { class: 'chart fan-small', id: 'chart-fan-' + i });
      grid.appendChild(box);
      chart('fan_' + i, box).setOption(fanOption(doc, mcKey(h), ys, true), true);
    });
  }

  function drawTornado(root, doc) {
    var sec = section(root, 'tornado', 'What drives an output',
      'Spearman\'s rank correlation (rho) of each uncertain input with the output over the successful draws, ' +
      'largest |rho| at the top; only inputs with |rho| >= 0.05 or among the output\'s five largest are listed.  ' +
      'rho measures a monotone association, not a share of the variance (docs/uncertainty.md).');
    var keys = [], labels = {}, yearsOf = {};
    doc.sensitivity.forEach(function (r) {
      var k = mcKey(r);
      if (!(k in labels)) { labels[k] = mcLabel(r); keys.push(k); yearsOf[k] = []; }
      if (yearsOf[k].indexOf(r.year) < 0) yearsOf[k].push(r.year);
    });
    if (!keys.length) { sec.box.textContent = 'No sensitivity rows in this run.'; return; }
    var byLabel = {};
    keys.forEach(function (k) { byLabel[labels[k]] = k; });
    var pref = ['price|US|magnet:NdFeB||', 'price|US|oxide:NdPr||', 'price|CN|oxide:NdPr||'].filter(function (k) { return k in labels; });
    var state = { key: pref[0] || keys[0] };
    state.year = Math.max.apply(null, yearsOf[state.key]);
    var yearSel = null;
    function draw() {
      if (yearsOf[state.key].indexOf(state.year) < 0) state.year = Math.max.apply(null, yearsOf[state.key]);
      var rows = doc.sensitivity.filter(function (r) { return mcKey(r) === state.key && r.year === state.year; });
      rows.sort(function (a, b) { return Math.abs(b.rho) - Math.abs(a.rho) || (a.input < b.input ? -1 : 1); });
      var c = chart('tornado', sec.box);
      c.setOption({
        animation: false,
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: function (v) { return fmt(v, 3); } },
        grid: { left: 170, right: 40, top: 20, bottom: 30 },
        xAxis: { type: 'value', min: -1, max: 1, name: 'rho' },
        yAxis: { type: 'category', inverse: true, data: rows.map(function (r) { return r.input; }),
                 axisLabel: { width: 160, overflow: 'truncate' } },
        series: [{ name: 'rho', type: 'bar', barMaxWidth: 22,
                   data: rows.map(function (r) {
                     return { value: r.rho, itemStyle: { color: r.rho >= 0 ? '#c0392b' : '#1f5fa8' } };
                   }),
                   label: { show: true, position: 'right', formatter: function (p) { return fmt(p.value, 2); } } }]
      }, true);
      sec.box.style.height = Math.max(200, 60 + 30 * rows.length) + 'px';
      c.resize();
    }
    select(sec.controls, 'Output', keys.map(function (k) { return labels[k]; }), labels[state.key], function (v) {
      state.key = byLabel[v];
      draw();
      if (yearSel) {
        yearSel.innerHTML = '';
        yearsOf[state.key].forEach(function (y) {
          var o = el('option', { value: String(y) }, String(y));
          if (y === state.year) o.selected = true;
          yearSel.appendChild(o);
        });
      }
    });
    yearSel = select(sec.controls, 'Year', yearsOf[state.key], state.year, function (v) { state.year = Number(v); draw(); });
    draw();
  }

  function drawMcInputs(root, doc) {
    var s = el('section', { id: 'sec-inputs', class: 'chart-section' });
    s.appendChild(el('h2', {}, 'Uncertain inputs'));
    var table = el('table', { class: 'data', id: 'inputs-table' });
    var head = el('tr');
    ['input', 'target', 'distribution'].forEach(function (h) { head.appendChild(el('th', {}, h)); });
    table.appendChild(head);
    doc.inputs.forEach(function (i) {
      var tr = el('tr');
      [i.name, i.target, i.dist].forEach(function (v) { tr.appendChild(el('td', {}, v)); });
      table.appendChild(tr);
    });
    s.appendChild(table);
    root.appendChild(s);
  }

  /* Every chart of a Monte Carlo run's report: the headline fans, a fan of
   * any output, the tornado, the inputs. */
  RF.renderMc = function (root, doc) {
    Object.keys(RF.charts).forEach(function (k) { if (!RF.charts[k].isDisposed()) RF.charts[k].dispose(); });
    RF.charts = {};
    root.innerHTML = '';
    var ys = unique(doc.percentiles.map(function (r) { return r.year; })).sort(function (a, b) { return a - b; });
    drawFan(root, doc, ys);
    drawTornado(root, doc);
    drawHeadlineFans(root, doc, ys);
    drawMcInputs(root, doc);
  };

  /* Charts follow the window's width. */
  global.addEventListener('resize', function () {
    Object.keys(RF.charts).forEach(function (k) { if (!RF.charts[k].isDisposed()) RF.charts[k].resize(); });
  });
})(typeof window !== 'undefined' ? window : this);
