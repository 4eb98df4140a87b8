// HTTP helpers: every answer is JSON; a refusal is an RFC 9457 problem whose detail we show.
// On a node started with -api-keys every data request needs "Authorization: Bearer KEY": the
// key the person typed is kept in sessionStorage only (gone with the tab; never localStorage,
// never a URL) and sent with every request, the event stream included.

const KEY_ITEM = 'raft3d.api-key';
let unauthorized = () => {};

/** The API key of this tab, kept in sessionStorage only. */
export const apiKey = {
  get() {
    try { return sessionStorage.getItem(KEY_ITEM); } catch { return null; }
  },
  set(key) { sessionStorage.setItem(KEY_ITEM, key); },
  forget() {
    try { sessionStorage.removeItem(KEY_ITEM); } catch { /* storage disabled: nothing kept */ }
  },
};

/** Calls back(problem, hadKey) whenever the node answers 401: it wants a key, or a valid one. */
export function onUnauthorized(back) { unauthorized = back; }

function headers(accept, extra = {}) {
  const all = { Accept: accept, ...extra };
  const key = apiKey.get();
  if (key) all.Authorization = `Bearer ${key}`;
  return all;
}

/** Reads a refusal's problem and raises it as an ApiError (telling the page first when it is a 401). */
async function refusal(response, sentKey) {
  const body = await response.json().catch(() => null);
  if (response.status === 401) unauthorized(body, sentKey);
  return new ApiError(response.status, body);
}

/** GET path; resolves {body, index} where index is X-Raft-Applied-Index (the log index the answer reflects). */
export async function get(path) {
  const sent = headers('application/json');
  const response = await fetch(path, { headers: sent, cache: 'no-store' });
  if (!response.ok) throw await refusal(response, 'Authorization' in sent);
  const body = await response.json().catch(() => null);
  return { body, index: Number(response.headers.get('X-Raft-Applied-Index') ?? 0) };
}

/** POST a JSON body (or none); resolves the body, or throws an ApiError carrying the problem's detail. */
export async function post(path, json) {
  const init = { method: 'POST', headers: headers('application/json') };
  if (json !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(json);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch {
    throw new ApiError(0, { detail: 'The node did not answer: is it running?' });
  }
  if (!response.ok) throw await refusal(response, 'Authorization' in init.headers);
  return await response.json().catch(() => null);
}

export class ApiError extends Error {
  constructor(status, problem) {
    const detail = problem?.detail ?? problem?.title ?? `HTTP ${status}`;
    super(detail);
    this.status = status;
    this.problem = problem;
  }
}

/**
 * Follows a Server-Sent Events stream with fetch() and a stream parser, because EventSource
 * cannot send the API key; one code path with and without keys. Like EventSource it
 * reconnects after a dropped connection or a server-side end, sending Last-Event-ID with the
 * last id seen, after the server's `retry:` delay (1 s unless it says otherwise). A 4xx
 * answer (410: our place is gone; 401, 403: the key) cannot get better by retrying: it ends
 * the stream with handlers.failed(ApiError). Handlers: open(), event(type, data, id),
 * reconnecting(), failed(error). Returns {close()}.
 */
export function followEvents(path, handlers) {
  const abort = new AbortController();
  let lastId = null;
  let retry = 1000;
  let closed = false;

  async function run() {
    while (!closed) {
      try {
        const extra = lastId === null ? {} : { 'Last-Event-ID': lastId };
        const sent = headers('text/event-stream', extra);
        const response = await fetch(path, { headers: sent, cache: 'no-store', signal: abort.signal });
        if (!response.ok) {
          const error = await refusal(response, 'Authorization' in sent);
          if (response.status >= 400 && response.status < 500) {
            if (!closed) handlers.failed(error);
            return;
          }
          throw error;
        }
        handlers.open();
        const parse = sseParser({
          id: id => { lastId = id; },
          retry: ms => { retry = ms; },
          event: (type, data, id) => { if (!closed) handlers.event(type, data, id); },
        });
        const reader = response.body.getReader();
        const decoder = new TextDecoder();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          parse(decoder.decode(value, { stream: true }));
        }
      } catch {
        // The node is gone or cut us off: reconnect below (unless we were closed).
      }
      if (closed) return;
      handlers.reconnecting();
      await new Promise(resolve => setTimeout(resolve, retry));
    }
  }

  run();
  return {
    close() {
      closed = true;
      abort.abort();
    },
  };
}

/**
 * A parser of the text/event-stream format (HTML Living Standard, "Server-sent events"):
 * feed it decoded text in chunks of any size; lines end with CRLF, LF or CR; a blank line
 * dispatches the event. Calls on.id(id) when an id field arrives (the Last-Event-ID for a
 * reconnection), on.retry(ms) and on.event(type, data, lastId).
 */
export function sseParser(on) {
  let buffer = '';
  let skipLineFeed = false;
  let data = [];
  let type = '';
  let lastId = null;

  function line(text) {
    if (text === '') {
      if (data.length > 0) on.event(type || 'message', data.join('\n'), lastId);
      data = [];
      type = '';
      return;
    }
    if (text.startsWith(':')) return; // a comment: the keep-alive
    const colon = text.indexOf(':');
    const field = colon < 0 ? text : text.slice(0, colon);
    let value = colon < 0 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') data.push(value);
    else if (field === 'event') type = value;
    else if (field === 'id' && !value.includes('\0')) { lastId = value; on.id(value); }
    else if (field === 'retry' && /^\d+$/.test(value)) on.retry(Number(value));
  }

  return chunk => {
    if (skipLineFeed && chunk.startsWith('\n')) chunk = chunk.slice(1);
    skipLineFeed = false;
    buffer += chunk;
    let start = 0;
    for (let i = 0; i < buffer.length; i++) {
      const c = buffer[i];
      if (c !== '\n' && c !== '\r') continue;
      line(buffer.slice(start, i));
      if (c === '\r') {
        if (i + 1 === buffer.length) skipLineFeed = true; // a CRLF may be split between chunks
        else if (buffer[i + 1] === '\n') i++;
      }
      start = i + 1;
    }
    buffer = buffer.slice(start);
  };
}
