// The dashboard: lists the farm once, then keeps it current from GET /api/v1/events; polls
// /cluster/status every second for the cluster panel and the no-quorum banner.
import { get, post } from './api.js';
import { fillSelect, renderCluster, renderJobs, renderPrinters, renderSpools } from './render.js';

const $ = id => document.getElementById(id);
const farm = { printers: new Map(), filaments: new Map(), jobs: new Map() };
const EVENT_TYPES = ['printer.created', 'printer.updated', 'printer.deleted', 'filament.created', 'filament.updated',
  'filament.deleted', 'print_job.created', 'print_job.status_changed'];
const COLLECTION = { printer: 'printers', filament: 'filaments', print_job: 'jobs' };
let source = null;
let drawPending = false;

// ------------------------------------------------------------------ the farm

/** Lists everything from this node's own state (it may be a follower without quorum) and resumes events after it. */
async function resync() {
  source?.close();
  source = null;
  try {
    const local = '?consistency=local';
    const [printers, filaments, jobs] = await Promise.all(
      ['/api/v1/printers', '/api/v1/filaments', '/api/v1/print_jobs'].map(path => get(path + local)));
    farm.printers = new Map(printers.body.map(p => [p.id, p]));
    farm.filaments = new Map(filaments.body.map(f => [f.id, f]));
    farm.jobs = new Map(jobs.body.map(j => [j.id, j]));
    draw();
    // Three reads, maybe at three indexes: resume after the oldest. An event the lists already
    // show is applied again harmlessly: each carries its object whole, and they come in order.
    listen(Math.min(printers.index, filaments.index, jobs.index));
  } catch (error) {
    $('stream-state').textContent = `Live updates: cannot list the farm (${error.message}); retrying…`;
    setTimeout(resync, 2000);
  }
}

function listen(since) {
  source = new EventSource(`/api/v1/events?since=${since}`);
  source.onopen = () => { $('stream-state').textContent = 'Live updates: connected.'; };
  source.onerror = () => {
    if (source?.readyState === EventSource.CLOSED) {
      // Refused (410: the node no longer holds our position) or gone: list again.
      $('stream-state').textContent = 'Live updates: lost our place; reloading the farm…';
      setTimeout(resync, 1000);
    } else {
      $('stream-state').textContent = 'Live updates: reconnecting…';
    }
  };
  for (const type of EVENT_TYPES) source.addEventListener(type, message => apply(JSON.parse(message.data)));
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
    banner.hidden = false;
    banner.textContent = `This node does not answer (${error.message}). The page shows the last known state.`;
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
    output.textContent = error.message;
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

resync();
pollCluster();
