// Drawing the farm and the cluster from plain data. Text always goes through textContent:
// names come from users and must never become markup.

const STATUSES = ['Queued', 'Running', 'Done', 'Canceled'];
const NEXT = { Queued: ['running', 'canceled'], Running: ['done', 'canceled'], Done: [], Canceled: [] };

/** el('li', {class: 'card', 'data-id': 'p1'}, 'text', child, ...) */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function renderPrinters(list, farm) {
  const jobs = [...farm.jobs.values()];
  list.replaceChildren(...[...farm.printers.values()].map(printer => {
    const running = jobs.filter(j => j.printer_id === printer.id && j.status === 'Running');
    const queued = jobs.filter(j => j.printer_id === printer.id && j.status === 'Queued');
    return el('li', { class: 'card', 'data-printer': printer.id },
      el('h3', {}, printer.id),
      el('p', { class: 'muted' }, `${printer.company} ${printer.model}`),
      el('p', {}, el('strong', {}, 'Running: '), running.length ? running.map(j => j.id).join(', ') : 'idle'),
      el('p', {}, el('strong', {}, 'Queued: '), queued.length ? queued.map(j => j.id).join(', ') : 'none'));
  }));
}

/** Widths go through the CSSOM: the page's Content-Security-Policy refuses inline style attributes. */
function sized(node, width) {
  node.style.width = width;
  return node;
}

export function renderSpools(list, farm) {
  list.replaceChildren(...[...farm.filaments.values()].map(spool => {
    const total = Math.max(spool.total_weight_in_grams, 1);
    const pct = grams => `${(100 * Math.max(grams, 0) / total).toFixed(2)}%`;
    const label = `${spool.remaining_weight_in_grams} g remaining of ${spool.total_weight_in_grams} g; ` +
      `${spool.reserved_weight_in_grams} g reserved; ${spool.available_weight_in_grams} g available`;
    return el('li', { class: 'card', 'data-filament': spool.id },
      el('h3', {}, spool.id, el('span', { class: 'chip' }, spool.type)),
      el('p', { class: 'muted' }, spool.color),
      el('div', { class: 'bar', role: 'img', 'aria-label': label },
        sized(el('span', { class: 'reserved' }), pct(spool.reserved_weight_in_grams)),
        sized(el('span', { class: 'available' }), pct(spool.available_weight_in_grams))),
      el('dl', { class: 'weights' },
        el('dt', {}, 'remaining'), el('dd', { class: 'remaining' }, `${spool.remaining_weight_in_grams} g`),
        el('dt', {}, 'reserved'), el('dd', { class: 'reserved-g' }, `${spool.reserved_weight_in_grams} g`),
        el('dt', {}, 'available'), el('dd', { class: 'available-g' }, `${spool.available_weight_in_grams} g`)));
  }));
}

export function renderJobs(container, farm, move) {
  const jobs = [...farm.jobs.values()];
  container.replaceChildren(...STATUSES.map(status => {
    const inStatus = jobs.filter(j => j.status === status);
    return el('section', { class: 'column', 'data-status': status, 'aria-label': `${status} jobs` },
      el('h3', {}, `${status} `, el('span', { class: 'count' }, `(${inStatus.length})`)),
      el('ul', { class: 'jobs' }, inStatus.map(job => el('li', { 'data-job': job.id },
        el('span', { class: 'job-id' }, job.id),
        el('span', { class: 'muted' }, ` ${job.filepath} · ${job.print_weight_in_grams} g · ${job.printer_id} · ${job.filament_id}`),
        el('span', { class: 'actions' }, NEXT[status].map(next =>
          el('button', { type: 'button', class: 'small', 'aria-label': `Move ${job.id} to ${next}`, onclick: () => move(job.id, next) }, next)))))));
  }));
}

/** Keeps a select's options in step with a list, keeping the current choice when it still exists. */
export function fillSelect(select, items, text) {
  const chosen = select.value;
  select.replaceChildren(...items.map(item => el('option', { value: item.id }, text(item))));
  if (items.some(item => item.id === chosen)) select.value = chosen;
}

export function renderCluster(summary, tbody, status) {
  const leader = status.leader?.id ?? 'none';
  const lagOf = m => (m.match_index === null || m.match_index === undefined) ? '—' : String(Math.max(status.commit_index - m.match_index, 0));
  summary.replaceChildren(...[
    ['This node', status.node_id], ['Role', status.state], ['Term', status.term], ['Leader', leader],
    ['Commit index', status.commit_index], ['Applied index', status.applied_index],
    ['Apply lag', Math.max(status.commit_index - status.applied_index, 0)],
  ].map(([term, value]) => el('div', {}, el('dt', {}, term), el('dd', { 'data-field': term.toLowerCase().replaceAll(' ', '-') }, String(value)))));
  tbody.replaceChildren(...status.members.map(m => el('tr', { 'data-member': m.id },
    el('th', { scope: 'row' }, m.id, m.id === status.node_id ? ' (this node)' : ''),
    el('td', {}, m.id === status.leader?.id ? 'leader' : m.suffrage),
    el('td', {}, m.http_address),
    el('td', { class: m.healthy ? 'ok' : 'bad' }, m.healthy ? 'healthy' : 'unreachable'),
    el('td', {}, m.match_index ?? '—'),
    el('td', {}, lagOf(m)),
    el('td', {}, m.last_contact ? new Date(m.last_contact).toLocaleTimeString() : '—'))));
}
