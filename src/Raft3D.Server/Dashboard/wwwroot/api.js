// HTTP helpers: every answer is JSON; a refusal is an RFC 9457 problem whose detail we show.

/** GET path; resolves {body, index} where index is X-Raft-Applied-Index (the log index the answer reflects). */
export async function get(path) {
  const response = await fetch(path, { headers: { Accept: 'application/json' }, cache: 'no-store' });
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, body);
  return { body, index: Number(response.headers.get('X-Raft-Applied-Index') ?? 0) };
}

/** POST a JSON body (or none); resolves the body, or throws an ApiError carrying the problem's detail. */
export async function post(path, json) {
  const init = { method: 'POST', headers: { Accept: 'application/json' } };
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
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

export class ApiError extends Error {
  constructor(status, problem) {
    const detail = problem?.detail ?? problem?.title ?? `HTTP ${status}`;
    super(detail);
    this.status = status;
    this.problem = problem;
  }
}
