import i18n from '../i18n';

/** An error the server answered: its code, the message already in the user's language, field details. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: { field: string; message: string }[],
    readonly requestId?: string,
  ) {
    super(message);
  }
}

let csrfToken: string | null = null;
export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

type Listener = () => void;
const unauthenticatedListeners = new Set<Listener>();
/** The app shell listens, so an expired session anywhere sends the user to the login page. */
export function onUnauthenticated(listener: Listener): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}

function headers(body: unknown): Record<string, string> {
  const h: Record<string, string> = { 'Accept-Language': i18n.language };
  if (body !== undefined) h['Content-Type'] = 'application/json';
  if (csrfToken) h['X-CSRF-Token'] = csrfToken;
  return h;
}

interface ErrorBody {
  error?: { code: string; message: string; details?: { field: string; message: string }[]; requestId?: string };
}

/** The server's error answer as an ApiError; anything else (a proxy's page, no answer) is the network's. */
function errorOf(status: number, body: ErrorBody | null): ApiError {
  const error = body?.error;
  return error ? new ApiError(status, error.code, error.message, error.details, error.requestId) : new ApiError(status, 'NETWORK', i18n.t('common.networkError'));
}

async function failure(res: Response): Promise<ApiError> {
  try {
    return errorOf(res.status, await res.json());
  } catch {
    /* not JSON: a proxy or the network */
    return errorOf(res.status, null);
  }
}

export async function api<T>(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, body?: unknown, options: { quiet401?: boolean } = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, { method, headers: headers(body), body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'NETWORK', i18n.t('common.networkError'));
  }
  if (!res.ok) {
    const error = await failure(res);
    if (res.status === 401 && !options.quiet401 && !url.startsWith('/api/auth/')) unauthenticatedListeners.forEach((l) => l());
    throw error;
  }
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

/** Downloads a file answer (exports) with the session cookie, reporting bytes as they arrive. */
export async function download(url: string, fallbackName: string, onProgress?: (bytes: number) => void): Promise<void> {
  const res = await fetch(url, { headers: headers(undefined), credentials: 'same-origin' });
  if (!res.ok || !res.body) throw await failure(res);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    received += value.length;
    onProgress?.(received);
  }
  const disposition = res.headers.get('Content-Disposition') ?? '';
  const match = /filename\*=UTF-8''([^;]+)/.exec(disposition);
  const name = match ? decodeURIComponent(match[1]!) : fallbackName;
  const blob = new Blob(chunks as BlobPart[], { type: res.headers.get('Content-Type') ?? 'application/octet-stream' });
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

/** Sends a file as the request body (attachments, photos): the CSRF token fetched fresh, errors as ApiError. */
export async function uploadFile(url: string, file: File): Promise<unknown> {
  const { csrfToken: token } = await api<{ csrfToken: string }>('GET', '/api/auth/csrf');
  const res = await fetch(url, { method: 'POST', headers: { ...headers(undefined), 'Content-Type': 'application/octet-stream', 'X-CSRF-Token': token }, body: file, credentials: 'same-origin' });
  if (!res.ok) throw await failure(res);
  return res.json();
}

/**
 * uploadFile for a sheet that may be large: the same request through XHR, whose upload reports how
 * far it got (0 at once, then the percent sent), so a page can show 检查中… N%.
 */
export async function uploadWithProgress(url: string, file: File, onProgress: (percent: number) => void): Promise<unknown> {
  onProgress(0);
  const { csrfToken: token } = await api<{ csrfToken: string }>('GET', '/api/auth/csrf');
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    for (const [name, value] of Object.entries({ ...headers(undefined), 'Content-Type': 'application/octet-stream', 'X-CSRF-Token': token })) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(Math.round((e.loaded / e.total) * 100));
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText || 'null');
      } catch {
        /* not JSON: a proxy's page */
      }
      if (xhr.status === 200) resolve(body);
      else {
        // An expired session sends the user to the login page, as every other request does.
        if (xhr.status === 401) unauthenticatedListeners.forEach((l) => l());
        reject(errorOf(xhr.status, body as ErrorBody | null));
      }
    };
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', i18n.t('common.networkError')));
    xhr.send(file);
  });
}
