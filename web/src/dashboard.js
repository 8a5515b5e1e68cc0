/*
 * dashboard.js: the what-if page of `rareflow serve` (docs/dashboard.md).
 * Each control maps to one lever of the scenario form (docs/policies.md);
 * a change builds the scenario as JSON, POSTs it to /api/run and draws the
 * answer against the baseline with charts.js.  A change made while a run is
 * under way waits for it and then runs once with the latest controls.
 * State for tests: RF.dashboard.{baseline, current, scenario, runs, busy}.
 */
(function () {
  'use strict';
  var RF = window.RF;
  var HORIZON = '2024:2040';
  var state = RF.dashboard = { baseline: null, current: null, scenario: null, runs: 0, busy: false, error: null };
  var pending = false, timer = null;

  function $(id) { return document.getElementById(id); }
  function num(id) { var v = Number($(id).value); return isFinite(v) ? v : 0; }
  function status(text, bad) { $('status').textContent = text; $('status').className = bad ? 'error' : ''; }

  var MAGNETS = ['magnet:*'];
  var MATERIALS = ['magnet:*', 'metal:*', 'oxide:*'];
  var HEAVY = ['oxide:Dy', 'oxide:Tb', 'metal:Dy', 'metal:Tb', 'magnet:NdFeB-hc'];
  var DYTB = ['oxide:Dy', 'oxide:Tb', 'metal:Dy', 'metal:Tb'];

  /* The scenario the controls describe (null fields are left out). */
  function scenario() {
    var s = { name: 'dashboard what-if', years: HORIZON };
    var rate = num('tariff-rate') / 100;
    if (rate > 0) {
      s.tariffs = [{ name: 'us-tariff-cn', origin: 'CN', destination: 'US', rate: rate, from: 2025,
                     products: $('tariff-products').value === 'magnets' ? MAGNETS : MATERIALS }];
      if ($('tariff-exempt-magnets').checked)
        s.exemptions = [{ name: 'magnet-exemption', origin: 'CN', destination: 'US', products: MAGNETS,
                          tariffs: ['us-tariff-cn'], from: 2025 }];
    }
    var floor = num('floor');
    if (floor > 0)
      s.price_floors = [{ name: 'ndpr-floor', facility: 'us-mp-separation', product: 'oxide:NdPr', floor: floor,
                          payer: 'US', from: 2025 }];
    var controls = [];
    var shocks = [];
    if ($('ban').checked) {
      var p = $('ban-products').value;
      shocks.push({ name: 'cn-ban-us', type: 'ban', exporter: 'CN', destinations: 'US', from: num('ban-year'),
                    products: p === 'magnets' ? MAGNETS : p === 'heavy' ? HEAVY : ['*'] });
    }
    var share = num('licence');
    if (share < 1)
      controls.push({ name: 'cn-licence-dytb', exporter: 'CN', destinations: '*', products: DYTB, mode: 'licence',
                      share: Math.max(0, share), from: num('licence-year') });
    if (controls.length) s.export_controls = controls;
    if ($('dfars').checked)
      s.sourcing_rules = [{ name: 'dfars', demand: ['US:defense'], exclude: ['CN', 'RU'], from: num('dfars-year') }];
    var project = $('support-project').value;
    if (project && num('grant-share') > 0)
      s.grants = [{ name: 'grant', payer: 'US', projects: project, share: Math.min(1, num('grant-share')) }];
    if (project && num('loan-share') > 0)
      s.loans = [{ name: 'loan', payer: 'US', projects: project, share: Math.min(1, num('loan-share')), rate: 0.03,
                   tenor_years: 12, grace_years: 3 }];
    if (num('permit-cut') > 0)
      s.permitting = [{ name: 'us-fast-permits', regions: 'US', stages: ['mine', 'separation'],
                        cut_years: num('permit-cut'), from: 2025 }];
    var piles = [];
    if (num('stock-dy') > 0)
      piles.push({ name: 'us-dy-stock', region: 'US', product: 'metal:Dy', initial_t: 0, target_t: num('stock-dy'),
                   fill_price: 392, fill_rate_t: Math.max(1, num('stock-dy') / 4), release_price: 654,
                   release_rate_t: Math.max(1, num('stock-dy') / 2) });
    if (num('stock-tb') > 0)
      piles.push({ name: 'us-tb-stock', region: 'US', product: 'metal:Tb', initial_t: 0, target_t: num('stock-tb'),
                   fill_price: 1217, fill_rate_t: Math.max(1, num('stock-tb') / 4), release_price: 2028,
                   release_rate_t: Math.max(1, num('stock-tb') / 2) });
    if (piles.length) s.stockpiles = piles;
    var f = num('mm-factor');
    if (f < 1)
      shocks.push({ name: 'kachin-outage', type: 'outage', facility: 'mm-kachin', factor: Math.max(0, f),
                    from: num('mm-year'), to: num('mm-year') });
    if (shocks.length) s.shocks = shocks;
    return s;
  }

  function post(body) {
    var t0 = performance.now();
    return fetch('/api/run', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: body })
      .then(function (r) {
        return r.json().then(function (j) {
          if (!r.ok) throw new Error((j && j.error) || ('HTTP ' + r.status));
          return { doc: j, ms: performance.now() - t0 };
        });
      });
  }

  function draw() {
    var runs = [{ label: 'baseline', doc: state.baseline }];
    if (state.current) runs.push({ label: 'what-if', doc: state.current });
    RF.render($('charts'), runs, null);
  }

  /* Run the controls' scenario (or the chosen shipped one). */
  function run() {
    if (state.busy) { pending = true; return; }
    var shipped = $('shipped').value;
    var body = shipped || JSON.stringify(scenario(), null, 1);
    state.scenario = body;
    $('scenario-text').textContent = body;
    state.busy = true;
    status('running…');
    post(body).then(function (r) {
      state.current = r.doc;
      state.runs++;
      state.error = null;
      draw();
      status('ran ' + r.doc.scenario + ' in ' + Math.round(r.ms) + ' ms');
    }).catch(function (e) {
      state.error = String(e.message || e);
      status('the run failed: ' + state.error, true);
    }).then(function () {
      state.busy = false;
      if (pending) { pending = false; run(); }
    });
  }

  function changed() {
    clearTimeout(timer);
    timer = setTimeout(run, 150);
  }

  function fillControls() {
    var last = state.baseline.years[state.baseline.years.length - 1];
    var ids = (last.projects || []).filter(function (p) { return !p.generic && p.region !== 'CN'; })
      .map(function (p) { return p.id; }).sort();
    ids.forEach(function (id) {
      var o = document.createElement('option');
      o.value = id;
      o.textContent = id;
      $('support-project').appendChild(o);
    });
    fetch('/api/scenarios').then(function (r) { return r.json(); }).then(function (j) {
      (j.scenarios || []).forEach(function (s) {
        var o = document.createElement('option');
        o.value = s.text;
        o.textContent = s.file + ' (' + s.name + ')';
        $('shipped').appendChild(o);
      });
    }).catch(function () { /* the list is a convenience */ });
  }

  post('').then(function (r) {
    state.baseline = r.doc;
    fillControls();
    draw();
    status('baseline in ' + Math.round(r.ms) + ' ms: change a lever');
    var inputs = document.querySelectorAll('#levers input, #levers select');
    Array.prototype.forEach.call(inputs, function (i) { i.addEventListener('change', changed); });
  }).catch(function (e) {
    state.error = String(e.message || e);
    status('the baseline failed: ' + state.error, true);
  });
})();
