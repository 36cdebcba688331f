/**
 * One thread of the budget model's CAVI (budget-threads.ts): holds the shared arrays and runs the
 * passes it is asked for on its ranges.
 */
import { parentPort } from 'node:worker_threads';
import { runBudgetCall } from '../../models/budget/fit';
import { BudgetPasses } from '../../models/budget/passes';
import type { BudgetPassReply, BudgetPassRequest } from './budget-threads';
import { errorReply } from '../workers/fit-call';

let passes: BudgetPasses | null = null;

parentPort!.on('message', (message: BudgetPassRequest) => {
  let reply: BudgetPassReply;
  try {
    if (message.type === 'begin') {
      passes = new BudgetPasses(message.arrays);
      reply = { type: 'done', value: 0 };
    } else {
      if (!passes) throw new Error('budget-pass-worker: a pass before begin');
      reply = { type: 'done', value: runBudgetCall(passes, message.call) };
    }
  } catch (e) {
    reply = errorReply(e);
  }
  parentPort!.postMessage(reply);
});
