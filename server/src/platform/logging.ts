/**
 * The server's log: pino's JSON lines for a machine (a file, a collector, systemd), one readable
 * line per request for a person at a terminal. Which one: LOG_FORMAT, else whether stdout is a
 * terminal (config.ts).
 */

import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

export type LogFormat = 'json' | 'pretty';

/**
 * One log line per request, when it is answered (Fastify writes two: on arrival and on answer):
 * what was asked, the answer, how long it took and who asked. `quiet` requests (the web app's
 * hashed files: a page load fetches a score of them) are logged at debug level.
 */
export class OneLinePerRequest extends LogController {
  constructor(private readonly quiet: (request: FastifyRequest, reply: FastifyReply) => boolean) {
    super();
  }

  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const line = { req: request, res: reply, responseTime: reply.elapsedTime, user: request.ctx?.actor?.username };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else if (this.quiet(request, reply)) reply.log.debug(line, 'request completed');
    else reply.log.info(line, 'request completed');
  }
}

/** What pino writes a record as (the fields the readable form uses). */
interface LogRecord {
  level?: number;
  time?: number;
  msg?: string;
  req?: { method?: string; url?: string };
  res?: { statusCode?: number };
  responseTime?: number;
  user?: string;
  err?: { type?: string; message?: string; stack?: string };
  [key: string]: unknown;
}

const LEVELS: { [level: number]: string } = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
/** Fields every record has, or that the readable line already shows. */
const SHOWN = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'reqId', 'req', 'res', 'responseTime', 'user', 'err']);

function paint(colour: boolean, code: number, text: string): string {
  return colour ? `\u001b[${code}m${text}\u001b[39m` : text;
}

function clock(time: number | undefined): string {
  const at = new Date(time ?? Date.now());
  return [at.getHours(), at.getMinutes(), at.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

/** One pino record (a JSON line) as a person reads it. */
export function readableLine(json: string, colour = false): string {
  let r: LogRecord;
  try {
    r = JSON.parse(json) as LogRecord;
  } catch {
    return json.trimEnd();
  }
  const at = paint(colour, 90, clock(r.time));
  const level = r.level ?? 30;
  if (r.req && r.res && typeof r.responseTime === 'number') {
    const status = r.res.statusCode ?? 0;
    const statusText = paint(colour, status >= 500 ? 31 : status >= 400 ? 33 : 32, String(status));
    return `${at} ${r.req.method ?? ''} ${r.req.url ?? ''} ${statusText} ${Math.round(r.responseTime)} ms${r.user ? ` ${paint(colour, 36, r.user)}` : ''}`;
  }
  const name = LEVELS[level] ?? String(level);
  const tag = level >= 50 ? paint(colour, 31, name) : level >= 40 ? paint(colour, 33, name) : name;
  const rest = Object.fromEntries(Object.entries(r).filter(([k]) => !SHOWN.has(k)));
  const extra = Object.keys(rest).length ? ` ${JSON.stringify(rest)}` : '';
  const err = r.err ? `\n${r.err.stack ?? `${r.err.type ?? 'Error'}: ${r.err.message ?? ''}`}` : '';
  return `${at} ${tag} ${r.msg ?? ''}${extra}${err}`;
}

/** A pino destination that writes each record readably to stdout (synchronously, in process). */
export function readableStream(out: NodeJS.WriteStream = process.stdout): { write(line: string): void } {
  const colour = out.isTTY === true && !process.env.NO_COLOR;
  return { write: (line: string) => void out.write(`${readableLine(line, colour)}\n`) };
}
