/**
 * The execution lifecycle engine.
 *
 * ready ─execute→ running ─(one agent output per step)→ completed | failed (goal contains `#fail`)
 * ready|running ─pause→ paused ─resume→ running; any non-terminal ─cancel→ cancelled.
 *
 * In auto mode (`stepMs > 0`) an execution that was executed, resumed or advanced through the API
 * takes one step every `stepMs` (unref'd timers). Seeded executions never move on their own, so
 * seed data stays stable. In manual mode (`stepMs = 0`) only `advance` moves anything.
 *
 * Before each agent runs, a person may have to answer first (see `human.ts`): the engine raises the
 * inbox request once and takes no step until it is answered; {@link Engine.answered} goes on.
 */
import { agentOutput, conclusionFor, creditRow } from './factory.js';
import { HttpError } from './http.js';
import { gateFor, isRaised, raise } from './human.js';
import { syncTask, type SimState } from './store.js';
import { nowSeconds } from './time.js';
import { TERMINAL, type ExecStatus, type ExecutionRec } from './types.js';

/** Drives executions through their states and keeps their tasks in step. */
export class Engine {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly live = new Set<string>();

  constructor(
    private readonly core: { state: SimState },
    private stepMsValue: number,
  ) {}

  /** Milliseconds per agent step; 0 = manual mode. */
  get stepMs(): number {
    return this.stepMsValue;
  }

  /** Changes the step time; running live executions are rescheduled (or frozen when 0). */
  setStepMs(ms: number): void {
    this.stepMsValue = ms;
    for (const id of this.live) this.schedule(id);
  }

  /** `execute`: ready → running. */
  execute(exec: ExecutionRec): void {
    this.expect(exec, ['ready'], 'execute');
    this.live.add(exec.execution_id);
    this.setStatus(exec, 'running');
    this.schedule(exec.execution_id);
  }

  /** `pause`: ready|running → paused. */
  pause(exec: ExecutionRec): void {
    this.expect(exec, ['ready', 'running'], 'pause');
    this.clearTimer(exec.execution_id);
    this.setStatus(exec, 'paused');
  }

  /** `resume`: paused → running. */
  resume(exec: ExecutionRec): void {
    this.expect(exec, ['paused'], 'resume');
    this.live.add(exec.execution_id);
    this.setStatus(exec, 'running');
    this.schedule(exec.execution_id);
  }

  /** `cancel`: any non-terminal → cancelled. */
  cancel(exec: ExecutionRec): void {
    if (TERMINAL.has(exec.status)) throw new HttpError(409, `Cannot cancel an execution that is ${exec.status}`);
    this.clearTimer(exec.execution_id);
    this.live.delete(exec.execution_id);
    exec.end_time = nowSeconds();
    this.setStatus(exec, 'cancelled');
  }

  /** One lifecycle step now (control API): ready → running, or running → next agent output. */
  advance(exec: ExecutionRec): void {
    if (exec.status === 'ready') {
      this.execute(exec);
      return;
    }
    this.expect(exec, ['running'], 'advance');
    this.live.add(exec.execution_id);
    this.step(exec);
  }

  /** A person answered the request the execution waited on: go on, or cancel after a rejected preview. */
  answered(exec: ExecutionRec, outcome: 'continue' | 'cancel' | 'none'): void {
    if (outcome === 'cancel') {
      if (!TERMINAL.has(exec.status)) this.cancel(exec);
      return;
    }
    this.touchTask(exec);
    if (outcome === 'continue' && exec.status === 'running') {
      this.live.add(exec.execution_id);
      this.schedule(exec.execution_id);
    }
  }

  /** Stops every timer and forgets which executions move (close and reset). */
  stop(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.live.clear();
  }

  /** Number of pending step timers (for tests and diagnostics). */
  get pendingTimers(): number {
    return this.timers.size;
  }

  private expect(exec: ExecutionRec, from: ExecStatus[], action: string): void {
    if (!from.includes(exec.status)) {
      throw new HttpError(409, `Cannot ${action} an execution that is ${exec.status} (allowed from: ${from.join(', ')})`);
    }
  }

  private setStatus(exec: ExecutionRec, status: ExecStatus): void {
    exec.status = status;
    this.touchTask(exec);
  }

  private touchTask(exec: ExecutionRec): void {
    const task = this.core.state.tasks.get(exec.task_id);
    if (task) syncTask(this.core.state, task);
  }

  /** Adds the next agent's output; the last one (or a `#fail` goal's first one) ends the execution. */
  private step(exec: ExecutionRec): void {
    this.clearTimer(exec.execution_id);
    const state = this.core.state;
    const now = nowSeconds();
    const index = exec.agents_output.length;
    const gate = gateFor(state, exec, index);
    if (gate) {
      // Wait for a person: raise the request once, then take no step until it is answered.
      if (!isRaised(exec, gate)) {
        raise(state, exec, gate);
        this.touchTask(exec);
      }
      return;
    }
    const total = exec.agentflow.agents.length;
    const fails = exec.goal.includes('#fail');
    const out = agentOutput(exec, index, now, fails ? 'failed' : 'completed');
    if (out) {
      exec.agents_output.push(out);
      state.credits.push(creditRow(state, exec, index, now));
    }
    if (fails) {
      exec.error = `Agent "${out?.title ?? 'agent'}" failed: the goal asked for a failure (#fail)`;
      exec.end_time = now;
      exec.status = 'failed';
    } else if (index + 1 >= total) {
      exec.conclusion = conclusionFor(exec, now);
      exec.end_time = now;
      exec.status = 'completed';
    }
    if (TERMINAL.has(exec.status)) this.live.delete(exec.execution_id);
    this.touchTask(exec);
    this.schedule(exec.execution_id);
  }

  private schedule(id: string): void {
    this.clearTimer(id);
    const exec = this.core.state.executions.get(id);
    if (this.stepMsValue <= 0 || !exec || exec.status !== 'running' || !this.live.has(id)) return;
    const timer = setTimeout(() => {
      this.timers.delete(id);
      const current = this.core.state.executions.get(id);
      if (current && current.status === 'running' && this.live.has(id)) this.step(current);
    }, this.stepMsValue);
    timer.unref();
    this.timers.set(id, timer);
  }

  private clearTimer(id: string): void {
    const t = this.timers.get(id);
    if (t) clearTimeout(t);
    this.timers.delete(id);
  }
}
