// Work that need not happen before the page's first event (reading storage, watching forms and routes): queued
// page-wide and run one step per task, so that no task the SDK runs is long and the first event is not kept
// waiting. A call that needs the work done runs the rest at once.
import { pageState } from './page-state';
import { safely } from './warn';

/** Runs the next step, then schedules the one after. */
function next(): void {
  const state = pageState();
  state.scheduled = false;
  const step = state.steps?.shift();
  if (step) safely('start', step);
  schedule();
}

function schedule(): void {
  const state = pageState();
  if (state.scheduled || !state.steps?.length) return;
  state.scheduled = true;
  setTimeout(next);
}

/** Queues a step, to run in a task of its own. */
export function later(step: () => void): void {
  (pageState().steps ??= []).push(step);
  schedule();
}

/** Runs every queued step now. */
export function runSteps(): void {
  const { steps } = pageState();
  while (steps?.length) safely('start', steps.shift()!);
}
