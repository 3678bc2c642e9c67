// The promotion dashboard: a client of the promoter's own API. It reads the state with
// the signed-in user's credentials, is told of changes by the server-sent events of
// /dashboard/events (fed by Kafka), and acts through the same audited endpoints as any
// other client. No framework, no build step, nothing from another host.
'use strict';

const page = {
  session: null,
  model: null,
  status: null,
  decisions: [],
  timers: {},
  refreshes: 0
};

// every address is built from the origin: a page opened as http://user:pass@host/ has a
// base URL with credentials, which fetch() refuses to resolve against
function url(path) {
  return new URL(path, window.location.origin).toString();
}

async function api(path, options = {}) {
  const response = await fetch(url(path), {
    credentials: 'same-origin',
    ...options,
    headers: { Accept: 'application/json', ...(options.headers || {}) }
  });
  const text = await response.text();
  let body = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch (e) {
    body = { error: text };
  }
  return { status: response.status, ok: response.ok, body };
}

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'class') node.className = value;
    else if (name.startsWith('on')) node.addEventListener(name.substring(2), value);
    else node.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function replace(node, ...children) {
  node.replaceChildren(...children.flat(Infinity).filter((c) => c !== null && c !== undefined));
}

function figure(value, digits = 4) {
  return (value === null || value === undefined) ? '—' : Number(value).toFixed(digits).replace(/\.?0+$/, '');
}

function percent(value) {
  return (value === null || value === undefined) ? '—' : (100 * value).toFixed(1) + ' %';
}

function pValue(value) {
  return (value === null || value === undefined) ? '—' : value < 0.001 ? value.toExponential(1) : figure(value, 4);
}

// an ISO-8601 duration as Jackson writes it (PT1M, PT30S) in the short form people read
function span(duration) {
  return duration ? duration.replace(/^PT/, '').toLowerCase() : '';
}

function when(instant) {
  return instant ? new Date(instant).toLocaleString() : '—';
}

function mlflowVersion(version) {
  return page.session.mlflowPublicUri + '/#/models/' + encodeURIComponent(page.model) + '/versions/' +
    encodeURIComponent(version);
}

function mlflowRun(runId) {
  return page.session.mlflowPublicUri + '/#/runs/' + encodeURIComponent(runId);
}

function problem(message) {
  const node = document.getElementById('problem');
  node.textContent = message || '';
  node.hidden = !message;
}

// ---- production ----------------------------------------------------------------

function changesProduction(decision) {
  return decision.outcome === 'PROMOTED' || (decision.outcome === 'ROLLED_BACK' && !decision.rollout);
}

function versionBody(summary, extra) {
  if (!summary) return [el('p', { class: 'muted' }, 'none')];
  // the policy's metric first, then the usual model-wide figures the run has
  const shown = [page.status.policy.metric, 'kappa', 'weighted_f1', 'weighted_roc_auc', 'rmse', 'mae'];
  const all = summary.metrics || {};
  const metrics = [...new Set(shown)]
    .filter((name) => all[name] !== undefined)
    .slice(0, 4)
    .map((name) => el('li', {}, name + ' ', el('b', {}, figure(all[name]))));
  return [
    el('div', { class: 'version', 'data-version': summary.version }, 'v' + summary.version),
    el('p', {},
      el('a', { href: mlflowVersion(summary.version), target: '_blank', rel: 'noopener' }, 'version in MLflow'),
      summary.runId ? [' · ', el('a', { href: mlflowRun(summary.runId), target: '_blank', rel: 'noopener' }, 'run')] : null),
    metrics.length ? el('ul', {}, metrics) : null,
    el('p', { class: 'muted' }, 'decided by ', el('b', {}, summary.decidedBy || '—')),
    extra
  ];
}

function renderProduction() {
  const status = page.status;
  const operator = page.session.operator;
  const champion = status.champion;
  const since = champion && page.decisions.find((d) => changesProduction(d) && d.version === champion.version);
  replace(document.querySelector('#champion .body'), versionBody(champion, [
    since ? el('p', { class: 'muted' }, 'since ', when(since.decidedAt), ' (', since.cause, ')') : null,
    operator && champion && status.previousChampion ? el('button', {
      id: 'rollback', class: 'danger', onclick: () => act('rollback', {},
        'Roll model ' + page.model + ' back from version ' + champion.version + ' to version ' +
        status.previousChampion.version + '?')
    }, 'Roll back to v' + status.previousChampion.version) : null
  ]));
  const rollout = status.rollout;
  replace(document.querySelector('#challenger .body'), versionBody(status.challenger, status.challenger ? [
    rollout ? el('p', {}, el('b', {}, rollout.stage), rollout.stage === 'canary' ? ' ' + rollout.percent + ' %' : '',
      ' (', rollout.mode, ')', rollout.since ? ' since ' + when(rollout.since) : '') : null,
    operator ? el('p', {},
      el('button', {
        id: 'abort', class: 'danger', onclick: () => act('abort', {},
          'Abort the rollout of version ' + status.challenger.version + '?')
      }, 'Abort rollout'), ' ',
      el('button', {
        id: 'promote-challenger', onclick: () => act('promote', { version: status.challenger.version },
          'Promote challenger version ' + status.challenger.version + ' to production now, skipping its live gates?')
      }, 'Promote now')) : null
  ] : null));
  replace(document.querySelector('#previous .body'), versionBody(status.previousChampion));
  const candidates = status.candidates || [];
  replace(document.querySelector('#candidates .body'), candidates.length ? candidates.map((candidate) =>
    el('div', { class: 'candidate', 'data-version': candidate.version },
      el('span', { class: 'version' }, 'v' + candidate.version), ' ',
      operator ? [
        el('button', {
          class: 'approve', onclick: () => act('promote', { version: candidate.version },
            'Approve version ' + candidate.version + ' and promote it to production?')
        }, 'Approve'), ' ',
        el('button', {
          class: 'reject danger', onclick: () => act('reject', { version: candidate.version },
            'Reject version ' + candidate.version + '?')
        }, 'Reject')
      ] : null)) : [el('p', { class: 'muted' }, 'none')]);
}

// ---- timeline --------------------------------------------------------------------

function comparisonLine(comparison) {
  if (!comparison) return null;
  const parts = [comparison.basis + ': candidate ' + figure(comparison.candidate) + ' vs champion ' +
    figure(comparison.champion) + ' on the same data'];
  if (comparison.pValue !== null && comparison.pValue !== undefined) {
    parts.push('p = ' + pValue(comparison.pValue) + (comparison.test ? ' (' + comparison.test + ')' : ''));
  }
  return el('p', { class: 'comparison' }, parts.join(', '));
}

function renderTimeline() {
  const items = page.decisions.map((d) => el('li', { class: 'decision', 'data-decision-id': d.decisionId },
    el('span', { class: 'outcome ' + d.outcome }, d.outcome), ' ',
    el('a', { href: mlflowVersion(d.version), target: '_blank', rel: 'noopener' }, 'v' + d.version),
    ' · ', d.cause, ' · by ', el('b', { class: 'actor' }, d.actor || '—'), ' · ',
    el('span', { class: 'muted' }, when(d.decidedAt)),
    d.served ? el('span', { class: 'muted' }, ' · served by ' + d.served.replicas + ' replica(s) in ' +
      d.served.millis + ' ms') : null,
    comparisonLine(d.comparison),
    el('ul', {}, d.reasons.map((reason) => el('li', {}, reason)))));
  replace(document.querySelector('#timeline .decisions'),
    items.length ? items : [el('li', { class: 'muted' }, 'no decisions yet')]);
}

// ---- gates and charts ------------------------------------------------------------

function renderGates(gates) {
  const body = document.querySelector('#gates .body');
  if (!gates) {
    replace(body, el('p', { class: 'muted' }, 'no rollout in progress'));
    return;
  }
  replace(body,
    el('p', {}, 'version ', el('b', {}, gates.version), ' in ', gates.stage,
      gates.stage === 'canary' ? ' ' + gates.percent + ' %' : '', ' since ', when(gates.since),
      ': the gates say ', el('b', { class: 'verdict' }, gates.verdict)),
    el('table', {},
      el('thead', {}, el('tr', {}, el('th', {}, 'gate'), el('th', {}, 'status'), el('th', {}, 'figures'))),
      el('tbody', {}, gates.gates.map((gate) => el('tr', { class: 'gate' },
        el('td', {}, gate.gate),
        el('td', { class: 'status ' + (gate.status === 'PASS' ? 'PASSED' : gate.status === 'FAIL' ? 'FAILED' : 'WAITING') },
          gate.status.toLowerCase()),
        el('td', {}, gate.detail))))));
}

const COLOURS = ['#0969da', '#cf222e', '#1a7f37', '#8250df', '#9a6700', '#bc4c00', '#1b7c83'];

const SVG = 'http://www.w3.org/2000/svg';

function svgEl(tag, attributes = {}, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

// lines: [{ name, colour, dashed, points: [{ x, y, label }] }], x and y numbers
function plot(svg, lines, { width, height, yFormat, xLabels }) {
  svg.replaceChildren();
  const left = 46, right = 10, top = 10, bottom = 34;
  const all = lines.flatMap((line) => line.points).filter((p) => p.y !== null && p.y !== undefined);
  if (!all.length) {
    svg.append(svgEl('text', { x: width / 2, y: height / 2, 'text-anchor': 'middle' }, 'no data yet'));
    return;
  }
  let [yMin, yMax] = [Math.min(...all.map((p) => p.y)), Math.max(...all.map((p) => p.y))];
  if (yMin === yMax) { yMin -= Math.abs(yMin) * 0.05 || 0.5; yMax += Math.abs(yMax) * 0.05 || 0.5; }
  const xs = all.map((p) => p.x);
  let [xMin, xMax] = [Math.min(...xs), Math.max(...xs)];
  if (xMin === xMax) { xMin -= 1; xMax += 1; }
  const sx = (x) => left + (x - xMin) / (xMax - xMin) * (width - left - right);
  const sy = (y) => top + (yMax - y) / (yMax - yMin) * (height - top - bottom);
  svg.append(svgEl('line', { class: 'axis', x1: left, y1: height - bottom, x2: width - right, y2: height - bottom }));
  svg.append(svgEl('line', { class: 'axis', x1: left, y1: top, x2: left, y2: height - bottom }));
  for (const y of [yMin, (yMin + yMax) / 2, yMax]) {
    svg.append(svgEl('text', { x: left - 4, y: sy(y) + 3, 'text-anchor': 'end' }, yFormat(y)));
  }
  for (const { x, label } of xLabels) {
    svg.append(svgEl('text', { x: sx(x), y: height - bottom + 14, 'text-anchor': 'middle' }, label));
  }
  lines.forEach((line, index) => {
    const points = line.points.filter((p) => p.y !== null && p.y !== undefined);
    if (points.length > 1) {
      svg.append(svgEl('polyline', {
        points: points.map((p) => sx(p.x) + ',' + sy(p.y)).join(' '), fill: 'none', stroke: line.colour,
        'stroke-width': 2, 'stroke-dasharray': line.dashed ? '4 3' : ''
      }));
    }
    for (const p of points) {
      const dot = svgEl('circle', {
        cx: sx(p.x), cy: sy(p.y), r: 3.5, fill: line.dashed ? '#fff' : line.colour, stroke: line.colour,
        'stroke-width': 2
      });
      dot.append(svgEl('title', {}, line.name + ': ' + (p.label || yFormat(p.y))));
      svg.append(dot);
    }
    svg.append(svgEl('text', { x: left + 8 + 150 * index, y: height - 4, fill: line.colour }, line.name));
  });
}

function renderMetric(points) {
  const svg = document.getElementById('metric-chart');
  const metric = points.length ? points[0].metric : 'metric';
  document.getElementById('metric-caption').textContent =
    metric + ' across versions: each candidate beside the champion on the same data';
  const candidate = points.map((p, i) => ({
    x: i, y: p.candidate, label: 'v' + p.version + ' ' + figure(p.candidate) + ' (' + p.outcome + ')'
  }));
  const champion = points.map((p, i) => ({
    x: i, y: p.champion, label: p.championVersion ? 'v' + p.championVersion + ' ' + figure(p.champion) +
      (p.pValue !== null && p.pValue !== undefined ? ', p = ' + pValue(p.pValue) : '') : 'no champion'
  }));
  plot(svg, [
    { name: 'candidate', colour: COLOURS[0], points: candidate },
    { name: 'champion, same data', colour: COLOURS[1], dashed: true, points: champion }
  ], { width: 600, height: 220, yFormat: (y) => figure(y, 3), xLabels: points.map((p, i) => ({ x: i, label: 'v' + p.version })) });
}

function renderLive(live) {
  document.getElementById('live-state').textContent = live.state === 'on'
    ? 'live stats per ' + span(live.step) + ' window, ' + when(live.from) + ' to ' + when(live.to)
    : live.state === 'starting' ? 'live stats are not queryable yet' : 'live stats are off on this promoter';
  const times = live.series.flatMap((s) => s.points.map((p) => Date.parse(p.start)));
  const start = times.length ? Math.min(...times) : 0;
  const lines = (pick) => live.series.map((s, i) => ({
    name: 'v' + s.version + ' ' + s.role, colour: COLOURS[i % COLOURS.length],
    points: s.points.map((p) => ({ x: Date.parse(p.start), y: pick(p), label: new Date(p.start).toLocaleTimeString() + ' ' + p.requests + ' requests' }))
  }));
  const xLabels = times.length ? [...new Set([start, Math.max(...times)])]
    .map((t) => ({ x: t, label: new Date(t).toLocaleTimeString() })) : [];
  plot(document.getElementById('live-errors'), lines((p) => p.errorRate), { width: 400, height: 180, yFormat: percent, xLabels });
  plot(document.getElementById('live-latency'), lines((p) => p.latencyP99Ms), { width: 400, height: 180, yFormat: (y) => figure(y, 2), xLabels });
  plot(document.getElementById('live-accuracy'), lines((p) => p.labelled > 0 ? p.accuracy : null), { width: 400, height: 180, yFormat: percent, xLabels });
}

// ---- replicas ----------------------------------------------------------------------

function renderReplicas(answer) {
  const body = document.querySelector('#replicas .body');
  if (!answer || !answer.replicas || !answer.replicas.length) {
    replace(body, el('p', { class: 'muted' }, 'no serving replica has reported this model'));
    return;
  }
  replace(body,
    el('p', {}, answer.live + ' live, ' + answer.onChampion + ' on the champion: ',
      el('b', { class: answer.converged ? 'yes' : 'no', id: 'converged' }, answer.converged ? 'converged' : 'not converged')),
    el('table', {},
      el('thead', {}, el('tr', {}, ['instance', 'host', 'serves', 'challenger', 'last heartbeat', 'load error']
        .map((h) => el('th', {}, h)))),
      el('tbody', {}, answer.replicas.map((r) => el('tr', { class: 'replica', 'data-instance': r.instanceId },
        el('td', {}, r.instanceId, r.live ? '' : ' (silent)'),
        el('td', {}, r.host),
        el('td', { class: 'serves' }, r.version ? 'v' + r.version : '—', r.fallbackFor ? ' (fallback for v' + r.fallbackFor + ')' : ''),
        el('td', {}, r.challengerVersion ? 'v' + r.challengerVersion + ' ' + (r.challengerRollout || '') : '—'),
        el('td', {}, when(r.lastReport), ' (', Math.round(r.ageMillis / 1000), ' s ago)'),
        el('td', { class: r.loadError ? 'no' : '' }, r.loadError || '—'))))));
}

// ---- loading -------------------------------------------------------------------------

async function loadStatus() {
  const [status, decisions] = await Promise.all([
    api('/models/' + encodeURIComponent(page.model)),
    api('/models/' + encodeURIComponent(page.model) + '/decisions')
  ]);
  if (!status.ok) {
    problem('GET /models/' + page.model + ' answered ' + status.status + ': ' + (status.body && status.body.error));
    return;
  }
  problem(null);
  page.status = status.body;
  page.decisions = decisions.ok ? decisions.body : [];
  renderProduction();
  renderTimeline();
}

async function loadCharts() {
  const charts = await api('/dashboard/models/' + encodeURIComponent(page.model) + '/charts');
  if (!charts.ok) return;
  renderMetric(charts.body.metric);
  renderLive(charts.body.live);
  renderGates(charts.body.gates);
}

async function loadReplicas() {
  const replicas = await api('/models/' + encodeURIComponent(page.model) + '/replicas');
  renderReplicas(replicas.ok ? replicas.body : null);
}

async function refresh(parts) {
  if (!page.model) return;
  const work = [];
  if (parts.includes('status')) work.push(loadStatus());
  if (parts.includes('charts')) work.push(loadCharts());
  if (parts.includes('replicas')) work.push(loadReplicas());
  await Promise.all(work);
  page.refreshes++;
  document.body.dataset.refreshes = page.refreshes;
}

// one read per part at most every so often, however many events ask for it
function soon(part, delay) {
  if (page.timers[part]) return;
  page.timers[part] = setTimeout(() => {
    page.timers[part] = null;
    refresh([part]);
  }, delay);
}

async function loadModels(preferred) {
  const answer = await api('/dashboard/models');
  const select = document.getElementById('model');
  const models = answer.ok ? answer.body.models : [];
  replace(select, models.map((name) => el('option', { value: name }, name)));
  const chosen = models.includes(preferred) ? preferred : models.includes(page.model) ? page.model : models[0];
  if (chosen) select.value = chosen;
  return chosen;
}

async function choose(model) {
  page.model = model;
  // the address names the model, so a reload or a shared link shows it again
  const address = new URL(window.location.href);
  if (address.searchParams.get('model') !== model) {
    address.searchParams.set('model', model);
    window.history.replaceState(null, '', address.toString());
  }
  await refresh(['status', 'charts', 'replicas']);
}

// ---- events ------------------------------------------------------------------------

function listen() {
  const stream = document.getElementById('stream');
  const source = new EventSource(url('/dashboard/events'), { withCredentials: true });
  source.onopen = () => {
    stream.textContent = 'live';
    stream.className = 'pill live';
  };
  source.onerror = () => {
    stream.textContent = 'reconnecting';
    stream.className = 'pill down';
  };
  for (const kind of ['registered', 'failed', 'decided', 'promoted', 'replica', 'live']) {
    source.addEventListener(kind, (message) => {
      const event = JSON.parse(message.data);
      if (kind !== 'replica' && kind !== 'live') {
        const list = document.querySelector('#activity .events');
        list.prepend(el('li', { class: 'event ' + kind }, new Date(event.at).toLocaleTimeString(), ' ',
          event.model || '', ' ', event.summary));
        while (list.children.length > 30) list.lastChild.remove();
      }
      if (kind === 'registered' && ![...document.getElementById('model').options].some((o) => o.value === event.model)) {
        loadModels(page.model).then((chosen) => { if (!page.model && chosen) choose(chosen); });
      }
      if (kind === 'replica') {
        soon('replicas', 1000);
        // a production change is recorded as served once the replicas report it: until
        // then, each heartbeat may be the one that completes it
        const change = page.decisions.find(changesProduction);
        if (change && !change.served) soon('status', 1000);
      } else if (event.model === page.model) {
        if (kind === 'live') {
          soon('charts', 1000);
        } else {
          soon('status', 200);
          soon('charts', 200);
          soon('replicas', 500);
        }
      }
    });
  }
}

// ---- actions -----------------------------------------------------------------------

const ACTIONS = {
  promote: (args, reason) => ['/models/' + enc(page.model) + '/versions/' + enc(args.version) + '/promote', { reason }],
  reject: (args, reason) => ['/models/' + enc(page.model) + '/versions/' + enc(args.version) + '/reject', { reason }],
  rollback: (args, reason) => ['/models/' + enc(page.model) + '/rollback', args.version ? { version: args.version, reason } : { reason }],
  rollout: (args, reason) => ['/models/' + enc(page.model) + '/versions/' + enc(args.version) + '/rollout',
    { mode: args.mode, percent: args.mode === 'canary' ? Number(args.percent) : null, reason }],
  abort: (args, reason) => ['/models/' + enc(page.model) + '/rollout/abort', { reason }]
};

function enc(value) {
  return encodeURIComponent(value);
}

function act(action, args, question) {
  const dialog = document.getElementById('confirm');
  document.getElementById('confirm-text').textContent = question;
  const reason = document.getElementById('confirm-reason');
  reason.value = '';
  dialog.dataset.action = action;
  dialog.onclose = async () => {
    if (dialog.returnValue !== 'ok' || !reason.value.trim()) return;
    const [path, body] = ACTIONS[action](args, reason.value.trim());
    const answer = await api(path, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body)
    });
    const list = document.querySelector('#activity .events');
    list.prepend(el('li', { class: 'event answer ' + (answer.ok ? 'yes' : 'no') },
      new Date().toLocaleTimeString(), ' ', action, ' answered ', answer.status, ': ',
      (answer.body && (answer.body.error || answer.body.outcome || answer.body.events)) || ''));
    if (!answer.ok) problem(action + ' answered ' + answer.status + ': ' + (answer.body && answer.body.error));
    refresh(['status', 'charts', 'replicas']);
  };
  dialog.returnValue = '';
  dialog.showModal();
  reason.focus();
}

function wireForms() {
  const forms = {
    'promote-form': (data) => act('promote', { version: data.get('version') },
      'Promote version ' + data.get('version') + ' of ' + page.model + ' to production, skipping its gates?'),
    'rollout-form': (data) => act('rollout', { version: data.get('version'), mode: data.get('mode'), percent: data.get('percent') },
      'Start a ' + data.get('mode') + (data.get('mode') === 'canary' ? ' of ' + data.get('percent') + ' %' : '') +
      ' for version ' + data.get('version') + ' of ' + page.model + '?'),
    'rollback-form': (data) => act('rollback', { version: data.get('version') },
      'Roll ' + page.model + ' back to ' + (data.get('version') ? 'version ' + data.get('version') : 'the previous champion') + '?')
  };
  for (const [id, handler] of Object.entries(forms)) {
    document.getElementById(id).addEventListener('submit', (event) => {
      event.preventDefault();
      handler(new FormData(event.target));
    });
  }
}

async function start() {
  const session = await api('/dashboard/session');
  if (!session.ok) {
    problem('Signing in failed (' + session.status + '): ' + (session.body && session.body.error));
    return;
  }
  page.session = session.body;
  document.getElementById('user').textContent = page.session.user + ' (' + page.session.roles.join(', ') + ')';
  if (page.session.operator) {
    document.getElementById('actions').hidden = false;
    wireForms();
  } else {
    // a viewer's page has no action at all, not hidden ones
    document.getElementById('actions').remove();
    document.getElementById('confirm').remove();
  }
  document.getElementById('model').addEventListener('change', (event) => choose(event.target.value));
  listen();
  const chosen = await loadModels(new URL(window.location.href).searchParams.get('model'));
  if (chosen) await choose(chosen);
  else problem('No registered model yet: publish a training job.');
}

// a failure of the page itself is said on the page, not only in the console
window.addEventListener('error', (event) => problem('The page failed: ' + event.message));
window.addEventListener('unhandledrejection', (event) => problem('The page failed: ' +
  (event.reason && event.reason.message ? event.reason.message : event.reason)));

document.addEventListener('DOMContentLoaded', start);
