// The kernel's event stream and its trace format: one line per event, `TICK EVENT key=value …`.

export type EventType =
  | 'spawn' | 'dispatch' | 'preempt' | 'yield' | 'block' | 'wake' | 'stop' | 'cont' | 'exit' | 'switch'
  | 'syscall' | 'fault' | 'pagefault' | 'exec';

export interface KernelEvent {
  tick: number;
  type: EventType;
  /** Absent only on `switch`, which names from= and to= instead. */
  pid?: number;
  fields: Record<string, string | number>;
}

/** The scheduling events that `--trace=sched` keeps. */
export const SCHED_EVENTS: ReadonlySet<EventType> = new Set<EventType>([
  'spawn', 'dispatch', 'preempt', 'yield', 'block', 'wake', 'stop', 'cont', 'exit', 'switch',
]);

/** A field value as the trace prints it: strings with spaces or quotes are quoted. */
function value(v: string | number): string {
  return typeof v === 'number' || /^[^\s"=]+$/.test(v) ? String(v) : JSON.stringify(v);
}

export function formatEvent(e: KernelEvent): string {
  let line = `${e.tick} ${e.type}`;
  if (e.pid !== undefined) line += ` pid=${e.pid}`;
  for (const [k, v] of Object.entries(e.fields)) line += ` ${k}=${value(v)}`;
  return line;
}
