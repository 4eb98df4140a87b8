// The dashboard: lists the farm once, then keeps it current from GET /api/v1/events; polls
// /cluster/status every second for the cluster panel and the no-quorum banner. On a node with
// API keys, a 401 shows the key form; the key then goes with every request (api.js).
import { apiKey, followEvents, get, onUnauthorized, post } from './api.js';
import { fillSelect, renderCluster, renderJobs, renderPrinters, renderSpools } from './render.js';

const $ = id => document.getElementById(id);
const farm = { printers: new Map(), filaments: new Map(), jobs: new Map() };
const EVENT_TYPES = ['printer.created', 'printer.updated', 'printer.deleted', 'filament.created', 'filament.updated',
  'filament.deleted', 'print_job.created', 'print_job.status_changed'];
const COLLECTION = { printer: 'printers', filament: 'filaments', print_job: 'jobs' };
let source = null;
let drawPending = false;
let waitingForKey = false;
let generation = 0;

// ------------------------------------------------------------------ the farm

/** Lists everything from this node's own state (it may be a follower without quorum) and resumes events after it. */
async function resync() {
  source?.close();
  source = null;
  const mine = ++generation;
  try {
    const local = '?consistency=local';
    const [printers, filaments, jobs] = await Promise.all(
      ['/api/v1/printers', '/api/v1/filaments', '/api/v1/print_jobs'].map(path => get(path + local)));
    if (mine !== generation) return; // a newer resync (a key entered or forgotten) took over
    farm.printers = new Map(printers.body.map(p => [p.id, p]));
    farm.filaments = new Map(filaments.body.map(f => [f.id, f]));
    farm.jobs = new Map(jobs.body.map(j => [j.id, j]));
    draw();
    // Three reads, maybe at three indexes: resume after the oldest. An event the lists already
    // show is applied again harmlessly: each carries its object whole, and they come in order.
    listen(Math.min(printers.index, filaments.index, jobs.index));
  } catch (error) {
    if (mine !== generation) return;
    if (error.status === 401) {
      // The key form is showing; entering a key lists again.
      $('stream-state').textContent = 'Live updates: waiting for an API key.';
      return;
    }
    $('stream-state').textContent = `Live updates: cannot list the farm (${error.message}); retrying…`;
    setTimeout(resync, 2000);
  }
}

/** Follows the event stream with fetch (EventSource cannot send a key); it resumes with Last-Event-ID by itself. */
function listen(since) {
  const state = $('stream-state');
  source = followEvents(`/api/v1/events?since=${since}`, {
    open: () => { state.textContent = 'Live updates: connected.'; },
    reconnecting: () => { state.textContent = 'Live updates: reconnecting…'; },
    event: (type, data) => { if (EVENT_TYPES.includes(type)) apply(JSON.parse(data)); },
    failed: error => {
      source = null;
      if (error.status === 401) {
        state.textContent = 'Live updates: waiting for an API key.';
        return;
      }
      // Refused (410: the node no longer holds our position): list again.
      state.textContent = 'Live updates: lost our place; reloading the farm…';
      setTimeout(resync, 1000);
    },
  });
}

function apply(change) {
  const [kind, what] = change.type.split('.');
  const collection = farm[COLLECTION[kind]];
  if (!collection) return;
  if (what === 'deleted') collection.delete(change.object.id);
  else collection.set(change.object.id, change.object);
  // A job's change moves its spool's reserved or remaining weight: fetch the spool as it is now.
  if (kind === 'print_job') refreshSpool(change.object.filament_id);
  draw();
}

async function refreshSpool(id) {
  try {
    const { body } = await get(`/api/v1/filaments/${encodeURIComponent(id)}?consistency=local`);
    farm.filaments.set(body.id, body);
    draw();
  } catch {
    // Deleted meanwhile, or the node is gone: the next event or resync tells.
  }
}

function draw() {
  if (drawPending) return;
  drawPending = true;
  requestAnimationFrame(() => {
    drawPending = false;
    renderPrinters($('printers'), farm);
    renderSpools($('spools'), farm);
    renderJobs($('jobs'), farm, moveJob);
    $('printer-count').textContent = `(${farm.printers.size})`;
    $('spool-count').textContent = `(${farm.filaments.size})`;
    const form = $('add-job');
    fillSelect(form.elements.printer_id, [...farm.printers.values()], p => `${p.id} (${p.company} ${p.model})`);
    fillSelect(form.elements.filament_id, [...farm.filaments.values()], f => `${f.id} (${f.type} ${f.color}, ${f.available_weight_in_grams} g free)`);
    const open = [...farm.jobs.values()].filter(j => j.status === 'Queued' || j.status === 'Running');
    fillSelect($('move-job').elements.job, open, j => `${j.id} (${j.status})`);
  });
}

// ------------------------------------------------------------------ the cluster

async function pollCluster() {
  const banner = $('banner');
  if (waitingForKey) {
    setTimeout(pollCluster, 1000);
    return;
  }
  try {
    const { body: status } = await get('/cluster/status');
    renderCluster($('cluster-summary'), document.querySelector('#members tbody'), status);
    $('node-line').textContent = `${status.node_id} · ${status.state} · term ${status.term}`;
    const voters = status.members.filter(m => m.voter);
    const reachable = voters.filter(m => m.healthy || m.id === status.node_id).length;
    // Without a quorum no leader can exist (a leader that loses its majority steps down).
    const noQuorum = !status.leader;
    banner.hidden = !noQuorum;
    banner.textContent = noQuorum
      ? `No quorum: ${status.node_id} has no leader and reaches ${reachable} of ${voters.length} voters. ` +
        'Writes will fail and the farm shown is this node’s last known state.'
      : '';
  } catch (error) {
    // A 401 is no outage: the key form asks for a key.
    banner.hidden = error.status === 401;
    banner.textContent = error.status === 401 ? '' : `This node does not answer (${error.message}). The page shows the last known state.`;
  } finally {
    setTimeout(pollCluster, 1000);
  }
}

// ------------------------------------------------------------------ forms

function fields(form) {
  const body = {};
  for (const input of form.querySelectorAll('input, select')) {
    if (input.value.trim() === '') continue;
    body[input.name] = input.type === 'number' ? Number(input.value) : input.value.trim();
  }
  return body;
}

async function submit(form, action, done) {
  const output = form.querySelector('output');
  const button = form.querySelector('button[type=submit]');
  output.className = '';
  output.textContent = 'Saving…';
  button.disabled = true;
  try {
    const result = await action();
    output.className = 'ok';
    output.textContent = done(result);
    return true;
  } catch (error) {
    output.className = 'error';
    output.textContent = error.status === 403 ? `Your key may not do this: ${error.message}` : error.message;
    return false;
  } finally {
    button.disabled = false;
  }
}

for (const id of ['add-printer', 'add-spool', 'add-job']) {
  const form = $(id);
  form.addEventListener('submit', async event => {
    event.preventDefault();
    const ok = await submit(form, () => post(`/api/v1/${form.dataset.kind}`, fields(form)), created => `Created ${created.id}.`);
    if (ok) form.querySelectorAll('input').forEach(input => { input.value = ''; });
  });
}

async function moveJob(job, status) {
  const form = $('move-job');
  form.elements.job.value = job;
  form.elements.status.value = status;
  await submit(form, () => post(`/api/v1/print_jobs/${encodeURIComponent(job)}/status`, { status }),
    moved => `${moved.id} is now ${moved.status}.`);
}

$('move-job').addEventListener('submit', event => {
  event.preventDefault();
  const form = event.target;
  moveJob(form.elements.job.value, form.elements.status.value);
});

// ------------------------------------------------------------------ the API key

const KEY_REASON = $('key-reason').textContent;

/** Shows the key form (once: a later 401 only updates the reason, it does not move the focus). */
function askForKey(reason) {
  waitingForKey = true;
  $('key-reason').textContent = reason ?? KEY_REASON;
  $('forget-key').hidden = apiKey.get() === null;
  if ($('node-line').textContent === 'Connecting…') $('node-line').textContent = 'Waiting for an API key';
  const panel = $('key-panel');
  if (!panel.hidden) return;
  panel.hidden = false;
  $('api-key').focus();
}

onUnauthorized((problem, sentKey) => {
  if (sentKey) {
    // The node does not know the key (a typo, or a key since removed): do not keep sending it.
    apiKey.forget();
    askForKey('This node does not know that key. Enter another API key.');
  } else {
    askForKey(null);
  }
});

$('key-form').addEventListener('submit', event => {
  event.preventDefault();
  const input = $('api-key');
  const key = input.value.trim();
  if (key === '') return;
  apiKey.set(key);
  input.value = '';
  $('key-panel').hidden = true;
  $('forget-key').hidden = false;
  waitingForKey = false;
  resync();
});

$('forget-key').addEventListener('click', () => {
  apiKey.forget();
  $('forget-key').hidden = true;
  source?.close();
  source = null;
  // What the key let this tab see is not for whoever uses it next.
  farm.printers.clear();
  farm.filaments.clear();
  farm.jobs.clear();
  draw();
  $('cluster-summary').replaceChildren();
  document.querySelector('#members tbody').replaceChildren();
  $('node-line').textContent = 'Connecting…';
  for (const output of document.querySelectorAll('form output')) {
    output.className = '';
    output.textContent = '';
  }
  resync(); // on a node with keys, its 401 brings the key form back
});

$('forget-key').hidden = apiKey.get() === null;
resync();
pollCluster();
