/** Prompts: secret answers are not echoed on a terminal, backspace edits, piped input still works. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { Prompter, applyBackspaces } from '../../src/cli/prompt.js';

function sink(): { text: string; write(t: string): void } {
  return {
    text: '',
    write(t: string) {
      this.text += t;
    },
  };
}

test('askSecret on a terminal: raw mode while typing, nothing echoed, backspace applied', async () => {
  const stdin = Object.assign(new PassThrough(), { isTTY: true, modes: [] as boolean[], setRawMode(on: boolean) { this.modes.push(on); } });
  const stderr = sink();
  const prompter = new Prompter({ stdout: sink(), stderr, stdin });
  const answer = prompter.askSecret('2FA password: ');
  stdin.write('hunx\u007fter2\r');
  assert.equal(await answer, 'hunter2');
  assert.deepEqual(stdin.modes, [true, false]);
  assert.equal(stderr.text, '2FA password: \n');
  prompter.close();
});

test('askSecret with piped input reads a plain line', async () => {
  const stdin = new PassThrough();
  const prompter = new Prompter({ stdout: sink(), stderr: sink(), stdin });
  const answer = prompter.askSecret('2FA password: ');
  stdin.end('secret\n');
  assert.equal(await answer, 'secret');
  prompter.close();
});

test('applyBackspaces keeps surrogate pairs whole', () => {
  assert.equal(applyBackspaces('ab\b'), 'a');
  assert.equal(applyBackspaces('x😀\u007f'), 'x');
  assert.equal(applyBackspaces('\u007fok'), 'ok');
});
